import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { LongText } from '../../graphql/input-guard.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, NotFoundError } from '../../common/errors.js';
import { AgendaItemKindEnum } from '../../body/agenda/agenda.type.js';
import { AgendaItem, type AgendaItemKind } from '../../body/agenda/agenda-item.entity.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { Person } from '../../platform/people/person.entity.js';
import { Circuit, Projet, ProjetAction, ProjetDocument, type CircuitStep, type ProjetStatus } from './circuit.entity.js';
import {
  attachProjetDocument,
  canSeeProjet,
  circuitSettings,
  createProjet,
  currentStepOf,
  waitsFor,
  decideOnProjet,
  findProjet,
  maxProjetDocumentBytes,
  placeProjetOnAgenda,
  projetsToVisa,
  removeProjetDocument,
  saveCircuit,
  submitProjet,
  updateCircuitSettings,
  updateProjet,
} from './circuit.service.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import {
  CircuitDecisionInput,
  CircuitInput,
  CircuitSettingsType,
  CircuitStepType,
  CircuitType,
  ProjetActionType,
  ProjetDocumentType,
  ProjetInput,
  ProjetStatusEnum,
  ProjetType,
} from './circuit.type.js';

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new BadUserInputError('Contenu du fichier invalide (base64 attendu).', { field: 'contentBase64' });
  return Buffer.from(text, 'base64');
}

async function namesOf(platformEm: EntityManager, steps: readonly CircuitStep[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(steps.flatMap((step) => [step.validatorPersonId, step.delegatePersonId]).filter((id): id is string => Boolean(id))),
  ];
  const people = ids.length === 0 ? [] : await platformEm.find(Person, { id: { $in: ids } });
  return new Map(people.map((person) => [person.id, person.displayName]));
}

/**
 * A projet the caller may read: the secretariat sees every projet, a validator only those waiting for
 * them and those they acted on (NOT_FOUND otherwise, as for another body's).
 */
async function readableProjet(ctx: PersonContext, id: string): Promise<Projet> {
  const projet = await findProjet(ctx.em, id);
  if (!(await canSeeProjet(ctx, projet))) throw new NotFoundError('Projet introuvable.');
  return projet;
}

@Resolver(() => ProjetType)
export class CircuitResolver {
  @Query(() => CircuitSettingsType, { description: 'Which agenda item kinds the body subjects to a validation circuit.' })
  @Access('authenticated')
  async circuitSettings(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @InBody('prepare') { em }: PersonContext,
  ): Promise<CircuitSettingsType> {
    return Object.assign(new CircuitSettingsType(), { itemKinds: (await circuitSettings(em)).itemKinds });
  }

  @Mutation(() => CircuitSettingsType, {
    description: 'Body admin: the agenda item kinds that must come from a projet whose circuit has ended before the meeting is convened.',
  })
  @Access('authenticated')
  async updateCircuitSettings(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('itemKinds', () => [AgendaItemKindEnum]) itemKinds: AgendaItemKind[],
    @InBody('administer') ctx: PersonContext,
  ): Promise<CircuitSettingsType> {
    return Object.assign(new CircuitSettingsType(), { itemKinds: (await updateCircuitSettings(ctx, itemKinds)).itemKinds });
  }

  @Query(() => [CircuitType], { description: 'The body’s validation circuits.' })
  @Access('authenticated')
  async circuits(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @InBody('prepare') { em, platformEm }: PersonContext,
  ): Promise<CircuitType[]> {
    const circuits = await em.find(Circuit, {}, { orderBy: { name: 'asc' } });
    const names = await namesOf(
      platformEm,
      circuits.flatMap((circuit) => circuit.steps),
    );
    return circuits.map((circuit) => CircuitType.from(circuit, names));
  }

  @Mutation(() => CircuitType, {
    description: 'Body admin: creates a circuit (without id) or replaces its name and steps; projets already submitted keep their steps.',
  })
  @Access('authenticated')
  async saveCircuit(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar, { nullable: true }) id: string | null,
    @Arg('input', () => CircuitInput) input: CircuitInput,
    @InBody('administer') ctx: PersonContext,
  ): Promise<CircuitType> {
    const circuit = await saveCircuit(ctx, id ?? null, input);
    return CircuitType.from(circuit, await namesOf(ctx.platformEm, circuit.steps));
  }

  @Query(() => [ProjetType], {
    description: '« Projets » (secretariat): every projet, in one state with status, most recently changed first.',
  })
  @Access('authenticated')
  async projets(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('status', () => ProjetStatusEnum, { nullable: true }) status: ProjetStatus | null,
    @InBody('prepare') { body, em }: PersonContext,
  ): Promise<ProjetType[]> {
    return (await em.find(Projet, status ? { status } : {}, { orderBy: { updatedAt: 'desc' }, limit: 500 })).map((projet) =>
      ProjetType.from(projet, body.id),
    );
  }

  @Query(() => [ProjetType], { description: '« À viser »: the projets waiting for the caller’s decision, then those they acted on.' })
  @Access('authenticated')
  async projetsToVisa(@Arg('bodyId', () => UuidScalar) bodyId: string, @InBody('read') ctx: PersonContext): Promise<ProjetType[]> {
    return (await projetsToVisa(ctx)).map((projet) => ProjetType.from(projet, ctx.bodyId));
  }

  @Query(() => ProjetType, { description: 'One projet: the secretariat reads any, a validator those waiting for them or they acted on.' })
  @Access('authenticated')
  async projet(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('read') ctx: PersonContext,
  ): Promise<ProjetType> {
    return ProjetType.from(await readableProjet(ctx, id), ctx.bodyId);
  }

  @FieldResolver(() => [CircuitStepType], { description: 'The circuit’s steps as submitted (empty for a draft).' })
  @Access('authenticated')
  async steps(@Root() root: ProjetType, @InBody('read', { root: 'bodyId' }) { platformEm }: PersonContext): Promise<CircuitStepType[]> {
    const steps = root.stepsSnapshot ?? [];
    const names = await namesOf(platformEm, steps);
    return steps.map((step) => CircuitStepType.from(step, names));
  }

  @FieldResolver(() => Boolean, {
    description: 'The current step is the caller’s: as validator (approve or send back) or as its delegate (skip).',
  })
  @Access('authenticated')
  waitingForMe(@Root() root: ProjetType, @InBody('read', { root: 'bodyId' }) { actor }: PersonContext): boolean {
    return waitsFor({ ...root, steps: root.stepsSnapshot }, { personId: actor.personId, roles: actor.roles });
  }

  @FieldResolver(() => Boolean, { description: 'The caller is the delegate of the current step (may skip it).' })
  @Access('authenticated')
  delegateOfCurrentStep(@Root() root: ProjetType, @InBody('read', { root: 'bodyId' }) { actor }: PersonContext): boolean {
    return currentStepOf({ ...root, steps: root.stepsSnapshot })?.delegatePersonId === actor.personId;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The meeting whose agenda holds the projet, once placed.' })
  @Access('authenticated')
  async meetingId(@Root() root: ProjetType, @InBody('read', { root: 'bodyId' }) { em }: PersonContext): Promise<string | null> {
    if (!root.agendaItemId) return null;
    return (await em.findOne(AgendaItem, { id: root.agendaItemId }))?.meeting.id ?? null;
  }

  @FieldResolver(() => [ProjetActionType], { description: 'The full history, oldest first.' })
  @Access('authenticated')
  async history(@Root() root: ProjetType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<ProjetActionType[]> {
    await readableProjet(ctx, root.id);
    return (await ctx.em.find(ProjetAction, { projetId: root.id }, { orderBy: { actedAt: 'asc', id: 'asc' } })).map((action) =>
      ProjetActionType.from(action),
    );
  }

  @FieldResolver(() => [ProjetDocumentType], { description: 'The attached PDFs.' })
  @Access('authenticated')
  async documents(@Root() root: ProjetType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<ProjetDocumentType[]> {
    await readableProjet(ctx, root.id);
    return (await ctx.em.find(ProjetDocument, { projetId: root.id }, { orderBy: { createdAt: 'asc' } })).map((document) =>
      ProjetDocumentType.from(document),
    );
  }

  @Mutation(() => ProjetType, { description: 'Secretariat: writes a new projet (a draft).' })
  @Access('authenticated')
  async createProjet(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => ProjetInput) input: ProjetInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProjetType> {
    return ProjetType.from(await createProjet(ctx, input), ctx.bodyId);
  }

  @Mutation(() => ProjetType, {
    description: 'Secretariat: changes a draft or a projet sent back (refused under validation and once approved).',
  })
  @Access('authenticated')
  async updateProjet(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('input', () => ProjetInput) input: ProjetInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProjetType> {
    return ProjetType.from(await updateProjet(ctx, id, input), ctx.bodyId);
  }

  @Mutation(() => ProjetDocumentType, {
    description:
      'Secretariat: attaches a PDF (base64; bounded by the HTTP body limit, HTTP_BODY_LIMIT_KB) to a draft or a projet sent back.',
  })
  @Access('authenticated')
  @LongText(Math.ceil(maxProjetDocumentBytes / 3) * 4)
  async attachProjetDocument(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('projetId', () => UuidScalar) projetId: string,
    @Arg('title') title: string,
    @Arg('fileName') fileName: string,
    @Arg('contentBase64') contentBase64: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProjetDocumentType> {
    return ProjetDocumentType.from(await attachProjetDocument(ctx, projetId, { title, fileName, bytes: decodeBase64(contentBase64) }));
  }

  @Mutation(() => ID, { description: 'Secretariat: removes an attached PDF from a draft or a projet sent back.' })
  @Access('authenticated')
  async removeProjetDocument(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('projetId', () => UuidScalar) projetId: string,
    @Arg('documentId', () => UuidScalar) documentId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<string> {
    return removeProjetDocument(ctx, projetId, documentId);
  }

  @Mutation(() => ProjetType, {
    description: 'Secretariat: sends a draft (or a projet sent back, as a new version) into its circuit, from the first step.',
  })
  @Access('authenticated')
  async submitProjet(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('circuitId', () => UuidScalar, { nullable: true }) circuitId: string | null,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProjetType> {
    return ProjetType.from(await submitProjet(ctx, id, circuitId), ctx.bodyId);
  }

  @Mutation(() => ProjetType, { description: 'A validator approves (visa) or sends back the current step; its delegate may skip it.' })
  @Access('authenticated')
  async decideOnProjet(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('input', () => CircuitDecisionInput) input: CircuitDecisionInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<ProjetType> {
    await readableProjet(ctx, id);
    return ProjetType.from(await decideOnProjet(ctx, id, input), ctx.bodyId);
  }

  @Mutation(() => ProjetType, {
    description: 'Secretariat: puts an approved projet on a draft meeting’s agenda; its rapport and files become the item’s documents.',
  })
  @Access('authenticated')
  async placeProjetOnAgenda(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProjetType> {
    return ProjetType.from(await placeProjetOnAgenda(ctx, id, meetingId), ctx.bodyId);
  }
}

@Resolver(() => ProjetDocumentType)
export class ProjetDocumentResolver {
  @FieldResolver(() => String, { description: 'A link valid 5 minutes.' })
  @Access('authenticated')
  async downloadUrl(@Root() root: ProjetDocumentType, @Ctx() { documents }: GraphqlContext): Promise<string> {
    return documents.storage.createDownloadUrl(root.storageKey, {
      expiresInSeconds: 300,
      fileName: root.fileName,
      contentType: 'application/pdf',
    });
  }
}

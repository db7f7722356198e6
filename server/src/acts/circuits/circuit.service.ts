import { createHash, randomBytes } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { appendToLedger } from '../../evidence/ledger.js';
import { agendaItemKinds, type AgendaItemKind } from '../../body/agenda/agenda-item.entity.js';
import { addAgendaItem } from '../../body/agenda/agenda.service.js';
import type { BodyContext, PersonContext } from '../../tenancy/body-context.js';
import { Membership, membershipRoles, type MembershipRole } from '../../platform/people/membership.entity.js';
import { Person } from '../../platform/people/person.entity.js';
import {
  Circuit,
  CircuitSettings,
  Projet,
  ProjetAction,
  ProjetDocument,
  type CircuitStep,
  type ProjetActionKind,
} from './circuit.entity.js';
import { ProcesVerbal } from '../proces-verbal.entity.js';
import { storeProjetDocuments } from './projet-documents.js';

const conflict = (message: string, reason: string) => new CartableError(ErrorCode.Conflict, message, { reason });
const precondition = (message: string, reason: string) => new CartableError(ErrorCode.PreconditionFailed, message, { reason });
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Who acts: the caller's person, name and roles in the body. */
export interface CircuitActor {
  personId: string;
  name: string;
  roles: readonly MembershipRole[];
}

export async function circuitActor({ platformEm, actor }: Pick<PersonContext, 'platformEm' | 'actor'>): Promise<CircuitActor> {
  const person = await platformEm.findOneOrFail(Person, { id: actor.personId });
  return { personId: person.id, name: person.displayName, roles: actor.roles };
}

// ---------------------------------------------------------------- settings and circuits

export async function circuitSettings(em: EntityManager): Promise<CircuitSettings> {
  return em.findOneOrFail(CircuitSettings, { id: true });
}

/** The agenda item kinds that must come from a projet whose circuit has ended before they are convened. */
export async function updateCircuitSettings({ em }: BodyContext, itemKinds: readonly string[]): Promise<CircuitSettings> {
  const unknown = itemKinds.filter((kind) => !(agendaItemKinds as readonly string[]).includes(kind));
  if (unknown.length > 0) throw new BadUserInputError('Nature de point inconnue.', { field: 'itemKinds' });
  return em.transactional(async (tx) => {
    const settings = await circuitSettings(tx);
    settings.itemKinds = [...new Set(itemKinds)] as AgendaItemKind[];
    return settings;
  });
}

export interface CircuitStepInput {
  label: string;
  validatorPersonId?: string | null;
  validatorRole?: MembershipRole | null;
  delegatePersonId?: string | null;
}

/** Checks a circuit's steps: 1 to 10, each with a label and exactly one validator (a member of the body, or a role), and a delegate who is a member and not the validator. */
async function checkedSteps(platformEm: EntityManager, bodyId: string, steps: readonly CircuitStepInput[]): Promise<CircuitStep[]> {
  if (steps.length < 1 || steps.length > 10) throw new BadUserInputError('Un circuit compte de 1 à 10 étapes.', { field: 'steps' });
  const personIds = steps.flatMap((step) => [step.validatorPersonId, step.delegatePersonId]).filter((id): id is string => Boolean(id));
  const members = new Set(
    (await platformEm.find(Membership, { body: bodyId, person: { $in: [...new Set(personIds)] } }, { fields: ['person'] })).map(
      (membership) => membership.person.id,
    ),
  );
  return steps.map((step, index) => {
    const where = `Étape ${index + 1}`;
    const label = step.label.trim();
    if (!label || label.length > 200)
      throw new BadUserInputError(`${where} : le libellé compte de 1 à 200 caractères.`, { field: 'steps', step: index });
    const person = step.validatorPersonId || null;
    const role = step.validatorRole || null;
    if ((person === null) === (role === null))
      throw new BadUserInputError(`${where} : choisissez soit une personne, soit un rôle pour viser.`, { field: 'steps', step: index });
    if (role !== null && !(membershipRoles as readonly string[]).includes(role))
      throw new BadUserInputError(`${where} : rôle inconnu.`, { field: 'steps', step: index });
    const delegate = step.delegatePersonId || null;
    for (const id of [person, delegate]) {
      if (id !== null && !members.has(id)) throw new NotFoundError(`${where} : cette personne n’est pas membre de l’organisme.`);
    }
    if (delegate !== null && delegate === person)
      throw new BadUserInputError(`${where} : le suppléant ne peut pas être le valideur lui-même.`, { field: 'steps', step: index });
    return { label, validatorPersonId: person, validatorRole: role, delegatePersonId: delegate };
  });
}

/** Creates a circuit, or replaces the name and steps of one (projets already submitted keep the steps they were submitted with). */
export async function saveCircuit(
  { em, platformEm, bodyId }: BodyContext,
  id: string | null,
  input: { name: string; steps: readonly CircuitStepInput[] },
): Promise<Circuit> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new BadUserInputError('Le nom du circuit compte de 1 à 200 caractères.', { field: 'name' });
  const steps = await checkedSteps(platformEm, bodyId, input.steps);
  return em.transactional(async (tx) => {
    const circuit = id === null ? tx.create(Circuit, { id: uuidv7(), name, steps }) : await findCircuit(tx, id);
    if ((await tx.count(Circuit, { name, id: { $ne: circuit.id } })) > 0)
      throw conflict('Un autre circuit porte déjà ce nom.', 'CIRCUIT_NAME_TAKEN');
    Object.assign(circuit, { name, steps });
    await tx.flush();
    return circuit;
  });
}

async function findCircuit(em: EntityManager, id: string): Promise<Circuit> {
  const circuit = await em.findOne(Circuit, { id });
  if (!circuit) throw new NotFoundError('Circuit introuvable.');
  return circuit;
}

// ---------------------------------------------------------------- projets

export interface ProjetFields {
  title?: string | null;
  kind?: AgendaItemKind | null;
  rapporteur?: string | null;
  rapport?: string | null;
  projetText?: string | null;
  circuitId?: string | null;
}

function checkedProjetFields(fields: ProjetFields): ProjetFields {
  const text = (value: string | null | undefined, label: string, max: number) => {
    if (value === undefined || value === null) return value;
    const trimmed = value.trim();
    if (trimmed.length > max) throw new BadUserInputError(`${label} dépasse ${max} caractères.`, { field: label });
    return trimmed;
  };
  const title = text(fields.title, 'L’objet', 500);
  if (title === '') throw new BadUserInputError('L’objet du projet est obligatoire.', { field: 'title' });
  if (fields.kind && !(agendaItemKinds as readonly string[]).includes(fields.kind))
    throw new BadUserInputError('Nature de point inconnue.', { field: 'kind' });
  return {
    ...fields,
    title,
    rapporteur: fields.rapporteur === undefined ? undefined : text(fields.rapporteur, 'Le rapporteur', 200) || null,
    rapport: text(fields.rapport, 'Le rapport', 50_000),
    projetText: text(fields.projetText, 'Le projet de délibération', 50_000),
  };
}

export async function findProjet(em: EntityManager, id: string, lock = false): Promise<Projet> {
  const projet = await em.findOne(Projet, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!projet) throw new NotFoundError('Projet introuvable.');
  return projet;
}

/** A new projet (a draft), written by the caller. */
export async function createProjet({ em, actor }: PersonContext, fields: ProjetFields): Promise<Projet> {
  const checked = checkedProjetFields(fields);
  if (!checked.title) throw new BadUserInputError('L’objet du projet est obligatoire.', { field: 'title' });
  if (checked.circuitId) await findCircuit(em, checked.circuitId);
  const projet = em.create(Projet, {
    id: uuidv7(),
    title: checked.title,
    kind: checked.kind ?? 'DELIBERATION',
    rapporteur: checked.rapporteur ?? null,
    rapport: checked.rapport ?? '',
    projetText: checked.projetText ?? '',
    authorId: actor.personId,
    circuitId: checked.circuitId ?? null,
    steps: null,
    status: 'DRAFT',
    currentStep: null,
    version: 1,
    agendaItemId: null,
  });
  await em.flush();
  return projet;
}

/** A projet changes only as a draft or once sent back: under validation or approved it is refused. */
function assertEditable(projet: Projet): void {
  if (projet.status === 'IN_VALIDATION') {
    throw conflict(
      'Ce projet est en cours de validation : il ne se modifie plus. Attendez qu’il vous soit renvoyé, ou que son circuit se termine.',
      'PROJET_IN_VALIDATION',
    );
  }
  if (projet.status === 'APPROVED') throw conflict('Ce projet a été visé par tout son circuit : il ne se modifie plus.', 'PROJET_APPROVED');
}

export async function updateProjet({ em }: BodyContext, id: string, fields: ProjetFields): Promise<Projet> {
  const checked = checkedProjetFields(fields);
  return em.transactional(async (tx) => {
    const projet = await findProjet(tx, id, true);
    assertEditable(projet);
    if (checked.circuitId) await findCircuit(tx, checked.circuitId);
    for (const key of ['title', 'kind', 'rapport', 'projetText', 'circuitId'] as const) {
      const value = checked[key];
      if (value !== undefined && value !== null) Object.assign(projet, { [key]: value });
    }
    if (checked.rapporteur !== undefined) projet.rapporteur = checked.rapporteur;
    await tx.flush();
    return projet;
  });
}

/** The HTTP body limit (HTTP_BODY_LIMIT_KB, at most 10 MiB) bounds an attachment further: it travels in base64. */
export const maxProjetDocumentBytes = 7 * 1_048_576;

/** Attaches a PDF to a projet (draft or sent back), in the document storage under the body's prefix. */
export async function attachProjetDocument(
  ctx: PersonContext,
  id: string,
  input: { title: string; fileName: string; bytes: Buffer },
): Promise<ProjetDocument> {
  const { em, body, actor } = ctx;
  const { storage } = ctx.services.documents;
  const title = input.title.trim();
  if (!title || title.length > 300) throw new BadUserInputError('Le titre doit compter de 1 à 300 caractères.', { field: 'title' });
  const fileName = input.fileName.trim().replace(/[\\/\u0000-\u001f]/g, '_');
  if (!fileName || fileName.length > 255) throw new BadUserInputError('Nom de fichier invalide.', { field: 'fileName' });
  if (input.bytes.length === 0) throw new BadUserInputError('Le fichier est vide.', { field: 'contentBase64' });
  if (input.bytes.length > maxProjetDocumentBytes) throw new BadUserInputError('Le fichier dépasse 7 Mo.', { field: 'contentBase64' });
  if (input.bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new BadUserInputError('Seuls les documents PDF sont acceptés.', { field: 'contentBase64' });
  const storageKey = `${body.id}/projets/${uuidv7()}/${randomBytes(16).toString('hex')}.pdf`;
  const projet = await findProjet(em, id);
  assertEditable(projet);
  await storage.write(storageKey, input.bytes, 'application/pdf');
  try {
    return await em.transactional(async (tx) => {
      assertEditable(await findProjet(tx, id, true));
      const document = tx.create(ProjetDocument, {
        id: uuidv7(),
        projetId: projet.id,
        title,
        fileName,
        storageKey,
        sizeBytes: input.bytes.length,
        sha256: sha256(input.bytes),
        uploadedBy: actor.personId,
      });
      await tx.flush();
      return document;
    });
  } catch (error) {
    // Submitted meanwhile (or any failure): the stored file goes, nothing refers to it.
    await storage.delete(storageKey);
    throw error;
  }
}

export async function removeProjetDocument(ctx: BodyContext, projetId: string, documentId: string): Promise<string> {
  const removed = await ctx.em.transactional(async (tx) => {
    assertEditable(await findProjet(tx, projetId, true));
    const document = await tx.findOne(ProjetDocument, { id: documentId, projetId });
    if (!document) throw new NotFoundError('Document introuvable.');
    await tx.nativeDelete(ProjetDocument, { id: document.id });
    return document;
  });
  await ctx.services.documents.storage.delete(removed.storageKey);
  return removed.id;
}

/** What a visa covers: the text of the projet and the hash of each attached file, in order. */
async function contentSha256(em: EntityManager, projet: Projet): Promise<string> {
  const documents = await em.find(ProjetDocument, { projetId: projet.id }, { orderBy: { createdAt: 'asc' } });
  return sha256(
    JSON.stringify([
      projet.title,
      projet.kind,
      projet.rapporteur ?? '',
      projet.rapport,
      projet.projetText,
      documents.map((document) => document.sha256),
    ]),
  );
}

async function record(
  tx: EntityManager,
  bodyId: string,
  projet: Projet,
  actor: CircuitActor,
  action: ProjetActionKind,
  details: { step?: number | null; asDelegate?: boolean; comment?: string | null; agendaItemId?: string; meetingId?: string } = {},
): Promise<void> {
  const step = details.step ?? null;
  const entry = {
    projetId: projet.id,
    version: projet.version,
    step,
    stepLabel: step === null ? null : projet.steps![step]!.label,
    actorId: actor.personId,
    actorName: actor.name,
    asDelegate: details.asDelegate ?? false,
    comment: details.comment ?? null,
  };
  tx.create(ProjetAction, { id: uuidv7(), action, actedAt: new Date(), ...entry });
  await tx.flush();
  await appendToLedger(tx, bodyId, [
    {
      kind: `PROJET_${action}`,
      subjectId: projet.id,
      payload: {
        ...entry,
        title: projet.title,
        contentSha256: await contentSha256(tx, projet),
        ...(details.agendaItemId ? { agendaItemId: details.agendaItemId, meetingId: details.meetingId } : {}),
      },
    },
  ]);
}

/**
 * Sends a projet (a draft, or one sent back and revised) into its circuit. The circuit's steps are copied
 * into the projet; a projet sent back comes in as a new version and its circuit restarts from the first
 * step, so every visa covers the text as it is finally approved.
 */
export async function submitProjet(ctx: PersonContext, id: string, circuitId?: string | null): Promise<Projet> {
  const actor = await circuitActor(ctx);
  return ctx.em.transactional(async (tx) => {
    const projet = await findProjet(tx, id, true);
    if (projet.status !== 'DRAFT' && projet.status !== 'SENT_BACK') {
      throw conflict(
        projet.status === 'IN_VALIDATION'
          ? 'Ce projet est déjà en cours de validation.'
          : 'Ce projet a déjà été visé par tout son circuit.',
        projet.status === 'IN_VALIDATION' ? 'PROJET_IN_VALIDATION' : 'PROJET_APPROVED',
      );
    }
    const chosen = circuitId ?? projet.circuitId;
    if (!chosen) throw new BadUserInputError('Choisissez le circuit de validation du projet.', { field: 'circuitId' });
    const circuit = await findCircuit(tx, chosen);
    if (projet.kind === 'DELIBERATION' && (!projet.projetText || !projet.rapport)) {
      throw new BadUserInputError('Rédigez le rapport et le projet de délibération avant de les soumettre au circuit.', {
        field: 'projetText',
      });
    }
    if (projet.status === 'SENT_BACK') projet.version += 1;
    Object.assign(projet, { circuitId: circuit.id, steps: circuit.steps, status: 'IN_VALIDATION', currentStep: 0 });
    await record(tx, ctx.bodyId, projet, actor, 'SUBMITTED');
    return projet;
  });
}

/** Whether `actor` is the validator of `step` (by name or by role). */
export const isValidatorOf = (step: CircuitStep, actor: Pick<CircuitActor, 'personId' | 'roles'>) =>
  step.validatorPersonId === actor.personId || (step.validatorRole !== null && actor.roles.includes(step.validatorRole));

export type CircuitDecision = 'APPROVE' | 'SEND_BACK' | 'SKIP';

/**
 * A validator approves (visa, optional comment) or sends back (comment required) the current step; the
 * step's delegate may skip it, recorded as such. The caller names the version and step it read: a
 * projet that moved since answers CONFLICT, and nothing is written on a refusal.
 */
export async function decideOnProjet(
  ctx: PersonContext,
  id: string,
  input: { decision: CircuitDecision; version: number; step: number; comment?: string | null },
): Promise<Projet> {
  const comment = input.comment?.trim() || null;
  if (comment !== null && comment.length > 5_000)
    throw new BadUserInputError('Le commentaire dépasse 5 000 caractères.', { field: 'comment' });
  if (input.decision === 'SEND_BACK' && comment === null)
    throw new BadUserInputError('Dites à l’auteur ce qu’il doit reprendre : le commentaire est obligatoire pour un renvoi.', {
      field: 'comment',
    });
  const actor = await circuitActor(ctx);
  return ctx.em.transactional(async (tx) => {
    const projet = await findProjet(tx, id, true);
    const step = projet.steps?.[input.step];
    const own = step !== undefined && (input.decision === 'SKIP' ? step.delegatePersonId === actor.personId : isValidatorOf(step, actor));
    if (!own) {
      throw new CartableError(
        ErrorCode.Forbidden,
        input.decision === 'SKIP'
          ? 'Seul le suppléant désigné de cette étape peut la passer.'
          : 'Cette étape du circuit ne vous revient pas.',
        { reason: 'NOT_YOUR_STEP' },
      );
    }
    const acted = await tx.count(ProjetAction, {
      projetId: projet.id,
      version: input.version,
      step: input.step,
      action: { $in: ['APPROVED', 'SENT_BACK', 'SKIPPED'] },
    });
    if (acted > 0) throw conflict('Cette étape a déjà été traitée pour cette version du projet.', 'ALREADY_ACTED');
    if (projet.status !== 'IN_VALIDATION' || projet.version !== input.version || projet.currentStep !== input.step) {
      throw conflict('Le projet a changé depuis votre lecture : rechargez-le.', 'PROJET_CHANGED');
    }
    const last = input.step === projet.steps!.length - 1;
    if (input.decision === 'SEND_BACK') {
      Object.assign(projet, { status: 'SENT_BACK', currentStep: null });
      await record(tx, ctx.bodyId, projet, actor, 'SENT_BACK', { step: input.step, comment });
    } else {
      Object.assign(projet, last ? { status: 'APPROVED', currentStep: null } : { currentStep: input.step + 1 });
      await record(tx, ctx.bodyId, projet, actor, input.decision === 'SKIP' ? 'SKIPPED' : 'APPROVED', {
        step: input.step,
        comment,
        asDelegate: input.decision === 'SKIP',
      });
    }
    return projet;
  });
}

/**
 * Puts an approved projet on a draft meeting's agenda (last position): a new item of its kind, title and
 * rapporteur, with the rapport and the attached files as its documents. One transaction holds the item,
 * its documents' rows and the projet's link: a failure or a crash while copying the documents leaves
 * neither an item without its documents nor a projet marked placed (at most stored objects no row refers
 * to), and the placement can be done again.
 */
export async function placeProjetOnAgenda(ctx: PersonContext, id: string, meetingId: string): Promise<Projet> {
  const actor = await circuitActor(ctx);
  return ctx.em.transactional(async (tx) => {
    const projet = await findProjet(tx, id, true);
    if (projet.status !== 'APPROVED')
      throw precondition('Seul un projet visé par tout son circuit peut être inscrit à l’ordre du jour.', 'CIRCUIT_NOT_ENDED');
    if (projet.agendaItemId) throw conflict('Ce projet est déjà inscrit à l’ordre du jour d’une séance.', 'ALREADY_ON_AGENDA');
    const item = await addAgendaItem({ em: tx }, meetingId, {
      title: projet.title,
      kind: projet.kind,
      rapporteur: projet.rapporteur ?? null,
    });
    await storeProjetDocuments(ctx.withEm(tx), projet, item.meeting.id, item.id);
    projet.agendaItemId = item.id;
    await record(tx, ctx.bodyId, projet, actor, 'PLACED_ON_AGENDA', { agendaItemId: item.id, meetingId: item.meeting.id });
    return projet;
  });
}

// ---------------------------------------------------------------- reading

/** A validator sees the projets waiting for them (as validator or delegate) and those they acted on; the secretariat sees all. */
export async function canSeeProjet({ em, actor }: PersonContext, projet: Projet): Promise<boolean> {
  if (actor.can('prepare')) return true;
  if (waitsFor(projet, actor)) return true;
  return (await em.count(ProjetAction, { projetId: projet.id, actorId: actor.personId })) > 0;
}

/** Whether the projet's current step is the caller's, as validator or delegate. */
export function waitsFor(projet: ProjetPosition, actor: Pick<CircuitActor, 'personId' | 'roles'>): boolean {
  const step = currentStepOf(projet);
  return step !== undefined && (isValidatorOf(step, actor) || step.delegatePersonId === actor.personId);
}

type ProjetPosition = { status: Projet['status']; currentStep?: number | null; steps?: readonly CircuitStep[] | null };

/** The step waiting for a decision, if the projet is under validation. */
export function currentStepOf(projet: ProjetPosition): CircuitStep | undefined {
  return projet.status === 'IN_VALIDATION' && projet.currentStep != null ? projet.steps?.[projet.currentStep] : undefined;
}

/** « À viser »: what waits for the caller, then what they acted on (newest first). */
export async function projetsToVisa({ em, actor }: PersonContext): Promise<Projet[]> {
  const inValidation = (await em.find(Projet, { status: 'IN_VALIDATION' }, { orderBy: { updatedAt: 'asc' } })).filter((projet) =>
    waitsFor(projet, actor),
  );
  const actedIds = [
    ...new Set((await em.find(ProjetAction, { actorId: actor.personId }, { fields: ['projetId'] })).map((action) => action.projetId)),
  ];
  const acted =
    actedIds.length === 0 ? [] : await em.find(Projet, { id: { $in: actedIds } }, { orderBy: { updatedAt: 'desc' }, limit: 200 });
  const waiting = new Set(inValidation.map((projet) => projet.id));
  return [...inValidation, ...acted.filter((projet) => !waiting.has(projet.id))];
}

// ---------------------------------------------------------------- convening

/** The items (numbered) of a kind the body subjects to a circuit that do not come from an approved projet: a convocation is refused while there are any. */
export async function itemsAwaitingCircuit(
  em: EntityManager,
  items: readonly { id: string; kind: string; number: string }[],
): Promise<string[]> {
  const { itemKinds } = await circuitSettings(em);
  const kindSubject = items.filter((item) => (itemKinds as string[]).includes(item.kind));
  if (kindSubject.length === 0) return [];
  // The approval of a procès-verbal is put on the agenda by the PV itself: it has no projet to visa.
  const approvals = new Set(
    (
      await em.find(ProcesVerbal, { arreteAgendaItemId: { $in: kindSubject.map((item) => item.id) } }, { fields: ['arreteAgendaItemId'] })
    ).map((pv) => pv.arreteAgendaItemId),
  );
  const subject = kindSubject.filter((item) => !approvals.has(item.id));
  if (subject.length === 0) return [];
  const projets = await em.find(Projet, { agendaItemId: { $in: subject.map((item) => item.id) }, status: 'APPROVED' });
  const approved = new Set(projets.map((projet) => projet.agendaItemId));
  return subject.filter((item) => !approved.has(item.id)).map((item) => item.number);
}

export function circuitNotEndedMessage(numbers: readonly string[]): string {
  return `${numbers.length > 1 ? `Les points ${numbers.join(', ')} sont soumis` : `Le point ${numbers[0]} est soumis`} à un circuit de validation qui n’est pas terminé : inscrivez à l’ordre du jour le projet visé depuis l’espace « Projets ».`;
}

import { findMeeting } from '../body/meetings/meeting.service.js';
import { Arg, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../graphql/scalars.js';
import { Access } from '../graphql/access.js';
import { InBody } from '../graphql/in-body.js';
import type { PersonContext } from '../tenancy/body-context.js';
import { signerOf } from './signing/sign-document.js';
import { actesFacts, actLinkPurpose, actsPath } from './act-download.router.js';
import { actesFileStem } from './actes-archive.js';
import { NotFoundError } from '../common/errors.js';
import { Deliberation } from './deliberation.entity.js';
import {
  createDeliberation,
  finaliseDeliberation,
  findDeliberation,
  publishDeliberation,
  recordDeliberationVote,
  reviseDeliberation,
  signatoriesOf,
  signaturesOf,
  signDeliberation,
  updateActSettings,
  recordActesAcknowledgment,
  updateDeliberation,
  actSettings,
} from './deliberation.service.js';
import {
  ActesAcknowledgmentInput,
  ActSettingsInput,
  ActSettingsType,
  ActAuthorInput,
  DeliberationInput,
  DeliberationSignatureType,
  DeliberationType,
  DeliberationVoteInput,
  SignatoryType,
} from './deliberation.type.js';

@Resolver(() => DeliberationType)
export class DeliberationResolver {
  @Query(() => [DeliberationType], { description: 'The délibérations of a body, newest first (those of one meeting with meetingId).' })
  @Access('authenticated')
  async deliberations(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar, { nullable: true }) meetingId: string | null,
    @InBody('read') { body, em }: PersonContext,
  ): Promise<DeliberationType[]> {
    if (meetingId) await findMeeting(em, meetingId);
    const acts = await em.find(Deliberation, meetingId ? { meetingId } : {}, { orderBy: { createdAt: 'desc' }, limit: 500 });
    return acts.map((act) => DeliberationType.from(act, body.id));
  }

  @Query(() => [DeliberationType], {
    description: '« À signer »: the finalised acts the caller must still sign, as président or secrétaire de séance.',
  })
  @Access('authenticated')
  async deliberationsToSign(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @InBody('read') { body, em, actor }: PersonContext,
  ): Promise<DeliberationType[]> {
    const acts = await em.find(
      Deliberation,
      { status: 'FINALISED', $or: [{ presidentId: actor.personId }, { secretaryIds: { $contains: [actor.personId] } }] },
      { orderBy: { finalisedAt: 'asc' } },
    );
    const pending = [];
    for (const act of acts) {
      if (!(await signaturesOf(em, act)).some((signature) => signature.personId === actor.personId))
        pending.push(DeliberationType.from(act, body.id));
    }
    return pending;
  }

  @FieldResolver(() => [DeliberationSignatureType], { description: 'Signatures of the current version.' })
  @Access('authenticated')
  async signatures(
    @Root() root: DeliberationType,
    @InBody('read', { root: 'bodyId' }) { em }: PersonContext,
  ): Promise<DeliberationSignatureType[]> {
    return (await signaturesOf(em, await findDeliberation(em, root.id))).map((signature) => DeliberationSignatureType.from(signature));
  }

  @FieldResolver(() => [SignatoryType], { description: 'Who signs the current version, and whether they have.' })
  @Access('authenticated')
  async signatories(@Root() root: DeliberationType, @InBody('read', { root: 'bodyId' }) { em }: PersonContext): Promise<SignatoryType[]> {
    const act = await findDeliberation(em, root.id);
    const signed = new Set((await signaturesOf(em, act)).map((signature) => signature.personId));
    return signatoriesOf(act).map((signatory) =>
      Object.assign(new SignatoryType(), { ...signatory, signed: signed.has(signatory.personId) }),
    );
  }

  @FieldResolver(() => String, { nullable: true, description: 'A 10-minute link to the current PDF (null for a draft).' })
  @Access('authenticated')
  async pdfUrl(
    @Root() root: DeliberationType,
    @InBody('read', { root: 'bodyId' }) { services: { links } }: PersonContext,
  ): Promise<string | null> {
    if (root.status === 'DRAFT' || !root.number) return null;
    return links.issue(actsPath, actLinkPurpose, { bodyId: root.bodyId, deliberationId: root.id }, 600, `deliberation-${root.number}.pdf`)
      .url;
  }

  @Query(() => String, {
    description:
      'A 10-minute link to the files an approved @CTES operator takes for a signed act (.tar.gz: ACTES metadata XML and signed PDF).',
  })
  @Access('authenticated')
  async actesArchiveUrl(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('prepare') { body, em, platformEm, services: { links } }: PersonContext,
  ): Promise<string> {
    const act = await findDeliberation(em, id);
    const stem = actesFileStem(act, await actesFacts(em, platformEm, body, act));
    return links.issue(actsPath, actLinkPurpose, { bodyId: body.id, deliberationId: act.id, actes: true }, 600, `${stem}.tar.gz`).url;
  }

  @Query(() => String, { description: 'A 10-minute link to the registre pages of a year (R2121-9), for the paper register.' })
  @Access('authenticated')
  async registreUrl(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('year', () => Int) year: number,
    @InBody('prepare') { body, em, services: { links } }: PersonContext,
  ): Promise<string> {
    if (!Number.isInteger(year) || (await em.count(Deliberation, { year, number: { $ne: null } })) === 0)
      throw new NotFoundError(`Aucune délibération numérotée en ${year}.`);
    return links.issue(actsPath, actLinkPurpose, { bodyId: body.id, registreYear: year }, 600, `registre-des-deliberations-${year}.pdf`)
      .url;
  }

  @Mutation(() => DeliberationType)
  @Access('authenticated')
  async createDeliberation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('agendaItemId', () => UuidScalar, { nullable: true }) agendaItemId: string | null,
    @Arg('input', () => DeliberationInput) input: DeliberationInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    return DeliberationType.from(await createDeliberation(ctx, { ...input, meetingId, agendaItemId }), ctx.bodyId);
  }

  @Mutation(() => DeliberationType)
  @Access('authenticated')
  async updateDeliberation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('input', () => DeliberationInput) input: DeliberationInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    return DeliberationType.from(await updateDeliberation(ctx, id, input), ctx.bodyId);
  }

  @Mutation(() => DeliberationType, { description: 'Copies the figures of the vote into a draft act.' })
  @Access('authenticated')
  async recordDeliberationVote(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('vote', () => DeliberationVoteInput) vote: DeliberationVoteInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    return DeliberationType.from(await recordDeliberationVote(ctx, id, vote), ctx.bodyId);
  }

  @Mutation(() => DeliberationType, { description: 'Numbers the act (first time), renders its PDF/A and freezes it for signature.' })
  @Access('authenticated')
  async finaliseDeliberation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    const { body } = ctx;
    return DeliberationType.from(await finaliseDeliberation(ctx, id), body.id);
  }

  @Mutation(() => DeliberationType, {
    description: 'A new version of a finalised, unpublished act, back to draft: its signatures restart.',
  })
  @Access('authenticated')
  async reviseDeliberation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    const { body } = ctx;
    return DeliberationType.from(await reviseDeliberation(ctx, id), body.id);
  }

  @Mutation(() => DeliberationType, {
    description: 'The caller signs the version they read (PAdES B-T), as président or secrétaire de séance.',
  })
  @Access('authenticated')
  async signDeliberation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('version', () => Int) version: number,
    @InBody('read') ctx: PersonContext,
  ): Promise<DeliberationType> {
    const { body } = ctx;
    return DeliberationType.from(await signDeliberation(ctx, await signerOf(ctx.platformEm, ctx.actor.personId), id, version), body.id);
  }

  @Mutation(() => DeliberationType, { description: 'Puts a signed act online on the body’s public page (L2131-1).' })
  @Access('authenticated')
  async publishDeliberation(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('author', () => ActAuthorInput) author: ActAuthorInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    const { body } = ctx;
    return DeliberationType.from(await publishDeliberation(ctx, id, author), body.id);
  }

  @Query(() => ActSettingsType, { description: 'The body’s numbering format, templates and mode of publicity of its acts.' })
  @Access('authenticated')
  async actSettings(@Arg('bodyId', () => UuidScalar) bodyId: string, @InBody('read') { em }: PersonContext): Promise<ActSettingsType> {
    return ActSettingsType.from(await actSettings(em));
  }

  @Mutation(() => ActSettingsType)
  @Access('authenticated')
  async updateActSettings(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => ActSettingsInput) input: ActSettingsInput,
    @InBody('administer') ctx: PersonContext,
  ): Promise<ActSettingsType> {
    return ActSettingsType.from(await updateActSettings(ctx, input));
  }

  @Mutation(() => DeliberationType, { description: 'Records the préfecture’s acknowledgment (@CTES) of a signed act.' })
  @Access('authenticated')
  async recordActesAcknowledgment(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('acknowledgment', () => ActesAcknowledgmentInput) acknowledgment: ActesAcknowledgmentInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliberationType> {
    const { body } = ctx;
    return DeliberationType.from(await recordActesAcknowledgment(ctx, id, acknowledgment), body.id);
  }
}

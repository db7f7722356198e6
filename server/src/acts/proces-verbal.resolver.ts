import { findMeeting } from '../body/meetings/meeting.service.js';
import { Arg, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../graphql/scalars.js';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Access } from '../graphql/access.js';
import { InBody } from '../graphql/in-body.js';
import type { PersonContext } from '../tenancy/body-context.js';
import { graphqlEnum } from '../graphql/enums.js';
import { signerOf } from './signing/sign-document.js';
import { actLinkPurpose, actsPath } from './act-download.router.js';
import { DeliberationSignatureType } from './deliberation.type.js';
import {
  ProcesVerbal,
  ProcesVerbalSignature,
  ProcesVerbalSummary,
  procesVerbalStatuses,
  type ProcesVerbalStatus,
} from './proces-verbal.entity.js';
import {
  arreteProcesVerbal,
  createProcesVerbal,
  scheduleProcesVerbalArrete,
  finaliseProcesVerbal,
  findProcesVerbal,
  publicationDueAt,
  publishProcesVerbal,
  setProcesVerbalSummary,
  signProcesVerbal,
} from './proces-verbal.service.js';
import { ActAuthorInput } from './deliberation.type.js';

const ProcesVerbalStatusEnum = graphqlEnum(
  procesVerbalStatuses,
  'ProcesVerbalStatus',
  'Projet, finalisé (PDF figé, inscrit à la séance suivante), arrêté, signé.',
);

@ObjectType('ProcesVerbal', { description: 'The procès-verbal of a séance (L2121-15).' })
@Access('authenticated')
export class ProcesVerbalType {
  @Field(() => ID) id!: string;
  @Field(() => ID) bodyId!: string;
  @Field(() => ID) meetingId!: string;
  @Field(() => ProcesVerbalStatusEnum) status!: ProcesVerbalStatus;
  @Field(() => ID) presidentId!: string;
  @Field(() => [ID]) secretaryIds!: string[];
  @Field() particularBallotRequests!: string;
  @Field(() => Date, { nullable: true }) finalisedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The séance whose agenda carries its arrêté.' }) arreteMeetingId!: string | null;
  @Field(() => Date, { nullable: true }) arreteAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Date de mise en ligne on the public page (L2121-15).' }) publishedAt!: Date | null;
  @Field(() => String, { nullable: true }) publishedByName!: string | null;
  @Field(() => String, { nullable: true }) publishedByQuality!: string | null;

  static from(pv: ProcesVerbal, bodyId: string): ProcesVerbalType {
    return Object.assign(new ProcesVerbalType(), {
      id: pv.id,
      bodyId,
      meetingId: pv.meetingId,
      status: pv.status,
      presidentId: pv.presidentId,
      secretaryIds: pv.secretaryIds,
      particularBallotRequests: pv.particularBallotRequests,
      finalisedAt: pv.finalisedAt ?? null,
      arreteMeetingId: pv.arreteMeetingId ?? null,
      arreteAt: pv.arreteAt ?? null,
      publishedAt: pv.publishedAt ?? null,
      publishedByName: pv.publishedByName ?? null,
      publishedByQuality: pv.publishedByQuality ?? null,
    });
  }
}

@ObjectType('ProcesVerbalItemSummary', { description: 'The summary of the discussions on one agenda item.' })
@Access('authenticated')
export class ProcesVerbalItemSummaryType {
  @Field(() => ID) agendaItemId!: string;
  @Field() summary!: string;
}

@InputType('ProcesVerbalInput')
export class ProcesVerbalInput {
  @Field(() => UuidScalar, { nullable: true }) presidentId?: string | null;
  @Field(() => [UuidScalar], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  secretaryIds?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20_000) particularBallotRequests?: string | null;
}

@Resolver(() => ProcesVerbalType)
export class ProcesVerbalResolver {
  @Query(() => ProcesVerbalType, { nullable: true, description: 'The procès-verbal of a séance, if written.' })
  @Access('authenticated')
  async procesVerbal(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('read') { body, em }: PersonContext,
  ): Promise<ProcesVerbalType | null> {
    await findMeeting(em, meetingId);
    const pv = await em.findOne(ProcesVerbal, { meetingId });
    return pv ? ProcesVerbalType.from(pv, body.id) : null;
  }

  @Query(() => [ProcesVerbalType], {
    description: '« À signer »: the arrêtés procès-verbaux the caller must still sign, as président or secrétaire de séance.',
  })
  @Access('authenticated')
  async procesVerbauxToSign(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @InBody('read') { body, em, actor }: PersonContext,
  ): Promise<ProcesVerbalType[]> {
    const pvs = await em.find(
      ProcesVerbal,
      { status: 'ARRETE', $or: [{ presidentId: actor.personId }, { secretaryIds: { $contains: [actor.personId] } }] },
      { orderBy: { arreteAt: 'asc' } },
    );
    const signed = new Set(
      (await em.find(ProcesVerbalSignature, { procesVerbalId: { $in: pvs.map((pv) => pv.id) }, personId: actor.personId })).map(
        (signature) => signature.procesVerbalId,
      ),
    );
    return pvs.filter((pv) => !signed.has(pv.id)).map((pv) => ProcesVerbalType.from(pv, body.id));
  }

  @FieldResolver(() => Date, { description: 'The date of the séance.' })
  @Access('authenticated')
  async meetingStartsAt(@Root() root: ProcesVerbalType, @InBody('read', { root: 'bodyId' }) { em }: PersonContext): Promise<Date> {
    return (await findMeeting(em, root.meetingId)).startsAt;
  }

  @FieldResolver(() => [DeliberationSignatureType])
  @Access('authenticated')
  async signatures(
    @Root() root: ProcesVerbalType,
    @InBody('read', { root: 'bodyId' }) { em }: PersonContext,
  ): Promise<DeliberationSignatureType[]> {
    return (await em.find(ProcesVerbalSignature, { procesVerbalId: root.id }, { orderBy: { signedAt: 'asc' } })).map((signature) =>
      DeliberationSignatureType.from(signature),
    );
  }

  @FieldResolver(() => [ProcesVerbalItemSummaryType], { description: 'The summaries typed so far, per agenda item.' })
  @Access('authenticated')
  async summaries(
    @Root() root: ProcesVerbalType,
    @InBody('read', { root: 'bodyId' }) { em }: PersonContext,
  ): Promise<ProcesVerbalItemSummaryType[]> {
    return (await em.find(ProcesVerbalSummary, { procesVerbalId: root.id })).map((entry) =>
      Object.assign(new ProcesVerbalItemSummaryType(), { agendaItemId: entry.agendaItemId, summary: entry.summary }),
    );
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'The last day to publish it: a week after the séance that arrêta it (L2121-15); null before the arrêté.',
  })
  @Access('authenticated')
  async publicationDueAt(@Root() root: ProcesVerbalType, @InBody('read', { root: 'bodyId' }) { em }: PersonContext): Promise<Date | null> {
    return publicationDueAt(em, await findProcesVerbal(em, root.id));
  }

  @FieldResolver(() => String, { nullable: true, description: 'A 10-minute link to the current PDF (null for a draft).' })
  @Access('authenticated')
  async pdfUrl(
    @Root() root: ProcesVerbalType,
    @InBody('read', { root: 'bodyId' }) { services: { links } }: PersonContext,
  ): Promise<string | null> {
    if (root.status === 'DRAFT') return null;
    return links.issue(actsPath, actLinkPurpose, { bodyId: root.bodyId, procesVerbalId: root.id }, 600, 'proces-verbal.pdf').url;
  }

  @Mutation(() => ProcesVerbalType)
  @Access('authenticated')
  async createProcesVerbal(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('input', () => ProcesVerbalInput) input: ProcesVerbalInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    return ProcesVerbalType.from(await createProcesVerbal(ctx, meetingId, input), ctx.bodyId);
  }

  @Mutation(() => ProcesVerbalType, { description: 'The summary of the discussions on one agenda item.' })
  @Access('authenticated')
  async setProcesVerbalSummary(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('agendaItemId', () => UuidScalar) agendaItemId: string,
    @Arg('summary', { description: 'At most 50,000 characters.' }) summary: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    return ProcesVerbalType.from(await setProcesVerbalSummary(ctx, id, agendaItemId, summary), ctx.bodyId);
  }

  @Mutation(() => ProcesVerbalType, {
    description: 'Renders and freezes the PV; its approval becomes the first item of the next séance in preparation.',
  })
  @Access('authenticated')
  async finaliseProcesVerbal(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    const { body } = ctx;
    return ProcesVerbalType.from(await finaliseProcesVerbal(ctx, id), body.id);
  }

  @Mutation(() => ProcesVerbalType, {
    description: 'Names the agenda item of a later séance (already convened) that carries the arrêté of a finalised PV.',
  })
  @Access('authenticated')
  async scheduleProcesVerbalArrete(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('agendaItemId', () => UuidScalar) agendaItemId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    return ProcesVerbalType.from(await scheduleProcesVerbalArrete(ctx, id, agendaItemId), ctx.bodyId);
  }

  @Mutation(() => ProcesVerbalType, { description: 'Records the arrêté, once the séance that carries it is held.' })
  @Access('authenticated')
  async arreteProcesVerbal(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    const { body } = ctx;
    return ProcesVerbalType.from(await arreteProcesVerbal(ctx, id), body.id);
  }

  @Mutation(() => ProcesVerbalType, { description: 'The caller signs the arrêté PV, as président or secrétaire de séance.' })
  @Access('authenticated')
  async signProcesVerbal(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('read') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    const { body } = ctx;
    return ProcesVerbalType.from(await signProcesVerbal(ctx, await signerOf(ctx.platformEm, ctx.actor.personId), id), body.id);
  }

  @Mutation(() => ProcesVerbalType, { description: 'Puts the signed PV online on the body’s public page (L2121-15).' })
  @Access('authenticated')
  async publishProcesVerbal(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('id', () => UuidScalar) id: string,
    @Arg('author', () => ActAuthorInput) author: ActAuthorInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ProcesVerbalType> {
    const { body } = ctx;
    return ProcesVerbalType.from(await publishProcesVerbal(ctx, id, author), body.id);
  }
}

import { Arg, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { MeetingType } from '../meetings/meeting.type.js';
import { numberAgenda } from './agenda-numbering.js';
import { addAgendaItem, agendaOf, moveAgendaItem, removeAgendaItem, updateAgendaItem } from './agenda.service.js';
import { AgendaItemInput, AgendaItemType, AgendaPlaceInput } from './agenda.type.js';

/** Agenda writes answer with the meeting, so the client re-reads the renumbered agenda at once. */
@Resolver(() => MeetingType)
export class AgendaResolver {
  @FieldResolver(() => [AgendaItemType], { description: 'The numbered agenda.' })
  @Access('authenticated')
  async agenda(@Root() root: MeetingType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<AgendaItemType[]> {
    return numberAgenda(await agendaOf(ctx.em, root.id)).map((node) => AgendaItemType.from(node));
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async addAgendaItem(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('input', () => AgendaItemInput) input: AgendaItemInput,
    @Arg('place', () => AgendaPlaceInput, { nullable: true }) place: AgendaPlaceInput | null,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    await addAgendaItem(ctx, meetingId, input, place ?? {});
    return MeetingType.from(await findMeeting(ctx.em.fork(), meetingId), ctx.bodyId);
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async updateAgendaItem(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('itemId', () => UuidScalar) itemId: string,
    @Arg('input', () => AgendaItemInput) input: AgendaItemInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const item = await updateAgendaItem(ctx, itemId, input);
    return MeetingType.from(await findMeeting(ctx.em.fork(), item.meeting.id), ctx.bodyId);
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async moveAgendaItem(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('itemId', () => UuidScalar) itemId: string,
    @Arg('place', () => AgendaPlaceInput) place: AgendaPlaceInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const item = await moveAgendaItem(ctx, itemId, place);
    return MeetingType.from(await findMeeting(ctx.em.fork(), item.meeting.id), ctx.bodyId);
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async removeAgendaItem(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('itemId', () => UuidScalar) itemId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MeetingType> {
    const meetingId = await removeAgendaItem(ctx, itemId);
    return MeetingType.from(await findMeeting(ctx.em.fork(), meetingId), ctx.bodyId);
  }
}

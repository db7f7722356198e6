import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
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
  async agenda(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<AgendaItemType[]> {
    const { em } = await bodies.enterById(root.bodyId, 'read');
    return numberAgenda(await agendaOf(em, root.id)).map((node) => AgendaItemType.from(node));
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async addAgendaItem(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('input', () => AgendaItemInput) input: AgendaItemInput,
    @Arg('place', () => AgendaPlaceInput, { nullable: true }) place: AgendaPlaceInput | null,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    await addAgendaItem(em, meetingId, input, place ?? {});
    return MeetingType.from(await findMeeting(em.fork(), meetingId), body.id);
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async updateAgendaItem(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('itemId', () => ID) itemId: string,
    @Arg('input', () => AgendaItemInput) input: AgendaItemInput,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    const item = await updateAgendaItem(em, itemId, input);
    return MeetingType.from(await findMeeting(em.fork(), item.meeting.id), body.id);
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async moveAgendaItem(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('itemId', () => ID) itemId: string,
    @Arg('place', () => AgendaPlaceInput) place: AgendaPlaceInput,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    const item = await moveAgendaItem(em, itemId, place);
    return MeetingType.from(await findMeeting(em.fork(), item.meeting.id), body.id);
  }

  @Mutation(() => MeetingType)
  @Access('authenticated')
  async removeAgendaItem(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('itemId', () => ID) itemId: string,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<MeetingType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    const meetingId = await removeAgendaItem(em, itemId);
    return MeetingType.from(await findMeeting(em.fork(), meetingId), body.id);
  }
}

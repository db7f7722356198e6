import { Arg, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../../graphql/access.js';
import { InBody } from '../../../graphql/in-body.js';
import { LocalDateScalar, UuidScalar } from '../../../graphql/scalars.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { seatsInOfficeAt } from '../../assemblies/members-in-office.js';
import { meetingQuorumForecast } from '../../attendance/attendance.service.js';
import { AttendanceAnswerType, QuorumForecastType } from '../../attendance/attendance.type.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { MeetingType } from '../../meetings/meeting.type.js';
import { reachOf, type Reach } from '../contacts/recipients.js';
import { Convocation, Delivery, type DeliveryChannel } from '../convocation.entity.js';
import { ConvocationFollowUpType, DeliveryChannelEnum, DeliveryType } from '../convocation.type.js';
import { followUpOf, type FollowUp } from '../receipts/follow-up.js';
import { meetingRecipients } from '../receipts/receipts.service.js';
import { recordLetterPosted } from './letters.js';
import { sendReminders } from './reminders.js';
import { resendConvocation } from './resend.js';

function deliveryType(delivery: Delivery, bodyId: string): DeliveryType {
  return Object.assign(new DeliveryType(), {
    bodyId,
    letterKey: delivery.letterKey ?? null,
    id: delivery.id,
    channel: delivery.channel,
    purpose: delivery.purpose,
    status: delivery.status,
    address: delivery.address,
    attempts: delivery.attempts,
    interruptedSends: delivery.interruptedSends,
    lastError: delivery.lastError ?? null,
    acceptedAt: delivery.acceptedAt ?? null,
    postedOn: delivery.postedOn ?? null,
    letterReady: delivery.letterKey != null,
  });
}

function followUpType(
  entry: FollowUp,
  names: ReadonlyMap<string, string>,
  bodyId: string,
  reach: Reach | undefined,
): ConvocationFollowUpType {
  return Object.assign(new ConvocationFollowUpType(), {
    personId: entry.recipient.personId,
    displayName: entry.recipient.displayName,
    mode: entry.recipient.channel,
    votingRight: entry.recipient.votingRight,
    deliveries: entry.deliveries.map((delivery) => deliveryType(delivery, bodyId)),
    firstOpenedAt: entry.receipt?.firstOpenedAt ?? null,
    acknowledgedAt: entry.receipt?.acknowledgedAt ?? null,
    documentsDownloaded: entry.documentsDownloaded,
    answer: entry.answer ? AttendanceAnswerType.from(entry.answer, names) : null,
    currentChannels: reach?.channels ?? [],
  });
}

/** The follow-up rows of `entries`, with each official's channels of today. */
async function followUpTypes(
  { em, bodyId, services }: PersonContext,
  meetingId: string,
  entries: FollowUp[],
): Promise<ConvocationFollowUpType[]> {
  const [recipients, reached] = await Promise.all([
    meetingRecipients(em, meetingId),
    reachOf(
      em,
      entries.map((entry) => entry.recipient.personId),
      services.convocations.channelsOff,
    ),
  ]);
  const names = new Map([...recipients.values()].map((recipient) => [recipient.personId, recipient.displayName]));
  return entries.map((entry) => followUpType(entry, names, bodyId, reached.get(entry.recipient.personId)));
}

/** After the send: where each official stands, the quorum announced, and the messages sent later (letters posted, reminders, resends). */
@Resolver(() => MeetingType)
export class MeetingFollowUpResolver {
  @FieldResolver(() => [ConvocationFollowUpType], { description: 'Secretariat: where each convened official stands.' })
  @Access('authenticated')
  async followUp(@Root() root: MeetingType, @InBody('prepare', { root: 'bodyId' }) ctx: PersonContext): Promise<ConvocationFollowUpType[]> {
    const { body, em } = ctx;
    const inOffice = await seatsInOfficeAt({ em, body }, await findMeeting(em, root.id));
    return followUpTypes(ctx, root.id, await followUpOf(em, root.id, { inOffice }));
  }

  @FieldResolver(() => QuorumForecastType, {
    nullable: true,
    description: 'Secretariat: the quorum the answers announce; null before the convocation.',
  })
  @Access('authenticated')
  async quorumForecast(
    @Root() root: MeetingType,
    @InBody('prepare', { root: 'bodyId' }) ctx: PersonContext,
  ): Promise<QuorumForecastType | null> {
    if ((await ctx.em.count(Convocation, { meetingId: root.id })) === 0) return null;
    return QuorumForecastType.from(await meetingQuorumForecast(ctx, root.id));
  }

  @Mutation(() => DeliveryType, { description: 'Secretariat: records the date a paper convocation was posted.' })
  @Access('authenticated')
  async recordLetterPosted(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('deliveryId', () => UuidScalar) deliveryId: string,
    @Arg('postedOn', () => LocalDateScalar) postedOn: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<DeliveryType> {
    return deliveryType(await recordLetterPosted(ctx, { deliveryId, postedOn }), ctx.bodyId);
  }

  @Mutation(() => Int, {
    description:
      'Reminds the officials who have not acknowledged yet, each at most once a day (in the body’s time zone, scheduled reminder included; concurrent calls remind once); returns how many were reminded by this call.',
  })
  @Access('authenticated')
  async sendConvocationReminders(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<number> {
    return sendReminders(ctx, meetingId);
  }

  @Mutation(() => ConvocationFollowUpType, {
    description:
      'Secretariat: sends the convocation again to one convened official — every send they received, same manifests and documents — through their channels of today, to today’s addresses (`channels` narrows them); refused before the convocation, once the meeting has started, and for paper (the letter is printed again). Returns their follow-up row.',
  })
  @Access('authenticated')
  async resendConvocation(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('meetingId', () => UuidScalar) meetingId: string,
    @Arg('personId', () => UuidScalar) personId: string,
    @Arg('channels', () => [DeliveryChannelEnum], {
      nullable: true,
      description: 'Some of their channels of today; all of them when absent.',
    })
    channels: DeliveryChannel[] | null,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<ConvocationFollowUpType> {
    const entry = await resendConvocation(ctx, { meetingId, personId, channels });
    const [row] = await followUpTypes(ctx, meetingId, [entry]);
    return row!;
  }
}

import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../../common/errors.js';
import { LedgerEntry } from '../../../evidence/ledger-entry.entity.js';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import { Membership } from '../../../platform/people/membership.entity.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { ConvocationRecipient, type DeliveryChannel } from '../convocation.entity.js';
import type { ActingContext } from '../convocation-context.js';
import { deliveryChannel } from '../../../notify/channels/registry.js';
import { followUpOf, type FollowUp } from '../receipts/follow-up.js';
import { lockOpenMeeting, queueDeliveries } from './delivery-queue.js';
import { reachOf } from '../contacts/recipients.js';

export const resentKind = 'CONVOCATION_RESENT';

export interface ResendInput {
  meetingId: string;
  personId: string;
  /** Some of the official's channels of today; all of them when absent. */
  channels?: readonly DeliveryChannel[] | null;
}

const precondition = (reason: string, message: string) => new CartableError(ErrorCode.PreconditionFailed, message, { reason });

/**
 * Sends again, to one convened official, every send they received for the meeting (the convocation, and
 * the supplements they got) — the same manifests and documents — through their channels of today, to
 * today's addresses (an email corrected since, a phone added). Each resend of the meeting has its number,
 * part of the deliveries' send keys, so a job run twice sends once. The request is in the ledger (who,
 * which channels and addresses) and timestamped with the meeting's other events.
 */
export async function resendConvocation(ctx: ActingContext, input: ResendInput): Promise<FollowUp> {
  const { body, platformEm, services } = ctx;
  const requestedBy = ctx.actor.personId;
  const now = new Date();
  return ctx.em.transactional(async (tx) => {
    const meeting = await findMeeting(tx, input.meetingId);
    const unknown = () => new NotFoundError('Personne introuvable dans cet organisme.');
    const convened = (await tx.count(ConvocationRecipient, { meetingId: meeting.id, personId: input.personId })) > 0;
    // Someone neither convened nor a member here is unknown, whoever they are elsewhere.
    if (!convened && (await platformEm.count(Membership, { person: input.personId, body: body.id })) === 0) throw unknown();
    await lockOpenMeeting(tx, meeting, now);
    if (!convened)
      throw precondition('NOT_RECIPIENT', 'Cette personne n’a pas été convoquée à cette séance : il n’y a rien à lui renvoyer.');
    const received = await tx.find(
      ConvocationRecipient,
      { meetingId: meeting.id, personId: input.personId },
      { orderBy: { createdAt: 'asc' } },
    );
    const reach = (await reachOf(tx, [input.personId], services.convocations.channelsOff)).get(input.personId);
    if (!reach) throw unknown();
    if (reach.mode === 'PAPER') {
      throw precondition(
        'PAPER_RECIPIENT',
        `${reach.displayName} reçoit ses convocations sur papier : imprimez à nouveau sa lettre depuis le suivi, postez-la et enregistrez la date de dépôt.`,
      );
    }
    const channels = chosenChannels(reach.displayName, reach.channels, input.channels);
    const resend = (await tx.count(LedgerEntry, { subjectId: meeting.id, kind: resentKind })) + 1;
    const deliveries = await queueDeliveries(
      tx,
      body.id,
      received.flatMap((row) =>
        channels.map(({ channel, address }) => ({
          recipientId: row.id,
          channel,
          purpose: 'RESEND' as const,
          sendKey: `${row.convocationId}:${row.personId}:${channel}:RESEND:${resend}`,
          address,
        })),
      ),
    );
    await recordMeetingEvents(
      tx,
      body.id,
      meeting.id,
      [
        {
          kind: resentKind,
          payload: {
            resend,
            personId: input.personId,
            requestedBy,
            requestedAt: now.toISOString(),
            convocationIds: received.map((row) => row.convocationId),
            channels,
            deliveryIds: deliveries.map((delivery) => delivery.id),
          },
        },
      ],
      services.convocations.anchorBatchSeconds,
    );
    const [entry] = await followUpOf(tx, meeting.id, { personId: input.personId });
    return entry!;
  });
}

function chosenChannels(
  name: string,
  available: { channel: DeliveryChannel; address: string }[],
  wanted: readonly DeliveryChannel[] | null | undefined,
) {
  if (wanted == null) return available;
  if (wanted.length === 0) throw new BadUserInputError('Choisissez au moins un canal.', { field: 'channels' });
  const missing = wanted.filter((channel) => !available.some((reach) => reach.channel === channel));
  if (missing.length > 0) {
    throw new BadUserInputError(
      `${name} ne peut pas être joint(e) par ${missing.map((channel) => deliveryChannel(channel).label).join(', ')} aujourd’hui ; canaux possibles : ${available.map((reach) => deliveryChannel(reach.channel).label).join(', ')}.`,
      { field: 'channels' },
    );
  }
  return available.filter((reach) => wanted.includes(reach.channel));
}

import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode } from '../../../common/errors.js';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import { seatsInOfficeAt, type SeatInOffice } from '../../assemblies/members-in-office.js';
import type { QuorumMember, QuorumStatus } from '../../../legal/quorum.js';
import type { Meeting } from '../../meetings/meeting.entity.js';
import type { ActingContext, ConvocationContext } from '../convocation-context.js';
import { ConvocationRecipient, DocumentDownload, MeetingReceipt } from '../convocation.entity.js';
import { refreshInboxEntries } from '../../inbox/inbox-index.js';

/** What recording an answer's or an attendance's events needs (attendance/). */
export interface ReceiptServices {
  /** Seconds a batch of events waits for others before being timestamped together. */
  anchorBatchSeconds: number;
}

/** Each person convened to a meeting, as convened by the latest send. */
export async function meetingRecipients(em: EntityManager, meetingId: string): Promise<Map<string, ConvocationRecipient>> {
  const rows = await em.find(ConvocationRecipient, { meetingId }, { orderBy: { createdAt: 'asc' } });
  return new Map(rows.map((row) => [row.personId, row]));
}

/**
 * The people convened to a meeting who are still in office on its day (`seatsInOffice`): those who may
 * answer, give or hold a proxy, and whom the quorum counts. Someone who left keeps their rows (the
 * convocation, deliveries, receipts stay as history) but is no longer among them.
 */
export async function convenedInOffice(
  em: EntityManager,
  body: Pick<Body, 'id' | 'timeZone'>,
  meeting: Pick<Meeting, 'id' | 'startsAt'> & { assembly: { id: string } },
) {
  return (await convenedSeats({ em, body }, meeting)).recipients;
}

/** `convenedInOffice`, with each in-office seat (a suppléant's names its titulaire), for the quorum. */
export async function convenedSeats(
  { em, body }: { em: EntityManager; body: Pick<Body, 'id' | 'timeZone'> },
  meeting: Pick<Meeting, 'id' | 'startsAt'> & { assembly: { id: string } },
) {
  const [recipients, seats] = await Promise.all([meetingRecipients(em, meeting.id), seatsInOfficeAt({ em, body }, meeting)]);
  return { recipients: new Map([...recipients].filter(([personId]) => seats.has(personId))), seats };
}

/** The quorum's view of the convened in office: the voting right frozen at the send, the suppléant's titulaire, the status given. */
export function quorumMembers(
  recipients: ReadonlyMap<string, ConvocationRecipient>,
  seats: ReadonlyMap<string, SeatInOffice>,
  statusOf: (personId: string) => QuorumStatus | null,
): QuorumMember[] {
  return [...recipients.values()].map((recipient) => ({
    personId: recipient.personId,
    votingRight: recipient.votingRight,
    status: statusOf(recipient.personId),
    suppleantFor: seats.get(recipient.personId)?.suppleantFor ?? null,
  }));
}

/** Display names by person id, as convened (what an answer's proxy holder is shown with). */
export function recipientNames(recipients: ReadonlyMap<string, ConvocationRecipient>): Map<string, string> {
  return new Map([...recipients.values()].map((recipient) => [recipient.personId, recipient.displayName]));
}

export async function requireRecipient(em: EntityManager, meetingId: string, personId: string): Promise<ConvocationRecipient> {
  const recipient = (await em.find(ConvocationRecipient, { meetingId, personId }, { orderBy: { createdAt: 'desc' }, limit: 1 }))[0];
  if (!recipient) throw new CartableError(ErrorCode.Forbidden, 'Vous n’êtes pas convoqué(e) à cette séance.');
  return recipient;
}

/**
 * Records the first opening of a convened meeting by an official, and optionally their explicit
 * acknowledgement. Only the first of each is kept and chained; later calls change nothing.
 */
export async function recordReceipt(
  ctx: Pick<ActingContext, 'body' | 'em' | 'actor' | 'services'>,
  { meetingId, acknowledge }: { meetingId: string; acknowledge: boolean },
): Promise<MeetingReceipt> {
  const { personId } = ctx.actor;
  return ctx.em.transactional(async (tx) => {
    await requireRecipient(tx, meetingId, personId);
    const now = new Date();
    await tx
      .createQueryBuilder(MeetingReceipt)
      .insert({ meetingId, personId, createdAt: now, updatedAt: now })
      .onConflict(['meetingId', 'personId'])
      .ignore()
      .execute();
    const receipt = await tx.findOneOrFail(MeetingReceipt, { meetingId, personId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const events = [];
    if (!receipt.firstOpenedAt) {
      receipt.firstOpenedAt = now;
      events.push({ kind: 'CONVOCATION_OPENED', payload: { personId, at: now.toISOString() } });
    }
    if (acknowledge && !receipt.acknowledgedAt) {
      receipt.acknowledgedAt = now;
      events.push({ kind: 'CONVOCATION_ACKNOWLEDGED', payload: { personId, at: now.toISOString() } });
    }
    await tx.flush();
    // The meeting's row (locked by the index's refresh) before the ledger: the order a send takes them in.
    await refreshInboxEntries(tx, ctx.body.id, meetingId, { personId });
    if (events.length > 0) await recordMeetingEvents(tx, ctx.body.id, meetingId, events, ctx.services.convocations.anchorBatchSeconds);
    return receipt;
  });
}

/** The first download of each document version by a convened official (later ones are not chained). */
export async function recordDownload(
  ctx: Pick<ConvocationContext, 'body' | 'em' | 'services'>,
  { meetingId, versionId, personId }: { meetingId: string; versionId: string; personId: string },
): Promise<void> {
  await ctx.em.transactional(async (tx) => {
    const recipient = (await tx.find(ConvocationRecipient, { meetingId, personId }, { limit: 1 }))[0];
    if (!recipient) return;
    const now = new Date();
    const inserted = await tx
      .createQueryBuilder(DocumentDownload)
      .insert({ documentVersionId: versionId, personId, meetingId, firstDownloadedAt: now })
      .onConflict(['documentVersionId', 'personId'])
      .ignore()
      .execute('run');
    if (inserted.affectedRows === 0) return;
    // The count of changed documents still to read (the inbox's) goes down. The meeting's row (locked by
    // the refresh) before the ledger: the order a send takes them in.
    await refreshInboxEntries(tx, ctx.body.id, meetingId, { personId });
    await recordMeetingEvents(
      tx,
      ctx.body.id,
      meetingId,
      [{ kind: 'DOCUMENT_DOWNLOADED', payload: { personId, documentVersionId: versionId, at: now.toISOString() } }],
      ctx.services.convocations.anchorBatchSeconds,
    );
  });
}

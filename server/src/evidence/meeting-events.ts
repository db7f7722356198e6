import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueueJob } from '../jobs/job-queue.js';
import { appendToLedger, type NewLedgerEntry } from './ledger.js';

export const anchorEventsTask = 'evidence.anchor-events';

/**
 * Records events of a meeting (receipts, answers, deliveries) in the body's ledger and schedules the
 * timestamping of the meeting's new entries. Events close together share one RFC 3161 token: the job
 * key keeps the first run time, so a batch closes `batchSeconds` after its first event.
 */
export async function recordMeetingEvents(
  em: EntityManager,
  bodyId: string,
  meetingId: string,
  entries: readonly Omit<NewLedgerEntry, 'subjectId'>[],
  batchSeconds: number,
): Promise<void> {
  await em.transactional(async (tx) => {
    await appendToLedger(
      tx,
      bodyId,
      entries.map((entry) => ({ ...entry, subjectId: meetingId })),
    );
    await enqueueJob(
      tx,
      anchorEventsTask,
      { bodyId, meetingId },
      { jobKey: `anchor-events:${meetingId}`, jobKeyMode: 'preserve_run_at', runAt: new Date(Date.now() + batchSeconds * 1_000) },
    );
  });
}

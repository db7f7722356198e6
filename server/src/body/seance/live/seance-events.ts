import type { EntityManager } from '@mikro-orm/postgresql';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import { table } from '../seance-room.js';

/** The PostgreSQL channel on which every committed séance event is announced (`<schema>:<meetingId>`). */
export const seanceChannel = 'cartable_seance';

export type SeanceAudience = 'ALL' | 'MANAGERS';

export interface SeanceEvent {
  kind: string;
  payload: Record<string, unknown>;
  /** MANAGERS: the président and the secretariat only (the live count). Default ALL. */
  audience?: SeanceAudience;
  /** Chained in the body's ledger (default); the live count is not, its result is. */
  ledger?: boolean;
}

/**
 * Publishes events of a séance inside the caller's transaction: appended to the body's evidence ledger
 * (chained and timestamped like the convocations' events), written to the séance's event log that the
 * live channel serves, and announced with NOTIFY — which PostgreSQL delivers at commit, so a rolled back
 * action never reaches a tablet.
 */
export async function publishSeanceEvents(
  em: EntityManager,
  bodyId: string,
  meetingId: string,
  events: readonly SeanceEvent[],
  anchorBatchSeconds: number,
): Promise<void> {
  const chained = events.filter((event) => event.ledger ?? true);
  if (chained.length > 0) {
    await recordMeetingEvents(
      em,
      bodyId,
      meetingId,
      chained.map((event) => ({ kind: event.kind, payload: event.payload })),
      anchorBatchSeconds,
    );
  }
  // One statement for the events and the notification.
  await em.execute(
    `with logged as (insert into ${table(em, 'seance_event')} (meeting_id, kind, audience, payload) values ${events.map(() => '(?, ?, ?, ?::jsonb)').join(', ')} returning id)
     select pg_notify(?, ?) from (select 1) as once`,
    [
      ...events.flatMap((event) => [meetingId, event.kind, event.audience ?? 'ALL', JSON.stringify(event.payload)]),
      seanceChannel,
      `${em.schema}:${meetingId}`,
    ],
  );
}

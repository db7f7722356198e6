import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteSchema } from '../../../tenancy/schema-name.js';
import type { AttendanceResponse } from '../../attendance/attendance-answer.entity.js';
import type { AnswerFields } from '../../attendance/attendance.type.js';
import type { RecipientChannel } from '../convocation.entity.js';

/** Where one official stands on one meeting's convocation: what the inbox shows of it. */
export interface ConvocationStatus {
  /** As convened by the latest send. */
  mode: RecipientChannel;
  votingRight: boolean;
  firstOpenedAt: Date | null;
  acknowledgedAt: Date | null;
  /** The current answer (not superseded). */
  answer: AnswerFields | null;
  /** Display names (as convened) of the people the current answer names: its proxy holder. */
  names: ReadonlyMap<string, string>;
  /** When the latest supplement convening them was sent; null: none. */
  lastSupplementAt: Date | null;
  /** Documents their supplements added or replaced whose version they have not opened yet. */
  changedDocumentsUnread: number;
}

interface StatusRow {
  meeting_id: string;
  channel: RecipientChannel;
  voting_right: boolean;
  first_opened_at: Date | string | null;
  acknowledged_at: Date | string | null;
  answer_id: string | null;
  response: AttendanceResponse | null;
  proxy_holder_id: string | null;
  proxy_holder_name: string | null;
  illness_declared: boolean | null;
  illness_certified_on: string | null;
  remote: boolean | null;
  recorded_by: string | null;
  recorded_at: Date | string | null;
  last_supplement_at: Date | string | null;
  changed_documents_unread: number;
}

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * The official's status on each of these meetings of one body (the schema of `em`, a BodyScope fork),
 * in one statement whatever their number: their latest recipient row, receipt, current answer and its
 * proxy holder's name as convened. Meetings they are not convened to are absent from the map.
 */
export async function convocationStatuses(em: EntityManager, meetingIds: readonly string[], personId: string): Promise<Map<string, ConvocationStatus>> {
  const schema = quoteSchema(em.schema!);
  const rows = await em.execute<StatusRow[]>(
    `select r.meeting_id, r.channel, r.voting_right, receipt.first_opened_at, receipt.acknowledged_at,
            answer.id as answer_id, answer.response, answer.proxy_holder_id, answer.illness_declared, answer.illness_certified_on::text as illness_certified_on, answer.remote, answer.recorded_by, answer.recorded_at,
            (select holder.display_name from ${schema}.convocation_recipient holder
              where holder.meeting_id = r.meeting_id and holder.person_id = answer.proxy_holder_id
              order by holder.created_at desc limit 1) as proxy_holder_name,
            supplements.last_sent_at as last_supplement_at,
            coalesce(supplements.unread, 0)::int as changed_documents_unread
       from (select distinct on (meeting_id) meeting_id, person_id, channel, voting_right from ${schema}.convocation_recipient
              where meeting_id = any(?::uuid[]) and person_id = ? order by meeting_id, created_at desc) r
       left join ${schema}.meeting_receipt receipt on receipt.meeting_id = r.meeting_id and receipt.person_id = r.person_id
       left join ${schema}.attendance_answer answer on answer.meeting_id = r.meeting_id and answer.person_id = r.person_id and answer.superseded_at is null
       left join lateral (
         -- The supplements sent to them, and which of the versions they carried they never opened.
         select max(c.sent_at) as last_sent_at,
                count(distinct sent.document ->> 'documentId') filter (where not exists (
                  select 1 from ${schema}.document_download download
                   where download.person_id = r.person_id and download.document_version_id = (sent.document ->> 'versionId')::uuid)
                  -- Only the document's latest version sent counts: an older one, since replaced, is not to read.
                  and not exists (
                    select 1 from ${schema}.convocation later, jsonb_array_elements(later.manifest -> 'documents') newer(document)
                     where later.meeting_id = c.meeting_id and later.sequence > c.sequence and newer.document ->> 'documentId' = sent.document ->> 'documentId')) as unread
           from ${schema}.convocation c
           join ${schema}.convocation_recipient convened on convened.convocation_id = c.id and convened.person_id = r.person_id
           cross join lateral jsonb_array_elements(c.manifest -> 'documents') sent(document)
          where c.meeting_id = r.meeting_id and c.kind = 'SUPPLEMENT'
       ) supplements on true`,
    [`{${meetingIds.join(',')}}`, personId],
  );
  return new Map(
    rows.map((row) => [
      row.meeting_id,
      {
        mode: row.channel,
        votingRight: row.voting_right,
        firstOpenedAt: dateOrNull(row.first_opened_at),
        acknowledgedAt: dateOrNull(row.acknowledged_at),
        answer: row.answer_id
          ? {
              id: row.answer_id,
              personId,
              response: row.response!,
              proxyHolderId: row.proxy_holder_id,
              illnessDeclared: row.illness_declared!,
              illnessCertifiedOn: row.illness_certified_on,
              remote: row.remote!,
              recordedBy: row.recorded_by!,
              recordedAt: new Date(row.recorded_at!),
            }
          : null,
        names: new Map(row.proxy_holder_id && row.proxy_holder_name ? [[row.proxy_holder_id, row.proxy_holder_name]] : []),
        lastSupplementAt: dateOrNull(row.last_supplement_at),
        changedDocumentsUnread: row.changed_documents_unread,
      },
    ]),
  );
}

interface Batch {
  meetingIds: Set<string>;
  statuses: Promise<Map<string, ConvocationStatus>>;
}

/**
 * One per request: the `myConvocation` of every meeting of a body asked during the same turn of the
 * event loop (the inbox asks it of each meeting of the list) is read by one `convocationStatuses`
 * for that body. Nothing is kept between batches: a read after a write sees the write.
 */
export class ConvocationStatusLoader {
  private readonly pending = new Map<string, Batch>();

  constructor(private readonly personId: string | null) {}

  /** `em` must be the request's EntityManager of `bodyId` (entered with the caller's permission). */
  load(bodyId: string, em: EntityManager, meetingId: string): Promise<ConvocationStatus | null> {
    const personId = this.personId;
    if (!personId) return Promise.resolve(null);
    let batch = this.pending.get(bodyId);
    if (!batch) {
      const meetingIds = new Set<string>();
      const statuses = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending.delete(bodyId);
        return convocationStatuses(em, [...meetingIds], personId);
      });
      batch = { meetingIds, statuses };
      this.pending.set(bodyId, batch);
    }
    batch.meetingIds.add(meetingId);
    return batch.statuses.then((statuses) => statuses.get(meetingId) ?? null);
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { bodySchemaName, quoteSchema } from '../../tenancy/schema-name.js';
import type { AssemblyKind } from '../assemblies/assembly.entity.js';
import type { AttendanceResponse } from '../attendance/attendance-answer.entity.js';
import type { AnswerFields } from '../attendance/attendance.type.js';
import type { MeetingChange } from '../changes/meeting-change.entity.js';
import type { RecipientChannel } from '../convocations/convocation.entity.js';
import type { MeetingStatus } from '../meetings/meeting.entity.js';
import type { BodyFields } from '../../platform/bodies/body.type.js';

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

/** What a meeting change shows (MeetingChangeType). */
export type ChangeFields = Pick<
  MeetingChange,
  'sequence' | 'kind' | 'reason' | 'previousStartsAt' | 'previousPlace' | 'startsAt' | 'place' | 'deadlineMet' | 'changedAt'
>;

/** The assembly of a meeting, as the index holds it (AssemblyType's fields). */
export interface IndexedAssembly {
  id: string;
  kind: AssemblyKind;
  name: string;
  convocationClearDays: number | null;
  convocationRuleReference: string | null;
}

/** One row of an official's inbox, as the index holds it. */
export interface InboxEntry {
  bodyId: string;
  /** What `BodyType` shows of the meeting's body, read with the row (no statement per body). */
  body: BodyFields;
  meetingId: string;
  title: string;
  startsAt: Date;
  place: string | null;
  status: MeetingStatus;
  urgent: boolean;
  urgencyJustification: string | null;
  assembly: IndexedAssembly;
  convocation: ConvocationStatus;
  lastChange: ChangeFields | null;
}

/** The columns `convocationStatusSql` returns, one row per official convened and meeting. */
export interface StatusRow {
  meeting_id: string;
  person_id: string;
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

/**
 * The status of the officials convened to some meetings of one body (`schema`), read from its tables:
 * their latest recipient row, receipt, current answer and its proxy holder's name as convened, the
 * supplements sent to them and the documents those changed that they have not opened. `recipients` is
 * the condition on `convocation_recipient` (its placeholders bound by the caller). The meeting page reads
 * it for the caller (`convocationStatuses`); the index is written from it (`refreshInboxEntries`).
 */
export function convocationStatusSql(schema: string, recipients: string): string {
  return `select r.meeting_id, r.person_id, r.channel, r.voting_right, receipt.first_opened_at, receipt.acknowledged_at,
            answer.id as answer_id, answer.response, answer.proxy_holder_id, answer.illness_declared, answer.illness_certified_on::text as illness_certified_on, answer.remote, answer.recorded_by, answer.recorded_at,
            (select holder.display_name from ${schema}.convocation_recipient holder
              where holder.meeting_id = r.meeting_id and holder.person_id = answer.proxy_holder_id
              order by holder.created_at desc limit 1) as proxy_holder_name,
            supplements.last_sent_at as last_supplement_at,
            coalesce(supplements.unread, 0)::int as changed_documents_unread
       from (select distinct on (meeting_id, person_id) meeting_id, person_id, channel, voting_right from ${schema}.convocation_recipient
              where ${recipients} order by meeting_id, person_id, created_at desc) r
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
       ) supplements on true`;
}

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** A row of `convocationStatusSql` as the status it describes. */
export function statusOf(row: StatusRow): ConvocationStatus {
  return {
    mode: row.channel,
    votingRight: row.voting_right,
    firstOpenedAt: dateOrNull(row.first_opened_at),
    acknowledgedAt: dateOrNull(row.acknowledged_at),
    answer: row.answer_id
      ? {
          id: row.answer_id,
          personId: row.person_id,
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
  };
}

const indexColumns = `person_id, meeting_id, body_id, assembly, title, starts_at, place, status, urgent, urgency_justification, mode, voting_right,
  first_opened_at, acknowledged_at, answer, last_supplement_at, changed_documents_unread, last_change, updated_at`;

/**
 * The index rows of the officials convened to meetings of one body, computed from its schema: the status
 * rows of `recipients`, with the meeting, its assembly and its latest change. `conflict`: what an
 * existing row gets — the new values (a writer), or nothing (the backfill, which must not overwrite a row
 * a writer wrote after the backfill's snapshot). The timestamp is a parameter (`updated_at`): Citus takes
 * no `now()` in `DO UPDATE SET` (docs/operations/citus.md).
 */
function upsertSql(schema: string, recipients: string, conflict: 'update' | 'keep'): string {
  const updates = indexColumns
    .split(',')
    .map((column) => column.trim())
    .filter((column) => column !== 'person_id' && column !== 'meeting_id')
    .map((column) => `${column} = excluded.${column}`)
    .join(', ');
  return `insert into platform.inbox_entry (${indexColumns})
    select s.person_id, m.id, ?::uuid,
           jsonb_build_object('id', a.id, 'kind', a.kind, 'name', a.name, 'convocationClearDays', a.convocation_clear_days, 'convocationRuleReference', a.convocation_rule_reference),
           m.title, m.starts_at, m.place, m.status, m.urgent, m.urgency_justification, s.channel, s.voting_right,
           s.first_opened_at, s.acknowledged_at,
           case when s.answer_id is null then null else jsonb_build_object(
             'id', s.answer_id, 'response', s.response, 'proxyHolderId', s.proxy_holder_id, 'proxyHolderName', s.proxy_holder_name,
             'illnessDeclared', s.illness_declared, 'illnessCertifiedOn', s.illness_certified_on, 'remote', s.remote,
             'recordedBy', s.recorded_by, 'recordedAt', s.recorded_at) end,
           s.last_supplement_at, s.changed_documents_unread,
           (select jsonb_build_object('sequence', c.sequence, 'kind', c.kind, 'reason', c.reason, 'previousStartsAt', c.previous_starts_at,
                                      'previousPlace', c.previous_place, 'startsAt', c.starts_at, 'place', c.place, 'deadlineMet', c.deadline_met, 'changedAt', c.changed_at)
              from ${schema}.meeting_change c where c.meeting_id = m.id order by c.sequence desc limit 1),
           ?::timestamptz
      from (${convocationStatusSql(schema, recipients)}) s
      join ${schema}.meeting m on m.id = s.meeting_id
      join ${schema}.assembly a on a.id = m.assembly_id
    on conflict (person_id, meeting_id) do ${conflict === 'update' ? `update set ${updates}` : 'nothing'}`;
}

/**
 * Rewrites the index rows of a meeting — of every official convened, or of one — from the body's
 * tables, in the caller's transaction: call it after the write it must reflect is flushed. The meeting
 * row is locked first (FOR NO KEY UPDATE, which foreign-key checks do not wait for), so two writers of
 * the same rows take turns and the second computes from a snapshot that holds the first one's commit:
 * a receipt and an answer of the same official at the same time cannot leave the row without one of them.
 * A caller that holds the meeting's row locked FOR UPDATE already (a send) says so: `meetingLocked`.
 */
export async function refreshInboxEntries(
  tx: EntityManager,
  bodyId: string,
  meetingId: string,
  { personId, meetingLocked = false }: { personId?: string; meetingLocked?: boolean } = {},
): Promise<void> {
  const schema = quoteSchema(bodySchemaName(bodyId));
  if (!meetingLocked) await tx.execute(`select 1 from ${schema}.meeting where id = ? for no key update`, [meetingId]);
  const recipients = personId === undefined ? 'meeting_id = ?' : 'meeting_id = ? and person_id = ?';
  await tx.execute(upsertSql(schema, recipients, 'update'), [
    bodyId,
    new Date(),
    ...(personId === undefined ? [meetingId] : [meetingId, personId]),
  ]);
}

/**
 * Indexes the meetings a body had before the index existed (platform migration 0021), in one transaction
 * of its own, once: the body's row is locked and marked. Rows already there (written by the writers
 * since) are kept. Returns false when another run did it first.
 */
export async function backfillBodyInbox(em: EntityManager, bodyId: string): Promise<boolean> {
  return em.transactional(async (tx) => {
    const [pending] = await tx.execute<{ id: string }[]>(
      'select id from platform.body where id = ? and inbox_indexed_at is null for update',
      [bodyId],
    );
    if (!pending) return false;
    await tx.execute(upsertSql(quoteSchema(bodySchemaName(bodyId)), 'true', 'keep'), [bodyId, new Date()]);
    await tx.execute('update platform.body set inbox_indexed_at = ? where id = ?', [new Date(), bodyId]);
    return true;
  });
}

export interface BackfillReport {
  indexed: number;
  failed: { bodyId: string; error: string }[];
}

/**
 * Indexes every body not indexed yet whose schema is at `latestBodyMigration` (one behind waits for its
 * migration), `concurrency` bodies at a time, each in its own transaction on its own pooled connection:
 * the last step of `npm run migrate`. Resumable: a body is marked in the transaction that indexes it, so a
 * rerun starts with what is left; a body that fails is reported and the walk goes on.
 */
export async function backfillInboxes(
  em: EntityManager,
  latestBodyMigration: string | null,
  concurrency = 1,
  signal?: AbortSignal,
): Promise<BackfillReport> {
  const report: BackfillReport = { indexed: 0, failed: [] };
  for (let after = '00000000-0000-0000-0000-000000000000'; !signal?.aborted;) {
    const page = (
      await em.execute<{ id: string }[]>(
        `select id from platform.body where inbox_indexed_at is null and status <> 'PROVISIONING' and schema_version is not distinct from ? and id > ? order by id limit 500`,
        [latestBodyMigration, after],
      )
    ).map((row) => row.id);
    if (page.length === 0) return report;
    after = page.at(-1)!;
    const worker = async () => {
      for (let bodyId = page.shift(); bodyId && !signal?.aborted; bodyId = page.shift()) {
        try {
          if (await backfillBodyInbox(em.fork(), bodyId)) report.indexed++;
        } catch (error) {
          report.failed.push({ bodyId, error: error instanceof Error ? error.message : String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  }
  return report;
}

interface IndexRow {
  /** Bodies of the query not indexed yet whose schema is up to date (on every row, and on the one row when there is no entry). */
  pending_bodies: string[];
  meeting_id: string | null;
  body_id: string;
  body: Omit<BodyFields, 'id'>;
  assembly: IndexedAssembly;
  title: string;
  starts_at: Date | string;
  place: string | null;
  status: MeetingStatus;
  urgent: boolean;
  urgency_justification: string | null;
  mode: RecipientChannel;
  voting_right: boolean;
  first_opened_at: Date | string | null;
  acknowledged_at: Date | string | null;
  answer: (Omit<AnswerFields, 'personId' | 'recordedAt'> & { proxyHolderName: string | null; recordedAt: string }) | null;
  last_supplement_at: Date | string | null;
  changed_documents_unread: number;
  last_change:
    | (Omit<ChangeFields, 'previousStartsAt' | 'startsAt' | 'changedAt'> & {
        previousStartsAt: string;
        startsAt: string;
        changedAt: string;
      })
    | null;
}

function entryOf(row: IndexRow, personId: string): InboxEntry {
  const { answer, last_change: change } = row;
  return {
    bodyId: row.body_id,
    body: { id: row.body_id, ...row.body },
    meetingId: row.meeting_id!,
    title: row.title,
    startsAt: new Date(row.starts_at),
    place: row.place,
    status: row.status,
    urgent: row.urgent,
    urgencyJustification: row.urgency_justification,
    assembly: row.assembly,
    convocation: {
      mode: row.mode,
      votingRight: row.voting_right,
      firstOpenedAt: dateOrNull(row.first_opened_at),
      acknowledgedAt: dateOrNull(row.acknowledged_at),
      answer: answer && {
        id: answer.id,
        personId,
        response: answer.response,
        proxyHolderId: answer.proxyHolderId,
        illnessDeclared: answer.illnessDeclared,
        illnessCertifiedOn: answer.illnessCertifiedOn,
        remote: answer.remote,
        recordedBy: answer.recordedBy,
        recordedAt: new Date(answer.recordedAt),
      },
      names: new Map(answer?.proxyHolderId && answer.proxyHolderName ? [[answer.proxyHolderId, answer.proxyHolderName]] : []),
      lastSupplementAt: dateOrNull(row.last_supplement_at),
      changedDocumentsUnread: row.changed_documents_unread,
    },
    lastChange: change && {
      ...change,
      previousStartsAt: new Date(change.previousStartsAt),
      startsAt: new Date(change.startsAt),
      changedAt: new Date(change.changedAt),
    },
  };
}

export interface InboxQuery {
  personId: string;
  /** The bodies whose rows may be shown: the caller's, with a role that reads (the caller checks it). */
  bodyIds: readonly string[];
  from: Date | null;
  to: Date | null;
  limit: number;
  /** The latest body migration: a body not indexed yet at that version is indexed before the read. */
  latestBodyMigration: string | null;
}

/**
 * The statement of `readInbox` (exported for the S1 benchmark's baseline, which runs it as it is). Its
 * parameters: the body ids, the latest body migration, the person, the body ids again, `from` twice, `to`
 * twice, the limit.
 */
export const inboxStatement = `select pending.bodies as pending_bodies, e.*
   from (select coalesce(json_agg(id), '[]') as bodies from platform.body
          where id = any(?::uuid[]) and inbox_indexed_at is null and schema_version is not distinct from ?) pending
   left join lateral (
     select e.meeting_id, e.body_id, e.assembly, e.title, e.starts_at, e.place, e.status, e.urgent, e.urgency_justification, e.mode, e.voting_right,
            e.first_opened_at, e.acknowledged_at, e.answer, e.last_supplement_at, e.changed_documents_unread, e.last_change,
            json_build_object('slug', b.slug, 'name', b.name, 'kind', b.kind, 'population', b.population, 'timeZone', b.time_zone,
                              'status', b.status, 'logoKey', b.logo_key, 'mailSenderName', b.mail_sender_name, 'mailReplyTo', b.mail_reply_to) as body
       from platform.inbox_entry e join platform.body b on b.id = e.body_id
      where e.person_id = ? and e.body_id = any(?::uuid[]) and b.status <> 'SUSPENDED'
        and (?::timestamptz is null or e.starts_at >= ?) and (?::timestamptz is null or e.starts_at < ?)
      order by e.starts_at, e.meeting_id
      limit ?) e on true
  order by e.starts_at, e.meeting_id`;

/**
 * An official's inbox: their rows in the bodies given, by date, each with its body, in one statement on
 * the platform schema (one node on Citus: the table is distributed by person, the body table is a reference
 * table). A suspended body's meetings are left out. The same statement names the bodies not indexed yet
 * (bodies that existed before the index, which neither `npm run migrate` nor the start-up backfill has
 * reached): those are indexed first — one transaction each, once per body — and the rows read again, so no
 * inbox misses a meeting convened before the upgrade. A body whose schema is behind waits for its
 * migration (its space is closed until then, BodyScope).
 */
export async function readInbox(em: EntityManager, query: InboxQuery): Promise<InboxEntry[]> {
  if (query.bodyIds.length === 0) return [];
  const bodyIds = `{${query.bodyIds.join(',')}}`;
  for (let attempt = 0; ; attempt++) {
    const rows = await em.execute<IndexRow[]>(inboxStatement, [
      bodyIds,
      query.latestBodyMigration,
      query.personId,
      bodyIds,
      query.from ?? null,
      query.from ?? null,
      query.to ?? null,
      query.to ?? null,
      query.limit,
    ]);
    const pending = rows[0]?.pending_bodies ?? [];
    // A second pass finds none left (or one another request is indexing, whose rows it reads as they are).
    if (pending.length === 0 || attempt > 0)
      return rows.filter((row) => row.meeting_id !== null).map((row) => entryOf(row, query.personId));
    for (const bodyId of pending) await backfillBodyInbox(em.fork(), bodyId);
  }
}

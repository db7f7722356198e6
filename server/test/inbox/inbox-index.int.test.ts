import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { attachDocument, convenedMeeting, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { meetingToday, personIds, seanceClient, villeMembers } from '../seance/fixtures.js';
import { backfillInboxes } from '../../src/body/inbox/inbox-index.js';
import { latestMigration } from '../../src/tenancy/schema-migrator.js';

// The platform inbox index (server/src/body/inbox/inbox-index.ts): each write an official's inbox shows
// updates their row in its own transaction, and the inbox reads the rows of its caller only.

// Timestamps as the driver returns them from a raw statement: text.
type Row = {
  status: string;
  starts_at: string;
  place: string | null;
  first_opened_at: string | null;
  acknowledged_at: string | null;
  answer: { response: string; proxyHolderName: string | null } | null;
  last_supplement_at: string | null;
  changed_documents_unread: number;
  last_change: { kind: string; reason: string } | null;
};
type Mine = {
  id: string;
  status: string;
  body: { slug: string };
  myConvocation: { firstOpenedAt: string | null; acknowledgedAt: string | null; answer: { response: string } | null } | null;
};
const inboxQuery = '{ myMeetings { id status body { slug } myConvocation { firstOpenedAt acknowledgedAt answer { response } } } }';

let harness: TestHarness;
let secretariat: string;
let claire: string;

beforeAll(async () => {
  harness = await startHarness({ demoDocuments: true, environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  claire = await harness.token('claire.martin');
});
afterAll(() => harness?.close());

const db = () => databaseOf(harness);
const sql = <T extends object[]>(text: string, parameters: unknown[] = []) =>
  harness.runtime.orm.em.fork().getConnection().execute<T>(text, parameters);
const rowOf = async (meetingId: string, login: string) =>
  (
    await sql<Row[]>('select * from platform.inbox_entry where meeting_id = ? and person_id = ?', [meetingId, await db().personId(login)])
  )[0];
const inbox = async (token: string) => {
  const result = await harness.graphql<{ myMeetings: Mine[] }>(inboxQuery, {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.myMeetings;
};

describe('the inbox index follows every write its rows show', () => {
  it('send, receipt, answer, supplement, move, cancel: the row changes in the same request', async () => {
    const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 30, items: 1 });
    const note = await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    // A draft has no row: nobody is convened yet.
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toBeUndefined();

    expect(
      (await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat)).errors,
    ).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({
      status: 'CONVENED',
      first_opened_at: null,
      answer: null,
      last_change: null,
      changed_documents_unread: 0,
    });
    const convened = (
      await sql<{ count: number }[]>('select count(*)::int as count from platform.inbox_entry where meeting_id = ?', [meeting.meetingId])
    )[0]!.count;
    const { schema } = await db().body('ville-besancon');
    const recipients = (
      await sql<{ count: number }[]>(
        `select count(distinct person_id)::int as count from ${schema}.convocation_recipient where meeting_id = ?`,
        [meeting.meetingId],
      )
    )[0]!.count;
    expect(convened).toBe(recipients);

    const acknowledge = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { acknowledgeConvocation(bodyId: $bodyId, meetingId: $meetingId) { acknowledgedAt } }',
      meeting,
      claire,
    );
    expect(acknowledge.errors).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({
      first_opened_at: expect.any(String),
      acknowledged_at: expect.any(String),
    });

    const paulId = await db().personId('paul.bernard');
    const answered = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
      { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, response: 'PROXY', proxyHolderId: paulId } },
      claire,
    );
    expect(answered.errors).toBeUndefined();
    expect((await rowOf(meeting.meetingId, 'claire.martin'))!.answer).toMatchObject({ response: 'PROXY', proxyHolderName: 'Paul Bernard' });

    // A new version of the note, sent as a supplement: one changed document to read.
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
      documentId: note.id,
    });
    const supplement = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { sendConvocationSupplement(bodyId: $bodyId, meetingId: $meetingId) { id } }',
      meeting,
      secretariat,
    );
    expect(supplement.errors).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({
      last_supplement_at: expect.any(String),
      changed_documents_unread: 1,
    });

    const startsAt = new Date(Date.now() + 31 * 86_400_000);
    startsAt.setUTCHours(17, 0, 0, 0);
    const moved = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: MoveMeetingInput!) { moveMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) { startsAt } }',
      { ...meeting, input: { startsAt: startsAt.toISOString(), place: 'Salle Proudhon', reason: 'Salle du conseil en travaux' } },
      secretariat,
    );
    expect(moved.errors).toBeUndefined();
    const afterMove = (await rowOf(meeting.meetingId, 'claire.martin'))!;
    expect(afterMove).toMatchObject({ place: 'Salle Proudhon', last_change: { kind: 'MOVED', reason: 'Salle du conseil en travaux' } });
    expect(new Date(afterMove.starts_at)).toEqual(startsAt);

    const cancelled = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $reason: String!) { cancelMeeting(bodyId: $bodyId, meetingId: $meetingId, reason: $reason) { status } }',
      { ...meeting, reason: 'Ordre du jour reporté' },
      secretariat,
    );
    expect(cancelled.errors).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({
      status: 'CANCELLED',
      last_change: { kind: 'CANCELLED', reason: 'Ordre du jour reporté' },
      answer: { response: 'PROXY' },
    });
    expect((await inbox(claire)).find((item) => item.id === meeting.meetingId)).toMatchObject({
      status: 'CANCELLED',
      myConvocation: { answer: { response: 'PROXY' } },
    });
  });

  it('writes nothing when the index write fails: the send and its row are one transaction', async () => {
    const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 40, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    // The index refuses this meeting's rows, as a crash between the body's writes and the index's would.
    await sql(
      `create function platform.inbox_entry_refuse() returns trigger language plpgsql as $$ begin raise exception 'index write refused'; end $$`,
    );
    await sql(
      `create trigger inbox_entry_refuse before insert or update on platform.inbox_entry for each row when (new.meeting_id = '${meeting.meetingId}') execute function platform.inbox_entry_refuse()`,
    );
    try {
      const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat);
      expect(sent.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await sql('drop trigger inbox_entry_refuse on platform.inbox_entry');
      await sql('drop function platform.inbox_entry_refuse()');
    }
    const { schema } = await db().body('ville-besancon');
    expect((await sql<{ status: string }[]>(`select status from ${schema}.meeting where id = ?`, [meeting.meetingId]))[0]!.status).toBe(
      'DRAFT',
    );
    expect(await sql(`select 1 from ${schema}.convocation where meeting_id = ?`, [meeting.meetingId])).toEqual([]);
    expect(await sql('select 1 from platform.inbox_entry where meeting_id = ?', [meeting.meetingId])).toEqual([]);
    // Sent again once the index accepts it: both written.
    expect(
      (await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat)).errors,
    ).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({ status: 'CONVENED' });
  });
});

describe('who sees a row', () => {
  it('an official sees her own rows only, never a colleague’s', async () => {
    const meeting = await convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays: 45 });
    const answered = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
      { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, response: 'ABSENT' } },
      claire,
    );
    expect(answered.errors).toBeUndefined();
    const paul = await inbox(await harness.token('paul.bernard'));
    // Paul is convened too: his row, with his status (no answer), not Claire's.
    expect(paul.find((item) => item.id === meeting.meetingId)!.myConvocation).toMatchObject({ answer: null });
    expect((await inbox(claire)).find((item) => item.id === meeting.meetingId)!.myConvocation).toMatchObject({
      answer: { response: 'ABSENT' },
    });
    // Claire's other bodies are hers: none of their meetings reaches Paul's inbox.
    expect(new Set(paul.map((item) => item.body.slug))).toEqual(new Set(['ville-besancon']));
  });

  it('a membership ended removes the body’s rows from the inbox, though they stay in the index', async () => {
    const doubs = async () => (await inbox(claire)).filter((item) => item.body.slug === 'departement-doubs');
    expect((await doubs()).length).toBeGreaterThan(0);
    const platform = db().platform();
    const { body } = await db().body('departement-doubs');
    const membership = await platform.findOneOrFail(Membership, { person: await db().personId('claire.martin'), body: body.id });
    const mandateEnd = membership.mandateEnd;
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    membership.mandateEnd = yesterday;
    await platform.flush();
    try {
      expect(await doubs()).toEqual([]);
      expect(
        (
          await sql<{ count: number }[]>('select count(*)::int as count from platform.inbox_entry where body_id = ? and person_id = ?', [
            body.id,
            membership.person.id,
          ])
        )[0]!.count,
      ).toBeGreaterThan(0);
    } finally {
      membership.mandateEnd = mandateEnd;
      await platform.flush();
    }
    expect((await doubs()).length).toBeGreaterThan(0);
  });
});

describe('the index follows the meeting’s life after its convocation', () => {
  it('séance closed (meeting held), then the meeting closed: the row’s status follows each', async () => {
    const ids = await personIds(harness, [...villeMembers]);
    const meeting = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, meeting.bodyId, meeting.meetingId);
    const present = ['anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad'].map((login) => ids[login]!);
    expect((await seance.open(secretariat, { presentIds: present })).errors).toBeUndefined();
    expect((await seance.close(secretariat)).errors).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({ status: 'HELD' });

    const closed = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { changeMeetingStatus(bodyId: $bodyId, meetingId: $meetingId, status: CLOSED) { status } }',
      meeting,
      secretariat,
    );
    expect(closed.errors).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({ status: 'CLOSED' });
    expect((await inbox(claire)).find((item) => item.id === meeting.meetingId)).toMatchObject({ status: 'CLOSED' });
  });

  it('a document downloaded: one changed document fewer to read', async () => {
    const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 50, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect(
      (await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat)).errors,
    ).toBeUndefined();
    const plan = await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
      kind: 'ANNEXE',
      title: 'Plan de financement',
    });
    expect(
      (
        await harness.graphql(
          'mutation ($bodyId: UUID!, $meetingId: UUID!) { sendConvocationSupplement(bodyId: $bodyId, meetingId: $meetingId) { id } }',
          meeting,
          secretariat,
        )
      ).errors,
    ).toBeUndefined();
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({ changed_documents_unread: 1 });

    const documents = await harness.graphql<{ body: { meeting: { documents: { id: string; versions: { downloadUrl: string }[] }[] } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { id versions { downloadUrl } } } } }',
      { id: meeting.meetingId },
      claire,
    );
    const link = new URL(documents.data!.body.meeting.documents.find((document) => document.id === plan.id)!.versions[0]!.downloadUrl);
    expect((await harness.http.get(link.pathname + link.search)).status).toBe(302);
    expect(await rowOf(meeting.meetingId, 'claire.martin')).toMatchObject({ changed_documents_unread: 0 });
  });

  it('a commission’s delay changed: the rows of its convened meetings show the new delay', async () => {
    const meeting = await convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', {
      inDays: 55,
      assemblyKind: 'COMMISSION',
    });
    const assemblyOf = async () =>
      (
        await sql<{ assembly: { id: string; convocationClearDays: number | null; convocationRuleReference: string | null } }[]>(
          'select assembly from platform.inbox_entry where meeting_id = ? limit 1',
          [meeting.meetingId],
        )
      )[0]!.assembly;
    const { id: assemblyId } = await assemblyOf();
    const changed = await harness.graphql(
      'mutation ($bodyId: UUID!, $assemblyId: UUID!) { setCommissionConvocationDelay(bodyId: $bodyId, assemblyId: $assemblyId, clearDays: 4, reference: "Règlement intérieur, article 12") { id } }',
      { bodyId: meeting.bodyId, assemblyId },
      secretariat,
    );
    expect(changed.errors).toBeUndefined();
    expect(await assemblyOf()).toMatchObject({ convocationClearDays: 4, convocationRuleReference: 'Règlement intérieur, article 12' });
  });
});

describe('bodies that existed before the index', () => {
  type Snapshot = { person_id: string; meeting_id: string; status: string; answer: unknown }[];
  const rowsOf = (bodyId: string) =>
    sql<Snapshot>(
      'select person_id, meeting_id, status, answer from platform.inbox_entry where body_id = ? order by person_id, meeting_id',
      [bodyId],
    );
  /** The body as an upgrade finds it: its meetings convened, no row in the index, not indexed. */
  const unindex = async (slug: string) => {
    const { body } = await db().body(slug);
    const before = await rowsOf(body.id);
    expect(before.length).toBeGreaterThan(0);
    await sql('delete from platform.inbox_entry where body_id = ?', [body.id]);
    await sql('update platform.body set inbox_indexed_at = null where id = ?', [body.id]);
    return { bodyId: body.id, before };
  };
  const indexedAt = async (bodyId: string) =>
    (await sql<{ inbox_indexed_at: string | null }[]>('select inbox_indexed_at from platform.body where id = ?', [bodyId]))[0]!
      .inbox_indexed_at;

  it('an official’s inbox lists the meetings of a body not indexed yet: it indexes it first', async () => {
    const doubsMeetings = async () => (await inbox(claire)).filter((item) => item.body.slug === 'departement-doubs').map((item) => item.id);
    const listed = await doubsMeetings();
    expect(listed.length).toBeGreaterThan(0);
    const { bodyId, before } = await unindex('departement-doubs');
    expect(await doubsMeetings()).toEqual(listed);
    expect(await rowsOf(bodyId)).toEqual(before);
    expect(await indexedAt(bodyId)).not.toBeNull();
  });

  it('the server start indexes them in the background', async () => {
    const { bodyId, before } = await unindex('departement-doubs');
    const restarted = await startHarness({ databaseUrl: harness.databaseUrl, demo: false, environment: { JOBS_CONCURRENCY: '0' } });
    try {
      expect(await restarted.runtime.inboxBackfill).toEqual({ indexed: 1, failed: [] });
    } finally {
      await restarted.close();
    }
    expect(await rowsOf(bodyId)).toEqual(before);
    expect(await indexedAt(bodyId)).not.toBeNull();
  });

  it('the backfill resumes after a body failed, and a rerun changes nothing', async () => {
    const latest = latestMigration(harness.runtime.bodyMigrations);
    const doubs = await unindex('departement-doubs');
    const ville = await unindex('ville-besancon');
    // Doubs's transaction fails halfway (its rows refused), as an interrupted run would leave it.
    await sql(
      `create function platform.inbox_entry_refuse() returns trigger language plpgsql as $$ begin raise exception 'index write refused'; end $$`,
    );
    await sql(
      `create trigger inbox_entry_refuse before insert on platform.inbox_entry for each row when (new.body_id = '${doubs.bodyId}') execute function platform.inbox_entry_refuse()`,
    );
    try {
      const first = await backfillInboxes(harness.runtime.orm.em.fork(), latest);
      expect(first.indexed).toBe(1);
      expect(first.failed.map((failure) => failure.bodyId)).toEqual([doubs.bodyId]);
    } finally {
      await sql('drop trigger inbox_entry_refuse on platform.inbox_entry');
      await sql('drop function platform.inbox_entry_refuse()');
    }
    expect(await rowsOf(doubs.bodyId)).toEqual([]);
    expect(await indexedAt(doubs.bodyId)).toBeNull();
    expect(await rowsOf(ville.bodyId)).toEqual(ville.before);

    // The rerun does what is left: Doubs only.
    expect(await backfillInboxes(harness.runtime.orm.em.fork(), latest)).toEqual({ indexed: 1, failed: [] });
    expect(await rowsOf(doubs.bodyId)).toEqual(doubs.before);
    // And a third run, nothing.
    const stamps = await sql('select person_id, meeting_id, updated_at from platform.inbox_entry order by person_id, meeting_id');
    expect(await backfillInboxes(harness.runtime.orm.em.fork(), latest)).toEqual({ indexed: 0, failed: [] });
    expect(await sql('select person_id, meeting_id, updated_at from platform.inbox_entry order by person_id, meeting_id')).toEqual(stamps);
  });
});

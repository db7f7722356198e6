import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceRecord } from '../../src/body/attendance/attendance-record.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { verifyLedger } from '../../src/evidence/ledger.js';
import { databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { failure, meetingToday, personIds, seanceClient, villeMembers } from './fixtures.js';

// The séance of a convened meeting, through the GraphQL API on a real database: opening with the quorum,
// secretaries, huis clos, arrivals and departures with pouvoirs, quorum lost and restored, items, closing.
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  ids = await personIds(harness, [...villeMembers, 'secretariat.ville']);
});
afterAll(() => harness?.close());

const some = (...logins: string[]) => logins.map((login) => ids[login]!);

async function ledgerKinds(meetingId: string): Promise<string[]> {
  const { em } = await databaseOf(harness).body('ville-besancon');
  return (await em.find(LedgerEntry, { subjectId: meetingId, kind: { $like: 'SEANCE_%' } }, { orderBy: { sequence: 'asc' } })).map(
    (entry) => entry.kind,
  );
}

describe('opening the séance', () => {
  it('records the members present, the secretaries and the quorum check; refuses a second opening', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat);
    const seance = seanceClient(harness, bodyId, meetingId);
    expect((await seance.read(secretariat)).seance).toBeNull();

    const opened = await seance.open(secretariat, {
      presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad'),
      secretaryIds: some('claire.martin'),
    });
    expect(opened.errors).toBeUndefined();
    expect(opened.seance).toMatchObject({
      status: 'OPEN',
      secretaries: [{ displayName: 'Claire Martin' }],
      quorum: { membersInOffice: 9, present: 5, required: 5, reached: true, article: 'CGCT L2121-17' },
      quorumChecks: [{ occasion: 'OPENING', present: 5, required: 5, reached: true, article: 'CGCT L2121-17' }],
      me: { manager: true, member: false },
    });
    expect(opened.seance!.attendees.filter((attendee) => attendee.present)).toHaveLength(5);
    expect(failure(await seance.open(secretariat, { presentIds: [] }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'SEANCE_ALREADY_OPENED',
    });
    // From now on the « Présences » are the séance's: no manual entry beside it.
    const manual = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: RecordAttendanceInput!) { recordAttendance(bodyId: $bodyId, input: $input) { open } }',
      { bodyId, input: { meetingId, entries: [{ personId: ids['sophie.lambert'], status: 'ABSENT' }] } },
      secretariat,
    );
    expect(failure(manual)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'SEANCE_RECORDS_ATTENDANCE' });
    expect(await ledgerKinds(meetingId)).toEqual(['SEANCE_OPENED', 'SEANCE_QUORUM_CHECKED']);
  });

  it('closes at once for lack of quorum (NO_QUORUM), with the figures a second convocation needs', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat);
    const seance = seanceClient(harness, bodyId, meetingId);
    const opened = await seance.open(secretariat, { presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali') });
    expect(opened.seance).toMatchObject({
      status: 'NO_QUORUM',
      quorumChecks: [{ occasion: 'OPENING', present: 4, required: 5, reached: false }],
    });
    expect(opened.seance!.closedAt).not.toBeNull();
    expect(failure(await seance.arrive(secretariat, ids['nadia.haddad']!))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'SEANCE_NO_QUORUM',
    });
    // The « Présences » say who came.
    const { em } = await databaseOf(harness).body('ville-besancon');
    const records = await em.find(AttendanceRecord, { meetingId, supersededAt: null });
    expect(records.filter((record) => record.status === 'PRESENT')).toHaveLength(4);
    expect(records.filter((record) => record.status === 'ABSENT')).toHaveLength(5);
    expect(await ledgerKinds(meetingId)).toEqual(['SEANCE_OPENED', 'SEANCE_QUORUM_CHECKED', 'SEANCE_CLOSED']);
    // The failure is what the second convocation reads (L2121-17 al. 2): it can be prepared from this séance.
    const view = await harness.graphql<{
      body: { meeting: { quorumFailure: { present: number; required: number; article: string } | null } };
    }>(
      `query ($meetingId: UUID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) { quorumFailure { present required article } } } }`,
      { meetingId },
      secretariat,
    );
    expect(view.data!.body.meeting.quorumFailure).toMatchObject({ present: 4, required: 5, article: 'CGCT L2121-17' });
    const startsAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const again = await harness.graphql<{ conveneAgainWithoutQuorum: { status: string } }>(
      `mutation ($bodyId: UUID!, $input: ConveneAgainInput!) { conveneAgainWithoutQuorum(bodyId: $bodyId, input: $input) { status } }`,
      { bodyId, input: { meetingId, startsAt } },
      secretariat,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.conveneAgainWithoutQuorum.status).toBe('DRAFT');
  });

  it('refuses bad input and outsiders, writing nothing', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat);
    const seance = seanceClient(harness, bodyId, meetingId);
    const official = await harness.token('paul.bernard');
    expect(failure(await seance.open(official, { presentIds: some('paul.bernard') }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failure(await seance.open(secretariat, { presentIds: [ids['secretariat.ville']!] }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_A_MEMBER',
    });
    expect(failure(await seance.open(secretariat, { presentIds: some('paul.bernard', 'paul.bernard') }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'presentIds',
    });
    expect(
      failure(await seance.open(secretariat, { presentIds: some('paul.bernard'), secretaryIds: some('claire.martin') })),
    ).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'SECRETARY_NOT_PRESENT',
    });
    const outsider = await harness.token('secretariat.doubs');
    expect(failure(await seance.open(outsider, { presentIds: some('paul.bernard') }))).toMatchObject({ code: 'NOT_FOUND' });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(failure(await seance.open(secretariat, { presentIds: some('paul.bernard'), at: future }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'at',
    });
    expect((await seance.read(secretariat)).seance).toBeNull();
    expect(await ledgerKinds(meetingId)).toEqual([]);
  });
});

describe('arrivals, departures and pouvoirs', () => {
  it('follows the room: a pouvoir handed on departure, the quorum lost and restored, the « Présences » filled at the close', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat);
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad') });

    const arrived = await seance.arrive(secretariat, ids['thomas.vidal']!);
    expect(arrived.seance!.quorum).toMatchObject({ present: 6 });
    expect(failure(await seance.arrive(secretariat, ids['thomas.vidal']!))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PRESENT' });
    expect(failure(await seance.leave(secretariat, ids['sophie.lambert']!))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_PRESENT',
    });

    // The pouvoir rules: to a member present, one per holder.
    expect(failure(await seance.leave(secretariat, ids['thomas.vidal']!, ids['sophie.lambert']))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'HOLDER_NOT_PRESENT',
      article: 'CGCT L2121-20',
    });
    expect(failure(await seance.leave(secretariat, ids['thomas.vidal']!, ids['thomas.vidal']))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'PROXY_TO_SELF',
    });
    const handed = await seance.leave(secretariat, ids['thomas.vidal']!, ids['paul.bernard']);
    expect(handed.errors).toBeUndefined();
    expect(handed.seance!.attendees.find((attendee) => attendee.personId === ids['thomas.vidal'])).toMatchObject({
      present: false,
      representedBy: { personId: ids['paul.bernard'] },
    });
    expect(handed.seance!.quorum).toMatchObject({ present: 5, represented: 1, counted: 5, reached: true });
    expect(failure(await seance.leave(secretariat, ids['karim.benali']!, ids['paul.bernard']))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'HOLDER_ALREADY_HOLDS',
    });

    // A departure below the quorum marks it lost; an arrival restores it.
    const lost = await seance.leave(secretariat, ids['karim.benali']!);
    expect(lost.seance!.quorum).toMatchObject({ present: 4, reached: false });
    expect(lost.seance!.quorumLostAt).not.toBeNull();
    const back = await seance.arrive(secretariat, ids['karim.benali']!);
    expect(back.seance!.quorumLostAt).toBeNull();
    expect(back.seance!.attendees.find((attendee) => attendee.personId === ids['karim.benali'])!.stays).toHaveLength(2);

    // The holder leaves: the pouvoir ends with them.
    const holderGone = await seance.leave(secretariat, ids['paul.bernard']!);
    expect(holderGone.seance!.attendees.find((attendee) => attendee.personId === ids['thomas.vidal'])!.representedBy).toBeNull();

    const official = await harness.token('claire.martin');
    expect(failure(await seance.arrive(official, ids['paul.bernard']!))).toMatchObject({ code: 'FORBIDDEN' });

    const closed = await seance.close(secretariat);
    expect(closed.errors).toBeUndefined();
    expect(closed.seance).toMatchObject({ status: 'CLOSED' });
    const { em } = await databaseOf(harness).body('ville-besancon');
    const records = await em.find(AttendanceRecord, { meetingId, supersededAt: null });
    const statusOf = (login: string) => records.find((record) => record.personId === ids[login])?.status;
    expect(records).toHaveLength(9);
    expect(statusOf('thomas.vidal')).toBe('PRESENT');
    expect(statusOf('karim.benali')).toBe('PRESENT');
    expect(statusOf('sophie.lambert')).toBe('ABSENT');
    const meeting = await harness.graphql<{ body: { meeting: { status: string } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { status } } }',
      { id: meetingId },
      secretariat,
    );
    expect(meeting.data!.body.meeting.status).toBe('HELD');
    expect(await ledgerKinds(meetingId)).toEqual([
      'SEANCE_OPENED',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_ARRIVAL',
      'SEANCE_DEPARTURE',
      'SEANCE_PROXY_HANDED',
      'SEANCE_DEPARTURE',
      'SEANCE_ARRIVAL',
      'SEANCE_DEPARTURE',
      'SEANCE_CLOSED',
    ]);
    const { body } = await databaseOf(harness).body('ville-besancon');
    expect((await verifyLedger(em, body.id)).ok).toBe(true);
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceRecord } from '../../src/body/attendance/attendance-record.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { verifyLedger } from '../../src/evidence/ledger.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';

// The attendance recorded in session by the secretariat: from the meeting's day on, the proxy rules on
// what is recorded, idempotent per person, chained in the ledger; then the meeting is marked held.
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  const db = databaseOf(harness);
  const logins = [
    'anne.vignot',
    'claire.martin',
    'elodie.roussel',
    'jean-marc.girard',
    'karim.benali',
    'nadia.haddad',
    'paul.bernard',
    'sophie.lambert',
    'thomas.vidal',
    'secretariat.ville',
  ];
  ids = Object.fromEntries(await Promise.all(logins.map(async (login) => [login, await db.personId(login)])));
});
afterAll(() => harness?.close());

async function convenedMeeting(options: { today: boolean; title?: string }) {
  const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items: 1, title: options.title });
  await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat);
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  if (options.today) await startNow(meeting.meetingId);
  return meeting;
}

/** Convened 20 days ahead, the meeting's day has come: it starts now. */
async function startNow(meetingId: string) {
  const { schema } = await databaseOf(harness).body('ville-besancon');
  await harness.runtime.orm.em.getConnection().execute(`update ${schema}.meeting set starts_at = now() where id = ?`, [meetingId]);
}

interface Attendance {
  opensOn: string;
  open: boolean;
  entries: {
    personId: string;
    displayName: string;
    status: string | null;
    proxyHolder: { displayName: string } | null;
    arrivedAt: string | null;
    leftAt: string | null;
    recordedAt: string | null;
    announced: { response: string } | null;
  }[];
  quorum: {
    membersInOffice: number;
    required: number;
    present: number;
    represented: number;
    absent: number;
    unanswered: number;
    counted: number;
    reached: boolean;
    rule: { article: string; countsProxies: boolean };
  };
}
const attendanceFields = `opensOn open entries { personId displayName status proxyHolder { displayName } arrivedAt leftAt recordedAt announced { response } }
  quorum { membersInOffice required present represented absent unanswered counted reached rule { article countsProxies } }`;
const recordMutation = `mutation ($bodyId: UUID!, $input: RecordAttendanceInput!) { recordAttendance(bodyId: $bodyId, input: $input) { ${attendanceFields} } }`;
const attendanceQuery = `query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { status attendance { ${attendanceFields} } } } }`;

const entry = (login: string, status: string, more: Record<string, unknown> = {}) => ({ personId: ids[login], status, ...more });

function recorder(bodyId: string, meetingId: string, token = secretariat) {
  return (entries: Record<string, unknown>[]) =>
    harness.graphql<{ recordAttendance: Attendance }>(recordMutation, { bodyId, input: { meetingId, entries } }, token);
}
const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});
const statusOf = (attendance: Attendance, name: string) => attendance.entries.find((row) => row.displayName === name)?.status ?? null;

async function ledgerOf(meetingId: string, kind: string) {
  const { em } = await databaseOf(harness).body('ville-besancon');
  return em.find(LedgerEntry, { subjectId: meetingId, kind }, { orderBy: { sequence: 'asc' } });
}

describe('recording the attendance in session', () => {
  it('opens on the day of the meeting, for a convened meeting only', async () => {
    const { bodyId, meetingId, startsAt } = await convenedMeeting({ today: false });
    const record = recorder(bodyId, meetingId);
    const early = await record([entry('claire.martin', 'PRESENT')]);
    expect(failure(early)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'BEFORE_MEETING_DAY' });
    expect(early.errors?.[0]?.message).toMatch(/^Les présences se saisissent à partir du jour de la séance, le \d+ \S+ \d{4}\.$/);
    const read = await harness.graphql<{ body: { meeting: { attendance: Attendance } } }>(attendanceQuery, { id: meetingId }, secretariat);
    expect(read.data!.body.meeting.attendance).toMatchObject({ open: false, opensOn: startsAt.toISOString().slice(0, 10) });
    expect(read.data!.body.meeting.attendance.entries).toHaveLength(9);
    expect(read.data!.body.meeting.attendance.entries.every((row) => row.status === null)).toBe(true);

    const draft = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 1, items: 1 });
    expect(failure(await recorder(bodyId, draft.meetingId)([entry('claire.martin', 'PRESENT')]))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_CONVENED',
    });
    const notYet = await harness.graphql<{ body: { meeting: { attendance: null } } }>(
      attendanceQuery,
      { id: draft.meetingId },
      secretariat,
    );
    expect(notYet.data!.body.meeting.attendance).toBeNull();
  });

  it('applies the proxy rules to what is recorded, all or nothing, keeps every change and chains it', async () => {
    const { bodyId, meetingId } = await convenedMeeting({ today: false });
    // Announced before the meeting: Claire gives her proxy to Paul.
    const announced = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { id } }',
      { bodyId, input: { meetingId, response: 'PROXY', proxyHolderId: ids['paul.bernard'], onBehalfOf: ids['claire.martin'] } },
      secretariat,
    );
    expect(announced.errors).toBeUndefined();
    await startNow(meetingId);
    const record = recorder(bodyId, meetingId);

    expect(failure(await record([entry('secretariat.ville', 'PRESENT')]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PERSON_NOT_CONVENED',
      personId: ids['secretariat.ville'],
    });
    expect(failure(await record([entry('claire.martin', 'PRESENT'), entry('claire.martin', 'ABSENT')]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entries',
    });
    expect(failure(await record([entry('claire.martin', 'REPRESENTED')]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'proxyHolderId',
    });
    expect(failure(await record([entry('claire.martin', 'ABSENT', { arrivedAt: new Date().toISOString() })]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'arrivedAt',
    });
    const arrived = new Date(Date.now() + 10 * 60_000).toISOString();
    expect(
      failure(await record([entry('claire.martin', 'PRESENT', { arrivedAt: arrived, leftAt: new Date().toISOString() })])),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leftAt' });

    // The holder must be recorded present: in the same batch or before.
    const absentHolder = await record([entry('claire.martin', 'REPRESENTED', { proxyHolderId: ids['paul.bernard'] })]);
    expect(failure(absentHolder)).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'HOLDER_NOT_PRESENT',
      article: 'CGCT L2121-20',
      personId: ids['claire.martin'],
    });
    expect(absentHolder.errors?.[0]?.message).toBe('Paul Bernard doit être enregistré(e) présent(e) pour représenter Claire Martin.');
    expect(failure(await record([entry('claire.martin', 'REPRESENTED', { proxyHolderId: ids['claire.martin'] })]))).toMatchObject({
      rule: 'PROXY_TO_SELF',
    });

    // One proxy per holder: the whole batch is refused, nothing is written.
    const twice = await record([
      entry('paul.bernard', 'PRESENT'),
      entry('claire.martin', 'REPRESENTED', { proxyHolderId: ids['paul.bernard'] }),
      entry('sophie.lambert', 'REPRESENTED', { proxyHolderId: ids['paul.bernard'] }),
    ]);
    expect(failure(twice)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'HOLDER_ALREADY_HOLDS', article: 'CGCT L2121-20' });
    expect(twice.errors?.[0]?.message).toMatch(
      /^Paul Bernard représente déjà (Claire Martin|Sophie Lambert) : un même élu ne peut être porteur que d’un seul pouvoir \(CGCT L2121-20\)\.$/,
    );
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(await em.count(AttendanceRecord, { meetingId })).toBe(0);

    const batch = [
      entry('paul.bernard', 'PRESENT', { arrivedAt: arrived }),
      entry('claire.martin', 'REPRESENTED', { proxyHolderId: ids['paul.bernard'] }),
      entry('sophie.lambert', 'ABSENT'),
      entry('karim.benali', 'PRESENT'),
    ];
    const recorded = await record(batch);
    expect(recorded.errors).toBeUndefined();
    const attendance = recorded.data!.recordAttendance;
    expect(attendance.open).toBe(true);
    expect(attendance.quorum).toEqual({
      membersInOffice: 9,
      required: 5,
      present: 2,
      represented: 1,
      absent: 1,
      unanswered: 5,
      counted: 2,
      reached: false,
      rule: { article: 'CGCT L2121-17', countsProxies: false },
    });
    const claire = attendance.entries.find((row) => row.displayName === 'Claire Martin')!;
    expect(claire).toMatchObject({
      status: 'REPRESENTED',
      proxyHolder: { displayName: 'Paul Bernard' },
      arrivedAt: null,
      announced: { response: 'PROXY' },
    });
    expect(claire.recordedAt).not.toBeNull();
    expect(attendance.entries.find((row) => row.displayName === 'Paul Bernard')!.arrivedAt).toBe(arrived);
    expect(await ledgerOf(meetingId, 'ATTENDANCE_RECORDED')).toHaveLength(4);

    // The same again changes nothing; a change supersedes the record and is chained.
    expect((await record(batch)).errors).toBeUndefined();
    expect(await ledgerOf(meetingId, 'ATTENDANCE_RECORDED')).toHaveLength(4);
    const changed = await record([entry('sophie.lambert', 'PRESENT')]);
    expect(statusOf(changed.data!.recordAttendance, 'Sophie Lambert')).toBe('PRESENT');
    const entries = await ledgerOf(meetingId, 'ATTENDANCE_RECORDED');
    expect(entries.map((item) => [item.payload.personId, item.payload.status])).toEqual([
      [ids['paul.bernard'], 'PRESENT'],
      [ids['claire.martin'], 'REPRESENTED'],
      [ids['sophie.lambert'], 'ABSENT'],
      [ids['karim.benali'], 'PRESENT'],
      [ids['sophie.lambert'], 'PRESENT'],
    ]);
    expect(entries[1]!.payload).toMatchObject({ proxyHolderId: ids['paul.bernard'], recordedBy: ids['secretariat.ville'] });
    const sophie = await em
      .fork()
      .find(AttendanceRecord, { meetingId, personId: ids['sophie.lambert'] }, { orderBy: { recordedAt: 'asc', id: 'asc' } });
    expect(sophie.map((row) => [row.status, row.supersededAt !== null])).toEqual([
      ['ABSENT', true],
      ['PRESENT', false],
    ]);

    // A holder recorded absent would leave the one they represent unrepresented.
    expect(failure(await record([entry('paul.bernard', 'ABSENT')]))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'HOLDER_NOT_PRESENT',
      personId: ids['claire.martin'],
    });

    const { body } = await databaseOf(harness).body('ville-besancon');
    expect(await verifyLedger(em.fork(), body.id)).toMatchObject({ ok: true });
  });

  it('marks the meeting held once everyone convened is recorded, and the attendance sheet shows it', async () => {
    const { bodyId, meetingId } = await convenedMeeting({ today: true, title: 'Conseil municipal tenu' });
    const record = recorder(bodyId, meetingId);
    const hold = () =>
      harness.graphql<{ changeMeetingStatus: { status: string } }>(
        'mutation ($bodyId: UUID!, $id: UUID!) { changeMeetingStatus(bodyId: $bodyId, meetingId: $id, status: HELD) { status } }',
        { bodyId, id: meetingId },
        secretariat,
      );
    expect(
      (await record([entry('paul.bernard', 'PRESENT'), entry('claire.martin', 'REPRESENTED', { proxyHolderId: ids['paul.bernard'] })]))
        .errors,
    ).toBeUndefined();
    const incomplete = await hold();
    expect(failure(incomplete)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'ATTENDANCE_INCOMPLETE' });
    expect(incomplete.errors?.[0]?.message).toContain('Anne Vignot');

    const others = ['anne.vignot', 'elodie.roussel', 'jean-marc.girard', 'karim.benali', 'nadia.haddad'].map((login) =>
      entry(login, 'PRESENT'),
    );
    const complete = await record([...others, entry('sophie.lambert', 'ABSENT'), entry('thomas.vidal', 'ABSENT')]);
    expect(complete.data!.recordAttendance.quorum).toMatchObject({
      present: 6,
      represented: 1,
      absent: 2,
      unanswered: 0,
      counted: 6,
      required: 5,
      reached: true,
    });
    expect((await hold()).data).toEqual({ changeMeetingStatus: { status: 'HELD' } });
    expect(failure(await hold())).toMatchObject({ code: 'CONFLICT' });
    const held = await ledgerOf(meetingId, 'MEETING_HELD');
    expect(held.map((item) => item.payload)).toMatchObject([
      { present: 6, represented: 1, absent: 2, required: 5, reached: true, article: 'CGCT L2121-17' },
    ]);
    // Corrections stay possible (and chained) while the meeting is held, not closed.
    expect((await record([entry('thomas.vidal', 'PRESENT')])).errors).toBeUndefined();

    const links = await harness.graphql<{ body: { meeting: { proof: { attendanceSheetUrl: string } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { attendanceSheetUrl } } } }',
      { id: meetingId },
      secretariat,
    );
    const url = links.data!.body.meeting.proof.attendanceSheetUrl;
    const response = await harness.http
      .get(url.replace(testPublicUrl, ''))
      .buffer(true)
      .parse((reply, done) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-sheet-')), 'emargement.pdf');
    await writeFile(file, response.body as Buffer);
    const text = (await inspectPdf(file)).pages
      .map((page) => page.text)
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Présence constatée');
    expect(text).toMatch(/Claire Martin Sans réponse Représenté\(e\) par Paul Bernard/);
    expect(text).toMatch(/Sophie Lambert Sans réponse Absent\(e\)/);
    expect(text).toContain('Présence constatée : 7 présents, 1 représenté, 1 absent. Le quorum est atteint (7 sur 5).');
  });

  it('is for the body’s secretariat only', async () => {
    const { bodyId, meetingId } = await convenedMeeting({ today: true });
    for (const login of ['claire.martin', 'secretariat.doubs']) {
      const token = await harness.token(login);
      expect(failure(await recorder(bodyId, meetingId, token)([entry('claire.martin', 'PRESENT')])).code, login).toBe('NOT_FOUND');
      const read = await harness.graphql(attendanceQuery, { id: meetingId }, token);
      expect(read.errors?.[0]?.extensions?.code, login).toBe('NOT_FOUND');
    }
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(await em.count(AttendanceRecord, { meetingId })).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../src/common/time.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';

/**
 * Who is convened and who counts, through the API: members in office on the meeting's day (seat and
 * membership), only those with a vote in the quorum, no statutory quorum for a commission, the pouvoir
 * series whatever the order, and legal sentences from the rules of the body's kind.
 */
let harness: TestHarness;
let secretariat: string;
let claire: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  claire = await harness.token('claire.martin');
  const db = databaseOf(harness);
  const logins = ['claire.martin', 'paul.bernard', 'anne.vignot', 'karim.benali', 'sophie.lambert'];
  ids = Object.fromEntries(await Promise.all(logins.map(async (login) => [login, await db.personId(login)])));
});
afterAll(() => harness?.close());

async function convene(inDays: number, options: { assemblyKind?: string } = {}) {
  const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays, items: 1, ...options });
  await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql<{ sendConvocation: { recipientCount: number } }>(
    sendMutation,
    { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } },
    secretariat,
  );
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  return { ...meeting, recipientCount: sent.data!.sendConvocation.recipientCount };
}

const answerMutation = `mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response illnessDeclared illnessCertifiedOn } }`;
const answer = (token: string, meeting: { bodyId: string; meetingId: string }, input: Record<string, unknown>) =>
  harness.graphql(answerMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, ...input } }, token);

const meetingView = `query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) {
  followUp { displayName }
  quorumForecast { membersInOffice required present represented counted reached rule { statutory article countsProxies } }
  legalNotices { urgency proxy quorum illnessExtendsProxy }
} } }`;
interface MeetingView {
  followUp: { displayName: string }[];
  quorumForecast: {
    membersInOffice: number;
    required: number | null;
    present: number;
    represented: number;
    counted: number;
    reached: boolean | null;
    rule: { statutory: boolean; article: string | null; countsProxies: boolean };
  };
  legalNotices: { urgency: string; proxy: string; quorum: string; illnessExtendsProxy: boolean };
}
async function view(meetingId: string): Promise<MeetingView> {
  const result = await harness.graphql<{ body: { meeting: MeetingView } }>(meetingView, { id: meetingId }, secretariat);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.body.meeting;
}

const seatsQuery = `{ body(slug: "ville-besancon") { id members { id person { id } } assemblies { id kind members { id personId mandateEnd inOffice } } } }`;
interface Seats {
  body: {
    id: string;
    members: { id: string; person: { id: string } }[];
    assemblies: { id: string; kind: string; members: { id: string; personId: string; mandateEnd: string | null; inOffice: boolean }[] }[];
  };
}
async function seats() {
  return (await harness.graphql<Seats>(seatsQuery, {}, secretariat)).data!.body;
}
const councilSeat = (body: Seats['body'], personId: string) =>
  body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!.members.find((seat) => seat.personId === personId)!;

describe('members in office and the quorum (CGCT L2121-17)', () => {
  it('L2121-17: a seat without voting right is convened but neither in the base of the quorum nor counted', async () => {
    const body = await seats();
    const updated = await harness.graphql(
      'mutation ($bodyId: UUID!, $memberId: UUID!, $input: AssemblySeatTermsInput!) { updateAssemblyMember(bodyId: $bodyId, memberId: $memberId, input: $input) { id } }',
      { bodyId: body.id, memberId: councilSeat(body, ids['anne.vignot']!).id, input: { role: 'MEMBRE', votingRight: false } },
      secretariat,
    );
    expect(updated.errors).toBeUndefined();
    const meeting = await convene(20);
    expect(meeting.recipientCount).toBe(9);
    await answer(secretariat, meeting, { response: 'PRESENT', onBehalfOf: ids['anne.vignot'] });
    await answer(claire, meeting, { response: 'PRESENT' });
    expect((await view(meeting.meetingId)).quorumForecast).toEqual({
      membersInOffice: 8,
      required: 5,
      present: 1,
      represented: 0,
      counted: 1,
      reached: false,
      rule: { statutory: true, article: 'CGCT L2121-17', countsProxies: false },
    });
  });

  it('L2121-17: a member removed from the body is no longer convened, followed up nor counted, and can neither give nor hold a pouvoir; the seat stays as history', async () => {
    const meeting = await convene(21);
    expect(meeting.recipientCount).toBe(9);
    const before = await seats();
    const karim = before.members.find((member) => member.person.id === ids['karim.benali'])!;
    const removed = await harness.graphql(
      'mutation ($bodyId: UUID!, $membershipId: UUID!) { removeMember(bodyId: $bodyId, membershipId: $membershipId) }',
      { bodyId: before.id, membershipId: karim.id },
      secretariat,
    );
    expect(removed.errors).toBeUndefined();

    const after = await view(meeting.meetingId);
    expect(after.followUp.map((row) => row.displayName)).not.toContain('Karim Benali');
    expect(after.followUp).toHaveLength(8);
    expect(after.quorumForecast).toMatchObject({ membersInOffice: 7, required: 4 });

    const onBehalf = await answer(secretariat, meeting, {
      response: 'PROXY',
      proxyHolderId: ids['paul.bernard'],
      onBehalfOf: ids['karim.benali'],
    });
    expect(onBehalf.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_IN_OFFICE' });
    const candidates = await harness.graphql<{ body: { meeting: { myConvocation: { proxyCandidates: { displayName: string }[] } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { myConvocation { proxyCandidates { displayName } } } } }',
      { id: meeting.meetingId },
      claire,
    );
    expect(candidates.data!.body.meeting.myConvocation.proxyCandidates.map((colleague) => colleague.displayName)).not.toContain(
      'Karim Benali',
    );
    const toKarim = await answer(claire, meeting, { response: 'PROXY', proxyHolderId: ids['karim.benali'] });
    expect(toKarim.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'HOLDER_NOT_MEMBER', article: 'CGCT L2121-20' });

    // The seat is closed the day before the removal (body's time zone), not deleted.
    const seat = councilSeat(await seats(), ids['karim.benali']!);
    expect(seat).toMatchObject({ inOffice: false, mandateEnd: addDays(zonedDate(new Date(), 'Europe/Paris'), -1) });
    expect((await convene(22)).recipientCount).toBe(8);
  });

  it('L2121-17: the membership’s end date is the last day in office, in the body’s time zone', async () => {
    const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 23, items: 1 });
    const meetingDay = zonedDate(meeting.startsAt, 'Europe/Paris');
    const paul = (await seats()).members.find((member) => member.person.id === ids['paul.bernard'])!;
    const preview = async (mandateEnd: string) => {
      const set = await harness.graphql(
        'mutation ($bodyId: UUID!, $membershipId: UUID!, $input: MembershipTermsInput!) { updateMembership(bodyId: $bodyId, membershipId: $membershipId, input: $input) { id } }',
        { bodyId: meeting.bodyId, membershipId: paul.id, input: { roles: ['OFFICIAL'], mandateEnd } },
        secretariat,
      );
      expect(set.errors).toBeUndefined();
      const result = await harness.graphql<{ body: { meeting: { convocationPreview: { recipients: { displayName: string }[] } } } }>(
        'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { convocationPreview { recipients { displayName } } } } }',
        { id: meeting.meetingId },
        secretariat,
      );
      return result.data!.body.meeting.convocationPreview.recipients.map((recipient) => recipient.displayName);
    };
    expect(await preview(meetingDay)).toContain('Paul Bernard');
    expect(await preview(addDays(meetingDay, -1))).not.toContain('Paul Bernard');
  });

  it('L2121-22: a commission has no statutory quorum and cites no council article', async () => {
    const meeting = await convene(24, { assemblyKind: 'COMMISSION' });
    const { quorumForecast, legalNotices } = await view(meeting.meetingId);
    expect(quorumForecast).toMatchObject({
      required: null,
      reached: null,
      rule: { statutory: false, article: null, countsProxies: false },
    });
    expect(legalNotices.quorum).toBe('Pas de quorum légal pour une commission : son règlement intérieur peut en fixer un.');
    expect(legalNotices.urgency).not.toMatch(/L2121/);
  });
});

describe('pouvoirs (CGCT L2121-20)', () => {
  it('L2121-20: a fourth consecutive séance is refused whatever the order the pouvoirs arrive in, unless illness is declared', async () => {
    const meetings: Awaited<ReturnType<typeof convene>>[] = [];
    for (const inDays of [40, 41, 42, 43]) meetings.push(await convene(inDays));
    const give = (index: number, extra: Record<string, unknown> = {}) =>
      answer(claire, meetings[index]!, { response: 'PROXY', proxyHolderId: ids['sophie.lambert'], ...extra });
    for (const index of [0, 1, 3]) expect((await give(index)).errors).toBeUndefined();
    const third = await give(2);
    expect(third.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'TOO_MANY_CONSECUTIVE', article: 'CGCT L2121-20' });
    expect(third.errors?.[0]?.message).toContain('4 séances consécutives');
    const meetingDay = zonedDate(meetings[2]!.startsAt, 'Europe/Paris');
    const certificate = (on: string | null, illnessDeclared = true) => give(2, { illnessDeclared, illnessCertifiedOn: on });
    expect((await certificate(addDays(meetingDay, 1))).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'illnessCertifiedOn',
    });
    expect((await certificate(meetingDay, false)).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'illnessCertifiedOn',
    });
    const ill = await certificate(addDays(meetingDay, -10));
    expect(ill.errors).toBeUndefined();
    expect(ill.data).toEqual({
      answerConvocation: { response: 'PROXY', illnessDeclared: true, illnessCertifiedOn: addDays(meetingDay, -10) },
    });
  });
});

describe('legal sentences come from the rules of the body and assembly', () => {
  it('L3121-19: a département’s meeting cites the département’s articles, never the commune’s', async () => {
    const doubs = await harness.token('secretariat.doubs');
    const meeting = await createMeeting(harness, doubs, 'departement-doubs', { inDays: 30, items: 0 });
    const empty = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, doubs);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'AGENDA_EMPTY' });
    expect(empty.errors?.[0]?.message).toBe(
      'L’ordre du jour est vide : la convocation doit indiquer les questions portées à l’ordre du jour (CGCT L3121-19).',
    );
    const notices = await harness.graphql<{ body: { meeting: { legalNotices: MeetingView['legalNotices'] } } }>(
      'query ($id: UUID!) { body(slug: "departement-doubs") { meeting(id: $id) { legalNotices { urgency proxy quorum illnessExtendsProxy } } } }',
      { id: meeting.meetingId },
      doubs,
    );
    const { legalNotices } = notices.data!.body.meeting;
    expect(legalNotices.urgency).toContain('le président en rend compte');
    expect(legalNotices.urgency).toContain('(CGCT L3121-19)');
    expect(legalNotices.proxy).toContain('(CGCT L3121-16)');
    expect(legalNotices.quorum).toContain('(CGCT L3121-14)');
    expect(legalNotices.illnessExtendsProxy).toBe(false);
    expect(Object.values(legalNotices).join(' ')).not.toMatch(/L2121/);
  });
});

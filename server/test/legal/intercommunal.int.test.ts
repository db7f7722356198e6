import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/common/ids.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';

/**
 * What a communauté's council has that a commune's has not, through the API. Suppléants (CGCT L5211-6): a seat with the SUPPLEANT role linked to a titulaire, in a
 * communauté's council only; convened, out of the base of the quorum, counted in the absent titulaire's
 * place; no pouvoir of their own. Remote participation (CGCT L5211-11-1): present « à distance », counted
 * in the quorum, refused for elections and designations and in a conseil municipal.
 */
let harness: TestHarness;
let metropole: string;
let ville: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  ville = await harness.token('secretariat.ville');
  // The demo has no login for the métropole's secretariat: the town's secretariat is given the role there (arrangement).
  const db = databaseOf(harness);
  const platformEm = db.platform();
  const { body } = await db.body('grand-besancon-metropole');
  platformEm.create(Membership, {
    id: uuidv7(),
    person: await db.personId('secretariat.ville'),
    body: body.id,
    roles: ['SECRETARIAT', 'BODY_ADMIN'],
  });
  await platformEm.flush();
  metropole = ville;
  ids = Object.fromEntries(
    await Promise.all(['claire.martin', 'paul.bernard', 'gabriel.baulieu'].map(async (login) => [login, await db.personId(login)])),
  );
});
afterAll(() => harness?.close());

const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});
const seatMutation = `mutation ($bodyId: UUID!, $assemblyId: UUID!, $input: AssemblyMemberInput!) { addAssemblyMember(bodyId: $bodyId, assemblyId: $assemblyId, input: $input) { id } }`;
interface Roster {
  id: string;
  assemblies: {
    id: string;
    kind: string;
    membersInOffice: number;
    members: { id: string; personId: string; role: string; votingRight: boolean; titulaireSeatId: string | null }[];
  }[];
}
async function roster(slug: string, token: string): Promise<Roster> {
  const result = await harness.graphql<{ body: Roster }>(
    `{ body(slug: "${slug}") { id assemblies { id kind membersInOffice members { id personId role votingRight titulaireSeatId } } } }`,
    {},
    token,
  );
  return result.data!.body;
}

describe('suppléants of a communauté (CGCT L5211-6)', () => {
  it('L5211-6: the suppléant is convened, is not in the base of the quorum, and counts in the place of an absent titulaire', async () => {
    const before = await roster('grand-besancon-metropole', metropole);
    const council = before.assemblies.find((assembly) => assembly.kind === 'CONSEIL_COMMUNAUTAIRE')!;
    const claireSeat = council.members.find((seat) => seat.personId === ids['claire.martin'])!;
    const added = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AddMemberInput!) { addMember(bodyId: $bodyId, input: $input) { membership { id } } }',
      {
        bodyId: before.id,
        input: { email: 'paul.bernard@demo.cartable.fr', displayName: 'Paul Bernard', roles: ['OFFICIAL'] },
      },
      metropole,
    );
    expect(added.errors).toBeUndefined();

    const seat = (input: Record<string, unknown>) =>
      harness.graphql(
        seatMutation,
        { bodyId: before.id, assemblyId: council.id, input: { personId: ids['paul.bernard'], ...input } },
        metropole,
      );
    expect(failure(await seat({ role: 'SUPPLEANT' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'titulaireSeatId' });
    expect(failure(await seat({ role: 'MEMBRE', titulaireSeatId: claireSeat.id }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'titulaireSeatId',
    });
    expect((await seat({ role: 'SUPPLEANT', titulaireSeatId: claireSeat.id })).errors).toBeUndefined();

    const after = (await roster('grand-besancon-metropole', metropole)).assemblies.find((assembly) => assembly.id === council.id)!;
    expect(after.members.find((member) => member.personId === ids['paul.bernard'])).toMatchObject({
      role: 'SUPPLEANT',
      votingRight: false,
      titulaireSeatId: claireSeat.id,
    });
    expect(after.membersInOffice).toBe(council.membersInOffice);

    const meeting = await createMeeting(harness, metropole, 'grand-besancon-metropole', { inDays: 20, items: 1 });
    await attachDocument(harness, 'grand-besancon-metropole', 'secretariat.ville', meeting.meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const sent = await harness.graphql<{ sendConvocation: { recipientCount: number } }>(
      sendMutation,
      { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } },
      metropole,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendConvocation.recipientCount).toBe(council.membersInOffice + 1);

    const answer = (personId: string, input: Record<string, unknown>) =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
        { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, onBehalfOf: personId, ...input } },
        metropole,
      );
    const forecast = async () =>
      (
        await harness.graphql<{ body: { meeting: { quorumForecast: Record<string, unknown> } } }>(
          'query ($id: UUID!) { body(slug: "grand-besancon-metropole") { meeting(id: $id) { quorumForecast { membersInOffice present represented absent } } } }',
          { id: meeting.meetingId },
          metropole,
        )
      ).data!.body.meeting.quorumForecast;

    expect((await answer(ids['paul.bernard']!, { response: 'PRESENT' })).errors).toBeUndefined();
    expect(await forecast()).toEqual({ membersInOffice: council.membersInOffice, present: 0, represented: 0, absent: 0 });
    expect((await answer(ids['claire.martin']!, { response: 'ABSENT' })).errors).toBeUndefined();
    expect(await forecast()).toEqual({ membersInOffice: council.membersInOffice, present: 1, represented: 0, absent: 0 });
    // A titulaire who gives a pouvoir is represented: the suppléant does not sit.
    expect((await answer(ids['gabriel.baulieu']!, { response: 'PRESENT' })).errors).toBeUndefined();
    expect((await answer(ids['claire.martin']!, { response: 'PROXY', proxyHolderId: ids['gabriel.baulieu'] })).errors).toBeUndefined();
    expect(await forecast()).toEqual({ membersInOffice: council.membersInOffice, present: 1, represented: 1, absent: 0 });
    // No vote of their own: no pouvoir to give.
    expect(failure(await answer(ids['paul.bernard']!, { response: 'PROXY', proxyHolderId: ids['gabriel.baulieu'] }))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'GIVER_WITHOUT_VOTE',
    });
  });

  it('L5211-6: a commune’s council has no suppléants', async () => {
    const body = await roster('ville-besancon', ville);
    const council = body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!;
    const titulaire = council.members[0]!;
    const other = council.members[1]!;
    const removed = await harness.graphql(
      'mutation ($bodyId: UUID!, $memberId: UUID!) { removeAssemblyMember(bodyId: $bodyId, memberId: $memberId) }',
      { bodyId: body.id, memberId: other.id },
      ville,
    );
    expect(removed.errors).toBeUndefined();
    const refused = await harness.graphql(
      seatMutation,
      { bodyId: body.id, assemblyId: council.id, input: { personId: other.personId, role: 'SUPPLEANT', titulaireSeatId: titulaire.id } },
      ville,
    );
    expect(failure(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role', reason: 'NO_SUPPLEANTS' });
    expect(refused.errors?.[0]?.message).toContain('CGCT L5211-6');
  });
});

describe('remote participation (CGCT L5211-11-1)', () => {
  const answerMutation =
    'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response remote } }';
  const addItem = (token: string, meeting: { bodyId: string; meetingId: string }, input: Record<string, unknown>) =>
    harness.graphql<{ addAgendaItem: { agenda: { id: string; budgetPrimitif: boolean }[] } }>(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: AgendaItemInput!) { addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: $input) { agenda { id budgetPrimitif } } }',
      { bodyId: meeting.bodyId, meetingId: meeting.meetingId, input },
      token,
    );
  async function convened(slug: string, token: string, uploader: string, options: { item?: Record<string, unknown> } = {}) {
    const meeting = await createMeeting(harness, token, slug, { inDays: 20, items: 1 });
    if (options.item) expect((await addItem(token, meeting, options.item)).errors).toBeUndefined();
    await attachDocument(harness, slug, uploader, meeting.meetingId, { kind: 'NOTE_SYNTHESE', title: 'Note explicative de synthèse' });
    const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, token);
    expect(sent.errors).toBeUndefined();
    return meeting;
  }
  const answer = (token: string, meeting: { bodyId: string; meetingId: string }, personId: string, input: Record<string, unknown>) =>
    harness.graphql<{ answerConvocation: { response: string; remote: boolean } }>(
      answerMutation,
      { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, onBehalfOf: personId, ...input } },
      token,
    );

  it('L5211-11-1: in a communauté’s council an official announces and is recorded present « à distance », counted in the quorum as present', async () => {
    const meeting = await convened('grand-besancon-metropole', metropole, 'secretariat.ville');
    const announced = await answer(metropole, meeting, ids['claire.martin']!, { response: 'PRESENT', remote: true });
    expect(announced.errors).toBeUndefined();
    expect(announced.data!.answerConvocation).toEqual({ response: 'PRESENT', remote: true });
    expect(failure(await answer(metropole, meeting, ids['claire.martin']!, { response: 'ABSENT', remote: true }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'remote',
    });

    const { schema } = await databaseOf(harness).body('grand-besancon-metropole');
    await harness.runtime.orm.em
      .getConnection()
      .execute(`update ${schema}.meeting set starts_at = now() where id = ?`, [meeting.meetingId]);
    const recorded = await harness.graphql<{
      recordAttendance: { entries: { personId: string; status: string; remote: boolean }[]; quorum: { present: number } };
    }>(
      'mutation ($bodyId: UUID!, $input: RecordAttendanceInput!) { recordAttendance(bodyId: $bodyId, input: $input) { entries { personId status remote } quorum { present } } }',
      {
        bodyId: meeting.bodyId,
        input: {
          meetingId: meeting.meetingId,
          entries: [
            { personId: ids['claire.martin'], status: 'PRESENT', remote: true },
            { personId: ids['gabriel.baulieu'], status: 'PRESENT' },
          ],
        },
      },
      metropole,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordAttendance.quorum.present).toBe(2);
    expect(recorded.data!.recordAttendance.entries.find((entry) => entry.personId === ids['claire.martin'])).toMatchObject({
      status: 'PRESENT',
      remote: true,
    });
    const { em } = await databaseOf(harness).body('grand-besancon-metropole');
    const [chained] = await em.find(LedgerEntry, {
      subjectId: meeting.meetingId,
      kind: 'ATTENDANCE_RECORDED',
      payload: { personId: ids['claire.martin'] },
    });
    expect(chained!.payload).toMatchObject({ status: 'PRESENT', remote: true });
  });

  it('L5211-11-1: refused when the agenda holds an election or designation; L2121-17: not provided for a conseil municipal', async () => {
    const withElection = await convened('grand-besancon-metropole', metropole, 'secretariat.ville', {
      item: { title: 'Élection des délégués', kind: 'DESIGNATION' },
    });
    const excluded = await answer(metropole, withElection, ids['claire.martin']!, { response: 'PRESENT', remote: true });
    expect(failure(excluded)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'REMOTE_EXCLUDED_ITEMS', article: 'CGCT L5211-11-1' });
    expect(excluded.errors?.[0]?.message).toContain('le point 2');
    expect((await answer(metropole, withElection, ids['claire.martin']!, { response: 'PRESENT' })).errors).toBeUndefined();

    const town = await convened('ville-besancon', ville, 'secretariat.ville');
    const refused = await answer(ville, town, ids['paul.bernard']!, { response: 'PRESENT', remote: true });
    expect(failure(refused)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'REMOTE_NOT_ALLOWED', article: null });
  });

  it('L5211-11-1: refused when the agenda adopts the budget primitif, a mark only a délibération takes', async () => {
    const withBudget = await convened('grand-besancon-metropole', metropole, 'secretariat.ville', {
      item: { title: 'Budget primitif 2027', kind: 'DELIBERATION', budgetPrimitif: true },
    });
    const excluded = await answer(metropole, withBudget, ids['claire.martin']!, { response: 'PRESENT', remote: true });
    expect(failure(excluded)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'REMOTE_EXCLUDED_ITEMS', article: 'CGCT L5211-11-1' });
    expect(excluded.errors?.[0]?.message).toContain('le point 2 (budget primitif');

    const draft = await createMeeting(harness, metropole, 'grand-besancon-metropole', { inDays: 20, items: 0 });
    expect(failure(await addItem(metropole, draft, { title: 'Budget primitif', kind: 'INFORMATION', budgetPrimitif: true }))).toMatchObject(
      { code: 'BAD_USER_INPUT', field: 'budgetPrimitif' },
    );
  });
});

import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotsWaiting } from '../../src/body/seance/votes/ballot-path.js';
import { countStatements } from '../../src/db/statement-trace.js';
import { eventually } from '../helpers/eventually.js';
import { databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { failure, meetingToday, memberToken, personIds, seanceClient, villeMembers } from './fixtures.js';

// The lean path of a ballot from a tablet (votes/ballot-path.ts): one statement for the ballot, its
// checks and the live events, on facts of the vote cached per vote — shared by the ballots that arrive
// while it runs, each still checked on its own — and what moves during the vote (departures, pouvoirs
// handed, the quorum) is still seen at once.
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  ids = await personIds(harness, [...villeMembers]);
  for (const login of villeMembers) {
    tokens[login] = await memberToken(harness, login);
    // Bound at its first request: later requests only read the account.
    await harness.graphql('{ me { id } }', {}, tokens[login]);
  }
});
afterAll(() => harness?.close());

async function rows(sql: string, params: unknown[] = []) {
  const { schema } = await databaseOf(harness).body('ville-besancon');
  return harness.runtime.orm.em.getConnection().execute<Record<string, unknown>[]>(sql.replaceAll('$schema', schema), params);
}

/**
 * Casts `first` while another transaction holds the vote's row, so that its statement waits; then the
 * `together` ballots, which queue for the next statement; then releases the row. Their answers, in order.
 */
async function castWhileTheVoteIsHeld<Answer>(
  schema: string,
  voteId: string,
  first: () => Promise<Answer>,
  together: () => Promise<Answer>[],
): Promise<Answer[]> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = harness.runtime.orm.em.fork().transactional(async (tx) => {
    await tx.execute(`select id from ${schema}.seance_vote where id = ? for update`, [voteId]);
    locked();
    await held;
  });
  await isLocked;
  const firstAnswer = first();
  await eventually(async () => {
    const [row] = await rows(
      `select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%with input as%'`,
    );
    return row!.waiting === 1;
  }, 'the first ballot to wait for the vote');
  const others = together();
  await eventually(async () => ballotsWaiting(schema, voteId) === others.length, 'the ballots to queue');
  release();
  await holder;
  return Promise.all([firstAnswer, ...others]);
}

describe('a ballot from a tablet', () => {
  it('is one statement of its own after the viewer is read, the answer included', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: villeMembers.map((login) => ids[login]!), electronicVoting: true });
    const voteId = (await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true })).seance!.openVote!.id;
    // The vote's facts were read when it opened: even the first ballot is its one statement.
    const first = countStatements();
    expect((await seance.cast(tokens['claire.martin']!, voteId, 'FOR')).errors).toBeUndefined();
    first.stop();
    expect(
      first.statements.filter((sql) => !/person\.subject = any|platform\.body/.test(sql)).map((sql) => sql.trim().slice(0, 13)),
    ).toEqual(['with input as']);

    const viewer = countStatements();
    await harness.graphql('{ me { id } }', {}, tokens['paul.bernard']);
    viewer.stop();
    const counter = countStatements();
    const cast = await seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST');
    counter.stop();
    expect(cast.errors).toBeUndefined();
    expect(cast.vote).toEqual({ id: voteId, myBallots: [ids['paul.bernard']] });
    // Entering the body (its platform row, read by @InBody) and the viewer are the request's, not the ballot's.
    const own = counter.statements.filter((sql) => !viewer.statements.includes(sql) && !/"?platform"?\."?(membership|body)\b/.test(sql));
    expect(own.map((sql) => sql.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual(['with input as']);
    expect(counter.statements.some((sql) => /^(begin|commit)/i.test(sql.trim()))).toBe(false);
    const events = await rows(
      `select kind, payload from $schema.seance_event where meeting_id = ? and kind in ('SEANCE_BALLOT_CAST', 'SEANCE_VOTE_COUNT') order by id`,
      [meetingId],
    );
    expect(events.slice(-2)).toEqual([
      {
        kind: 'SEANCE_BALLOT_CAST',
        payload: expect.objectContaining({ voteId, voterId: ids['paul.bernard'], castBy: ids['paul.bernard'], choice: 'AGAINST' }),
      },
      { kind: 'SEANCE_VOTE_COUNT', payload: { voteId, cast: 2, eligible: 9, counts: { FOR: 1, AGAINST: 1 } } },
    ]);
  });

  it('sees the movements made while the vote is open: a member who left, a pouvoir handed, the quorum lost', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    const present = ['anne.vignot', 'claire.martin', 'karim.benali', 'nadia.haddad', 'paul.bernard', 'thomas.vidal'];
    await seance.open(secretariat, { presentIds: present.map((login) => ids[login]!), electronicVoting: true });
    const voteId = (
      await seance.openVote(secretariat, {
        itemId: itemIds[0]!,
        method: 'PUBLIC',
        requestedBy: [ids['karim.benali']!, ids['nadia.haddad']!],
        electronic: true,
      })
    ).seance!.openVote!.id;
    // The vote's facts are read and kept at the first ballot.
    expect((await seance.cast(tokens['anne.vignot']!, voteId, 'FOR')).errors).toBeUndefined();
    expect(failure(await seance.cast(tokens['anne.vignot']!, voteId, 'FOR'))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_VOTED' });

    // Thomas Vidal leaves and hands his pouvoir to Claire Martin: he no longer votes, she votes for him.
    expect((await seance.leave(secretariat, ids['thomas.vidal']!, ids['claire.martin'])).errors).toBeUndefined();
    expect(failure(await seance.cast(tokens['thomas.vidal']!, voteId, 'FOR'))).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_PRESENT' });
    expect(failure(await seance.cast(tokens['paul.bernard']!, voteId, 'FOR', ids['thomas.vidal']))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PROXY_NOT_HELD',
    });
    const forProxy = await seance.cast(tokens['claire.martin']!, voteId, 'AGAINST', ids['thomas.vidal']);
    expect(forProxy.errors).toBeUndefined();
    expect(forProxy.vote!.myBallots).toEqual([ids['thomas.vidal']]);
    const hers = await seance.cast(tokens['claire.martin']!, voteId, 'FOR');
    expect(new Set(hers.vote!.myBallots)).toEqual(new Set([ids['claire.martin'], ids['thomas.vidal']]));

    // Two more leave: four present and one pouvoir, the quorum (five) is lost; no ballot is taken.
    for (const login of ['nadia.haddad', 'karim.benali']) expect((await seance.leave(secretariat, ids[login]!)).errors).toBeUndefined();
    expect(failure(await seance.cast(tokens['paul.bernard']!, voteId, 'FOR'))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'QUORUM_LOST',
    });
    expect(await rows('select voter_id, cast_by, choice from $schema.seance_ballot where vote_id = ? order by cast_at', [voteId])).toEqual([
      { voter_id: ids['anne.vignot'], cast_by: ids['anne.vignot'], choice: 'FOR' },
      { voter_id: ids['thomas.vidal'], cast_by: ids['claire.martin'], choice: 'AGAINST' },
      { voter_id: ids['claire.martin'], cast_by: ids['claire.martin'], choice: 'FOR' },
    ]);

    // Closed, the vote takes no ballot any more.
    await seance.arrive(secretariat, ids['nadia.haddad']!);
    expect((await seance.closeVote(secretariat, voteId)).errors).toBeUndefined();
    expect(failure(await seance.cast(tokens['paul.bernard']!, voteId, 'FOR'))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'VOTE_CLOSED',
    });
  });

  it('shares one statement among the ballots that arrive while one runs, each recorded or refused on its own', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const { schema } = await databaseOf(harness).body('ville-besancon');
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: villeMembers.map((login) => ids[login]!), electronicVoting: true });
    // Thomas Vidal leaves and hands his pouvoir to Claire Martin; Nadia Haddad and Sophie Lambert leave.
    expect((await seance.leave(secretariat, ids['thomas.vidal']!, ids['claire.martin'])).errors).toBeUndefined();
    for (const login of ['nadia.haddad', 'sophie.lambert']) expect((await seance.leave(secretariat, ids[login]!)).errors).toBeUndefined();
    const voteId = (await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true })).seance!.openVote!.id;

    // The vote's row held by another transaction: the first ballot's statement waits on it, and the
    // ballots that arrive meanwhile queue for the next statement.
    const counter = countStatements();
    const [anne, claire, thomas, paulOnce, paulTwice, nadia, karim] = await castWhileTheVoteIsHeld(
      schema,
      voteId,
      () => seance.cast(tokens['anne.vignot']!, voteId, 'FOR'),
      () => [
        seance.cast(tokens['claire.martin']!, voteId, 'FOR'),
        seance.cast(tokens['claire.martin']!, voteId, 'AGAINST', ids['thomas.vidal']),
        // The same ballot twice (a double tap): one queues with the others, the other after them.
        seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST'),
        seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST'),
        seance.cast(tokens['nadia.haddad']!, voteId, 'FOR'),
        seance.cast(tokens['karim.benali']!, voteId, 'FOR', ids['sophie.lambert']),
      ],
    );
    const [paul, paulAgain] = paulOnce!.errors ? [paulTwice, paulOnce] : [paulOnce, paulTwice];
    counter.stop();

    expect(anne!.vote!.myBallots).toEqual([ids['anne.vignot']]);
    // Claire Martin's two ballots went in the same statement: each answer shows both.
    expect(new Set(claire!.vote!.myBallots)).toEqual(new Set([ids['claire.martin'], ids['thomas.vidal']]));
    expect(new Set(thomas!.vote!.myBallots)).toEqual(new Set([ids['claire.martin'], ids['thomas.vidal']]));
    expect(paul!.vote!.myBallots).toEqual([ids['paul.bernard']]);
    // The refused ones say why (the full rules), and take nothing from the others.
    expect(failure(paulAgain!)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_VOTED' });
    expect(failure(nadia!)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_PRESENT' });
    expect(failure(karim!)).toMatchObject({ code: 'FORBIDDEN', reason: 'PROXY_NOT_HELD' });
    // Three statements for seven ballots: the first alone, the five of distinct voters together, Paul Bernard's second after them.
    expect(counter.statements.filter((sql) => sql.trim().startsWith('with input as'))).toHaveLength(3);

    expect(await rows('select voter_id, cast_by, choice from $schema.seance_ballot where vote_id = ? order by voter_id', [voteId])).toEqual(
      [
        { voter_id: ids['anne.vignot'], cast_by: ids['anne.vignot'], choice: 'FOR' },
        { voter_id: ids['claire.martin'], cast_by: ids['claire.martin'], choice: 'FOR' },
        { voter_id: ids['thomas.vidal'], cast_by: ids['claire.martin'], choice: 'AGAINST' },
        { voter_id: ids['paul.bernard'], cast_by: ids['paul.bernard'], choice: 'AGAINST' },
      ].sort((a, b) => a.voter_id!.localeCompare(b.voter_id!)),
    );
    // A cast event per ballot recorded, and one live count per statement after its ballots.
    const events = await rows(
      `select kind, payload from $schema.seance_event where meeting_id = ? and kind in ('SEANCE_BALLOT_CAST', 'SEANCE_VOTE_COUNT') order by id`,
      [meetingId],
    );
    const shown = events.map(({ kind, payload }) => (kind === 'SEANCE_VOTE_COUNT' ? payload : (payload as { voterId: string }).voterId));
    expect(shown.slice(0, 2)).toEqual([ids['anne.vignot'], { voteId, cast: 1, eligible: 7, counts: { FOR: 1 } }]);
    expect(new Set(shown.slice(2, 5))).toEqual(new Set([ids['claire.martin'], ids['thomas.vidal'], ids['paul.bernard']]));
    expect(shown.slice(5)).toEqual([{ voteId, cast: 4, eligible: 7, counts: { FOR: 2, AGAINST: 2 } }]);
  });

  it('shares a statement among secret ballots too: the tally counts each, no choice is linked to a voter', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const { schema } = await databaseOf(harness).body('ville-besancon');
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: villeMembers.map((login) => ids[login]!), electronicVoting: true });
    const voteId = (await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'SECRET', nomination: true, electronic: true }))
      .seance!.openVote!.id;
    const [anne, claire, paul, karimOnce, karimTwice] = await castWhileTheVoteIsHeld(
      schema,
      voteId,
      () => seance.cast(tokens['anne.vignot']!, voteId, 'FOR'),
      () => [
        seance.cast(tokens['claire.martin']!, voteId, 'FOR'),
        seance.cast(tokens['paul.bernard']!, voteId, 'BLANK'),
        seance.cast(tokens['karim.benali']!, voteId, 'AGAINST'),
        seance.cast(tokens['karim.benali']!, voteId, 'AGAINST'),
      ],
    );
    const [karim, karimAgain] = karimOnce!.errors ? [karimTwice, karimOnce] : [karimOnce, karimTwice];
    for (const [login, cast] of [
      ['anne.vignot', anne],
      ['claire.martin', claire],
      ['paul.bernard', paul],
      ['karim.benali', karim],
    ] as const)
      expect(cast!.vote!.myBallots).toEqual([ids[login]]);
    expect(failure(karimAgain!)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_VOTED' });
    expect(await rows('select choice, ballots from $schema.seance_secret_tally where vote_id = ? order by choice', [voteId])).toEqual([
      { choice: 'AGAINST', ballots: 1 },
      { choice: 'BLANK', ballots: 1 },
      { choice: 'FOR', ballots: 2 },
    ]);
    expect(await rows('select count(*)::int as participants from $schema.seance_secret_participation where vote_id = ?', [voteId])).toEqual(
      [{ participants: 4 }],
    );
    const events = await rows(`select kind, payload from $schema.seance_event where meeting_id = ? and kind = 'SEANCE_BALLOT_CAST'`, [
      meetingId,
    ]);
    expect(events).toHaveLength(4);
    for (const { payload } of events) expect(payload).not.toHaveProperty('choice');
  });

  it('answers the tablet even when the live channel does not serve the président', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: villeMembers.map((login) => ids[login]!), electronicVoting: true });
    const voteId = (await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true })).seance!.openVote!.id;
    const { services } = harness.runtime.environment;
    const live = services.seanceLive;
    // A live channel stuck on its connection: its announcements never resolve.
    services.seanceLive = { announce: () => new Promise<void>(() => undefined) };
    try {
      const cast = await seance.cast(tokens['claire.martin']!, voteId, 'FOR');
      expect(cast.errors).toBeUndefined();
      expect(cast.vote).toEqual({ id: voteId, myBallots: [ids['claire.martin']] });
    } finally {
      services.seanceLive = live;
    }
  });
});

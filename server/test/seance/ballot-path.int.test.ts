import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/statement-trace.js';
import { databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { failure, meetingToday, memberToken, personIds, seanceClient, villeMembers } from './fixtures.js';

// The lean path of a ballot from a tablet (votes/ballot-path.ts): one statement for the ballot, its
// checks, the live events and NOTIFY, on facts of the vote cached per vote — and what moves during the
// vote (departures, pouvoirs handed, the quorum) is still seen at once.
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

describe('a ballot from a tablet', () => {
  it('is one statement of its own after the viewer is read, the answer included', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: villeMembers.map((login) => ids[login]!), electronicVoting: true });
    const voteId = (await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true })).seance!.openVote!.id;
    expect((await seance.cast(tokens['claire.martin']!, voteId, 'FOR')).errors).toBeUndefined();

    const viewer = countStatements();
    await harness.graphql('{ me { id } }', {}, tokens['paul.bernard']);
    viewer.stop();
    const counter = countStatements();
    const cast = await seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST');
    counter.stop();
    expect(cast.errors).toBeUndefined();
    expect(cast.vote).toEqual({ id: voteId, myBallots: [ids['paul.bernard']] });
    // Entering the body (its platform row, read by @InBody) and the viewer are the request's, not the ballot's.
    const own = counter.statements.filter((sql) => !viewer.statements.includes(sql) && !/"platform"\."(membership|body)"/.test(sql));
    expect(own.map((sql) => sql.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual(['with vote as']);
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
});

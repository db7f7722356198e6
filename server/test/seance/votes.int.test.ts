import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { databaseOf } from '../convocations/fixtures.js';
import type { TestHarness } from '../helpers/harness.js';
import { failure, meetingToday, seanceClient, startVilleSeance } from './fixtures.js';

// The votes of a séance through the GraphQL API, real database: hand votes entered by the secretariat,
// public and secret ballots on request, electronic ballots for oneself and a pouvoir, interests, the
// président's casting vote, and every refusal — each a typed French error that writes nothing.
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
let tokens: Record<string, string>;
beforeAll(async () => {
  ({ harness, secretariat, ids, tokens } = await startVilleSeance());
});
afterAll(() => harness?.close());

const some = (...logins: string[]) => logins.map((login) => ids[login]!);
const seven = ['anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad', 'thomas.vidal', 'elodie.roussel'];

/** A séance open with seven members present (Sophie Lambert's pouvoir announced to Paul Bernard; Jean-Marc Girard absent). */
async function sitting(options: { electronic: boolean }) {
  const meeting = await meetingToday(harness, secretariat, 4, [{ giverId: ids['sophie.lambert']!, holderId: ids['paul.bernard']! }]);
  const seance = seanceClient(harness, meeting.bodyId, meeting.meetingId);
  const opened = await seance.open(secretariat, {
    presentIds: some(...seven),
    secretaryIds: some('claire.martin'),
    electronicVoting: options.electronic,
  });
  if (opened.errors) throw new Error(JSON.stringify(opened.errors));
  return { ...meeting, seance };
}

async function rows(sql: string, params: unknown[] = []) {
  const { schema } = await databaseOf(harness).body('ville-besancon');
  return harness.runtime.orm.em.getConnection().execute<Record<string, unknown>[]>(sql.replaceAll('$schema', schema), params);
}

describe('a vote à main levée', () => {
  it('checks and records the quorum, takes the room’s totals (pouvoirs counted), and breaks a tie with the président’s vote', async () => {
    const { seance, itemIds, bodyId, meetingId } = await sitting({ electronic: false });
    const opened = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND' });
    expect(opened.errors).toBeUndefined();
    expect(opened.seance!.currentItem).toMatchObject({ id: itemIds[0], status: 'CURRENT' });
    expect(opened.seance!.quorumChecks.at(-1)).toMatchObject({ occasion: 'VOTE', itemId: itemIds[0], present: 7, reached: true });
    const voteId = opened.seance!.openVote!.id;
    expect(failure(await seance.openVote(secretariat, { itemId: itemIds[1]!, method: 'HAND' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'VOTE_IN_PROGRESS',
    });
    expect(failure(await seance.cast(tokens['claire.martin']!, voteId, 'FOR'))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_ELECTRONIC',
    });

    // Seven present and Sophie Lambert's pouvoir: eight votes to account for.
    expect(failure(await seance.totals(secretariat, voteId, { for: 4, against: 3 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      eligible: 8,
    });
    expect(failure(await seance.totals(secretariat, voteId, { for: 4, against: 3, abstention: 1, blank: 1 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'blank',
    });
    const tie = await seance.totals(secretariat, voteId, { for: 4, against: 4 });
    expect(failure(tie)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PRESIDENT_CHOICE_REQUIRED' });
    expect(tie.errors![0]!.message).toBe(
      'Partage égal des voix : indiquez le sens du vote du président, dont la voix est prépondérante (CGCT L2121-20).',
    );
    expect(failure(await seance.totals(tokens['claire.martin']!, voteId, { for: 8, against: 0 }))).toMatchObject({ code: 'FORBIDDEN' });

    const closed = await seance.totals(secretariat, voteId, { for: 4, against: 4, presidentChoice: 'FOR' });
    expect(closed.errors).toBeUndefined();
    expect(closed.seance!.votes[0]).toMatchObject({
      status: 'CLOSED',
      result: 'ADOPTED',
      tie: true,
      castingVoteUsed: true,
      presidentChoice: 'FOR',
      expressed: 8,
      majority: 5,
      enteredBySecretariat: true,
      article: 'CGCT L2121-20',
      figures: { for: 4, against: 4, abstention: 0, notVoting: 0 },
    });
    expect(closed.seance!.items.find((item) => item.id === itemIds[0])!.status).toBe('VOTED');
    // The délibération of the item carries the séance's vote: its figures and the result the casting vote decided.
    const createAct = (input: Record<string, unknown>) =>
      harness.graphql<{ createDeliberation: { vote: Record<string, unknown> | null } }>(
        `mutation ($bodyId: UUID!, $meetingId: UUID!, $itemId: UUID, $input: DeliberationInput!) {
          createDeliberation(bodyId: $bodyId, meetingId: $meetingId, agendaItemId: $itemId, input: $input) { vote { effectif votants pour contre abstention result } } }`,
        { bodyId, meetingId, itemId: itemIds[0], input: { matiereCode: '7.1', secretaryIds: some('claire.martin'), ...input } },
        secretariat,
      );
    expect(failure(await createAct({}))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dispositif' });
    const act = await createAct({ dispositif: 'Article unique : le conseil approuve.' });
    expect(act.errors).toBeUndefined();
    expect(act.data!.createDeliberation.vote).toEqual({ effectif: 9, votants: 8, pour: 4, contre: 4, abstention: 0, result: 'ADOPTED' });
    expect(failure(await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'ITEM_CLOSED',
    });
    expect(failure(await seance.totals(secretariat, voteId, { for: 8, against: 0 }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'VOTE_CLOSED',
    });

    // Abstentions are not suffrages exprimés: 3 pour, 2 contre, 3 abstentions is adopted.
    const next = await seance.openVote(secretariat, { itemId: itemIds[1]!, method: 'HAND' });
    const adopted = await seance.totals(secretariat, next.seance!.openVote!.id, { for: 3, against: 2, abstention: 3 });
    expect(adopted.seance!.votes[1]).toMatchObject({ result: 'ADOPTED', expressed: 5, majority: 3, tie: false, castingVoteUsed: false });
  });

  it('refuses a vote without the quorum, writing nothing; withdrawn and adjourned items cannot be voted', async () => {
    const { seance, itemIds, meetingId } = await sitting({ electronic: false });
    await seance.decideItem(secretariat, itemIds[2]!, 'WITHDRAWN');
    const adjourned = await seance.decideItem(secretariat, itemIds[3]!, 'ADJOURNED');
    expect(adjourned.seance!.items.map((item) => item.status)).toEqual(['PENDING', 'PENDING', 'WITHDRAWN', 'ADJOURNED']);
    expect(failure(await seance.openVote(secretariat, { itemId: itemIds[2]!, method: 'HAND' }))).toMatchObject({ reason: 'ITEM_CLOSED' });
    expect(failure(await seance.current(secretariat, itemIds[3]!))).toMatchObject({ reason: 'ITEM_CLOSED' });

    for (const login of ['thomas.vidal', 'elodie.roussel', 'nadia.haddad']) await seance.leave(secretariat, ids[login]!);
    const checks = (await seance.read(secretariat)).seance!.quorumChecks.length;
    const refused = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND' });
    expect(failure(refused)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'QUORUM_NOT_REACHED', counted: 4, required: 5 });
    expect(refused.errors![0]!.message).toBe(
      'Le quorum n’est pas atteint (4 sur 5 requis, CGCT L2121-17) : le vote ne peut pas avoir lieu.',
    );
    const after = (await seance.read(secretariat)).seance!;
    expect(after.quorumChecks).toHaveLength(checks);
    expect(after.votes).toHaveLength(0);
    // A check on request is recorded whatever its outcome.
    const requested = await seance.checkQuorum(secretariat);
    expect(requested.seance!.quorumChecks.at(-1)).toMatchObject({ occasion: 'REQUEST', reached: false });
    expect((await rows('select count(*)::int as n from $schema.seance_vote where meeting_id = ?', [meetingId]))[0]!.n).toBe(0);
  });
});

describe('a scrutin public by tablet', () => {
  it('needs the request of a quarter of the members present; each official votes for themself and the pouvoir they hold; names are given', async () => {
    const { seance, itemIds } = await sitting({ electronic: true });
    // Seven present: a quarter is two.
    const few = await seance.openVote(secretariat, {
      itemId: itemIds[0]!,
      method: 'PUBLIC',
      requestedBy: some('karim.benali'),
      electronic: true,
    });
    expect(failure(few)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'REQUEST_TOO_SMALL', needed: 2, article: 'CGCT L2121-21' });
    expect(
      failure(
        await seance.openVote(secretariat, {
          itemId: itemIds[0]!,
          method: 'PUBLIC',
          requestedBy: some('karim.benali', 'sophie.lambert'),
          electronic: true,
        }),
      ),
    ).toMatchObject({
      reason: 'REQUESTER_NOT_PRESENT',
    });
    const opened = await seance.openVote(secretariat, {
      itemId: itemIds[0]!,
      method: 'PUBLIC',
      requestedBy: some('karim.benali', 'nadia.haddad'),
      electronic: true,
    });
    expect(opened.errors).toBeUndefined();
    const voteId = opened.seance!.openVote!.id;

    expect((await seance.cast(tokens['paul.bernard']!, voteId, 'FOR')).errors).toBeUndefined();
    const forProxy = await seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST', ids['sophie.lambert']);
    expect(forProxy.errors).toBeUndefined();
    expect(new Set(forProxy.vote!.myBallots)).toEqual(new Set(some('paul.bernard', 'sophie.lambert')));
    expect(failure(await seance.cast(tokens['paul.bernard']!, voteId, 'FOR'))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_VOTED' });
    expect(failure(await seance.cast(tokens['claire.martin']!, voteId, 'FOR', ids['sophie.lambert']))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PROXY_NOT_HELD',
    });
    expect(failure(await seance.cast(tokens['jean-marc.girard']!, voteId, 'FOR'))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_PRESENT',
    });
    expect(failure(await seance.cast(secretariat, voteId, 'FOR'))).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' });
    expect(failure(await seance.cast(tokens['claire.martin']!, voteId, 'BLANK'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'choice',
    });
    const outsider = await harness.token('secretariat.doubs');
    expect(failure(await seance.cast(outsider, voteId, 'FOR'))).toMatchObject({ code: 'NOT_FOUND' });
    for (const login of ['anne.vignot', 'claire.martin', 'karim.benali'])
      expect((await seance.cast(tokens[login]!, voteId, 'FOR')).errors).toBeUndefined();
    expect((await seance.cast(tokens['nadia.haddad']!, voteId, 'ABSTENTION')).errors).toBeUndefined();

    // The live count: président and secretariat only.
    const countQuery =
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { seance { openVote { liveCount { cast eligible figures { for against abstention } } } } } } }';
    const meetingId = (await seance.read(secretariat)).seance!.meetingId;
    const live = await harness.graphql<{ body: { meeting: { seance: { openVote: { liveCount: unknown } } } } }>(
      countQuery,
      { id: meetingId },
      tokens['anne.vignot'],
    );
    expect(live.data!.body.meeting.seance.openVote.liveCount).toEqual({
      cast: 6,
      eligible: 8,
      figures: { for: 4, against: 1, abstention: 1 },
    });
    expect(failure(await harness.graphql(countQuery, { id: meetingId }, tokens['claire.martin']))).toMatchObject({ code: 'FORBIDDEN' });

    // Who voted what: the live count while the vote is open (président and secretariat), everyone's once it is closed.
    const openBallots =
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { seance { openVote { ballots { voter { displayName } choice } } } } } }';
    expect(failure(await harness.graphql(openBallots, { id: meetingId }, tokens['thomas.vidal']))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'VOTE_IN_PROGRESS',
    });
    const followed = await harness.graphql<{ body: { meeting: { seance: { openVote: { ballots: unknown[] } } } } }>(
      openBallots,
      { id: meetingId },
      tokens['anne.vignot'],
    );
    expect(followed.data!.body.meeting.seance.openVote.ballots).toHaveLength(6);

    expect(failure(await seance.closeVote(tokens['claire.martin']!, voteId))).toMatchObject({ code: 'FORBIDDEN' });
    // The président closes: Thomas Vidal and Élodie Roussel did not vote, they « ne prennent pas part ».
    const closed = await seance.closeVote(tokens['anne.vignot']!, voteId);
    expect(closed.errors).toBeUndefined();
    expect(closed.seance!.votes[0]).toMatchObject({
      method: 'PUBLIC',
      result: 'ADOPTED',
      figures: { for: 4, against: 1, abstention: 1, notVoting: 2 },
      requestedBy: [{}, {}],
    });
    const ballots = await harness.graphql<{
      body: {
        meeting: {
          seance: { votes: { ballots: { voter: { displayName: string }; castBy: { displayName: string }; choice: string }[] }[] };
        };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { seance { votes { ballots { voter { displayName } castBy { displayName } choice } } } } } }',
      { id: meetingId },
      tokens['thomas.vidal'],
    );
    expect(ballots.data!.body.meeting.seance.votes[0]!.ballots).toContainEqual({
      voter: { displayName: 'Sophie Lambert' },
      castBy: { displayName: 'Paul Bernard' },
      choice: 'AGAINST',
    });
    expect(ballots.data!.body.meeting.seance.votes[0]!.ballots).toHaveLength(6);
    expect(failure(await seance.cast(tokens['thomas.vidal']!, voteId, 'FOR'))).toMatchObject({ reason: 'VOTE_CLOSED' });
  });

  it('takes the président’s own ballot as the casting vote on a tie, and refuses ballots once the quorum is lost', async () => {
    const { seance, itemIds } = await sitting({ electronic: true });
    const opened = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true });
    const voteId = opened.seance!.openVote!.id;
    for (const [login, choice] of [
      ['anne.vignot', 'AGAINST'],
      ['claire.martin', 'FOR'],
      ['paul.bernard', 'FOR'],
      ['karim.benali', 'AGAINST'],
    ] as const) {
      expect((await seance.cast(tokens[login]!, voteId, choice)).errors).toBeUndefined();
    }
    expect((await seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST', ids['sophie.lambert'])).errors).toBeUndefined();
    expect((await seance.cast(tokens['nadia.haddad']!, voteId, 'FOR')).errors).toBeUndefined();
    for (const login of ['thomas.vidal', 'elodie.roussel', 'nadia.haddad']) await seance.leave(secretariat, ids[login]!);
    const lost = await seance.cast(tokens['karim.benali']!, voteId, 'FOR');
    expect(failure(lost)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'QUORUM_LOST' });
    const closed = await seance.closeVote(secretariat, voteId, 'FOR');
    // 3 pour, 3 contre: the président voted contre, her vote prevails over the choice given.
    expect(closed.seance!.votes[0]).toMatchObject({ tie: true, castingVoteUsed: true, presidentChoice: 'AGAINST', result: 'REJECTED' });
  });
});

describe('interests (L2131-11)', () => {
  it('takes an interested member out of the vote — for themself and the pouvoir they hold — and out of the counts', async () => {
    const { seance, itemIds } = await sitting({ electronic: true });
    const declared = await seance.interest(tokens['paul.bernard']!, itemIds[0]!, ids['paul.bernard']!);
    expect(declared.errors).toBeUndefined();
    expect(declared.seance!.items[0]!.interested).toEqual([{ personId: ids['paul.bernard'] }]);
    expect(failure(await seance.interest(tokens['claire.martin']!, itemIds[0]!, ids['karim.benali']!))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const opened = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true });
    const voteId = opened.seance!.openVote!.id;
    expect(failure(await seance.interest(secretariat, itemIds[0]!, ids['karim.benali']!))).toMatchObject({ reason: 'VOTE_IN_PROGRESS' });
    const own = await seance.cast(tokens['paul.bernard']!, voteId, 'FOR');
    expect(failure(own)).toMatchObject({ code: 'FORBIDDEN', reason: 'INTERESTED' });
    expect(own.errors![0]!.message).toBe('Paul Bernard a déclaré un intérêt à ce point et ne prend pas part au vote (CGCT L2131-11).');
    expect(failure(await seance.cast(tokens['paul.bernard']!, voteId, 'FOR', ids['sophie.lambert']))).toMatchObject({
      reason: 'INTERESTED',
    });
    // Six votes remain: the seven present but Paul Bernard, and not Sophie Lambert's pouvoir he holds.
    expect(failure(await seance.totals(secretariat, voteId, { for: 7, against: 0 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      eligible: 6,
    });
    expect((await seance.totals(secretariat, voteId, { for: 6, against: 0 })).errors).toBeUndefined();
  });
});

describe('a scrutin secret', () => {
  it('needs a third of the members present or a nomination, counts blank and spoiled ballots, has no casting vote, reveals no names', async () => {
    const { seance, itemIds, meetingId } = await sitting({ electronic: true });
    expect(
      failure(
        await seance.openVote(secretariat, {
          itemId: itemIds[0]!,
          method: 'SECRET',
          requestedBy: some('karim.benali', 'nadia.haddad'),
          electronic: true,
        }),
      ),
    ).toMatchObject({
      reason: 'REQUEST_TOO_SMALL',
      needed: 3,
    });
    const opened = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'SECRET', nomination: true, electronic: true });
    expect(opened.errors).toBeUndefined();
    const voteId = opened.seance!.openVote!.id;
    expect(failure(await seance.cast(tokens['claire.martin']!, voteId, 'ABSTENTION'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'choice',
    });
    expect(failure(await seance.cast(secretariat, voteId, 'FOR', ids['claire.martin']))).toMatchObject({ code: 'FORBIDDEN' });
    for (const [login, choice] of [
      ['anne.vignot', 'FOR'],
      ['claire.martin', 'AGAINST'],
      ['karim.benali', 'FOR'],
      ['nadia.haddad', 'AGAINST'],
      ['paul.bernard', 'BLANK'],
    ] as const) {
      expect((await seance.cast(tokens[login]!, voteId, choice)).errors).toBeUndefined();
    }
    const proxy = await seance.cast(tokens['paul.bernard']!, voteId, 'FOR', ids['sophie.lambert']);
    expect(proxy.vote!.myBallots.sort()).toEqual(some('paul.bernard', 'sophie.lambert').sort());
    expect(failure(await seance.cast(tokens['paul.bernard']!, voteId, 'FOR', ids['sophie.lambert']))).toMatchObject({
      reason: 'ALREADY_VOTED',
    });
    expect((await seance.cast(tokens['thomas.vidal']!, voteId, 'AGAINST')).errors).toBeUndefined();

    // The live count is the participation only.
    const live = await harness.graphql<{ body: { meeting: { seance: { openVote: { liveCount: unknown } } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { seance { openVote { liveCount { cast eligible figures { for } } } } } } }',
      { id: meetingId },
      secretariat,
    );
    expect(live.data!.body.meeting.seance.openVote.liveCount).toEqual({ cast: 7, eligible: 8, figures: null });
    const names = await harness.graphql(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { seance { votes { ballots { choice } } } } } }',
      { id: meetingId },
      secretariat,
    );
    expect(failure(names)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'SECRET_BALLOT' });
    expect(failure(await seance.closeVote(secretariat, voteId, 'FOR'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'presidentChoice' });

    // 3 pour, 3 contre, 1 blanc: a tie in a secret ballot is rejected, without casting vote.
    const closed = await seance.closeVote(tokens['anne.vignot']!, voteId);
    expect(closed.seance!.votes[0]).toMatchObject({
      method: 'SECRET',
      result: 'REJECTED',
      tie: true,
      castingVoteUsed: false,
      presidentChoice: null,
      figures: { for: 3, against: 3, blank: 1, spoiled: 0 },
    });

    // No row, column or time links a voter to a choice.
    const columns = await rows(
      `select table_name, column_name from information_schema.columns where table_schema = '$schema' and table_name in ('seance_secret_participation', 'seance_secret_tally') order by table_name, ordinal_position`,
    );
    expect(columns.map((column) => `${column.table_name}.${column.column_name}`)).toEqual([
      'seance_secret_participation.vote_id',
      'seance_secret_participation.voter_id',
      'seance_secret_tally.vote_id',
      'seance_secret_tally.choice',
      'seance_secret_tally.ballots',
    ]);
    expect(await rows('select * from $schema.seance_ballot where vote_id = ?', [voteId])).toEqual([]);
    expect(await rows('select choice, ballots from $schema.seance_secret_tally where vote_id = ? order by choice', [voteId])).toEqual([
      { choice: 'AGAINST', ballots: 3 },
      { choice: 'BLANK', ballots: 1 },
      { choice: 'FOR', ballots: 3 },
    ]);
    const { em } = await databaseOf(harness).body('ville-besancon');
    // The ledger chains who took part with the result, in the order of their ids, and no ballot by itself.
    expect(await em.count(LedgerEntry, { subjectId: meetingId, kind: 'SEANCE_BALLOT_CAST' })).toBe(0);
    const [chained] = await em.find(LedgerEntry, { subjectId: meetingId, kind: 'SEANCE_VOTE_CLOSED' });
    expect(chained!.payload).toMatchObject({
      ballots: null,
      participants: [...some(...seven.filter((login) => login !== 'elodie.roussel'), 'sophie.lambert')].sort(),
    });
    const events = await rows(
      `select payload from $schema.seance_event where meeting_id = ? and kind in ('SEANCE_BALLOT_CAST', 'SEANCE_VOTE_COUNT')`,
      [meetingId],
    );
    expect(events.every((event) => !JSON.stringify(event.payload).match(/FOR|AGAINST|BLANK/))).toBe(true);
  });

  it('takes the totals of a paper ballot from the secretariat, spoiled ballots included', async () => {
    const { seance, itemIds } = await sitting({ electronic: false });
    const opened = await seance.openVote(secretariat, {
      itemId: itemIds[0]!,
      method: 'SECRET',
      requestedBy: some('karim.benali', 'nadia.haddad', 'thomas.vidal'),
    });
    const voteId = opened.seance!.openVote!.id;
    expect(failure(await seance.totals(secretariat, voteId, { for: 5, against: 2, blank: 1, spoiled: 1 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      eligible: 8,
    });
    expect(failure(await seance.totals(secretariat, voteId, { for: 4, against: 2, abstention: 1 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'abstention',
    });
    const closed = await seance.totals(secretariat, voteId, { for: 4, against: 2, blank: 1, spoiled: 1 });
    expect(closed.seance!.votes[0]).toMatchObject({
      result: 'ADOPTED',
      expressed: 6,
      majority: 4,
      figures: { for: 4, against: 2, blank: 1, spoiled: 1 },
      requestedBy: [{}, {}, {}],
    });
  });
});

describe('outside the séance', () => {
  it('refuses votes once the séance is closed, and any action before it is opened', async () => {
    const { seance, itemIds } = await sitting({ electronic: true });
    const opened = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true });
    expect(failure(await seance.close(secretariat))).toMatchObject({ reason: 'VOTE_IN_PROGRESS' });
    expect(failure(await seance.suspend(secretariat))).toMatchObject({ reason: 'VOTE_IN_PROGRESS' });
    await seance.totals(secretariat, opened.seance!.openVote!.id, { for: 8, against: 0 });
    const suspended = await seance.suspend(secretariat);
    expect(suspended.seance!.status).toBe('SUSPENDED');
    expect(failure(await seance.openVote(secretariat, { itemId: itemIds[1]!, method: 'HAND' }))).toMatchObject({
      reason: 'SEANCE_SUSPENDED',
    });
    expect((await seance.resume(secretariat)).seance!.status).toBe('OPEN');
    const second = await seance.openVote(secretariat, { itemId: itemIds[1]!, method: 'HAND', electronic: true });
    await seance.totals(secretariat, second.seance!.openVote!.id, { for: 8, against: 0 });
    await seance.close(secretariat);
    expect(failure(await seance.openVote(secretariat, { itemId: itemIds[2]!, method: 'HAND' }))).toMatchObject({ reason: 'SEANCE_CLOSED' });
    expect(failure(await seance.cast(tokens['claire.martin']!, second.seance!.openVote!.id, 'FOR'))).toMatchObject({
      reason: 'SEANCE_CLOSED',
    });

    const fresh = await meetingToday(harness, secretariat, 1);
    const notOpened = seanceClient(harness, fresh.bodyId, fresh.meetingId);
    expect(failure(await notOpened.openVote(secretariat, { itemId: fresh.itemIds[0]!, method: 'HAND' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'SEANCE_NOT_OPEN',
    });
    expect(failure(await notOpened.arrive(secretariat, ids['claire.martin']!))).toMatchObject({ reason: 'SEANCE_NOT_OPEN' });
  });
});

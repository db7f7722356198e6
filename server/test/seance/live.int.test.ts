import pg from 'pg';
import { SeanceLiveHub } from '../../src/body/seance/live/live-hub.js';
import { createLogger } from '../../src/common/logger.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../convocations/fixtures.js';
import type { TestHarness } from '../helpers/harness.js';
import { meetingToday, memberToken, personIds, seanceClient, villeMembers } from './fixtures.js';
import { followSeance, startListeningHarness, type Received } from './live-client.js';

// The live channel over real HTTP: server-sent events read by a streaming client, authorized like the
// queries, with the live count for the président and the secretariat only, and a catch-up after a
// reconnection from the Last-Event-ID.
let harness: TestHarness;
let origin: string;
let close: () => Promise<void>;
let secretariat: string;
let ids: Record<string, string>;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  ({ harness, origin, close } = await startListeningHarness());
  secretariat = await harness.token('secretariat.ville');
  ids = await personIds(harness, villeMembers);
  for (const login of ['anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad'])
    tokens[login] = await memberToken(harness, login);
});
afterAll(() => close?.());

/** A tablet following the séance on this test's server. */
const follow = (bodyId: string, meetingId: string, token: string | null, lastEventId?: string) =>
  followSeance(origin, bodyId, meetingId, token, lastEventId);

const some = (...logins: string[]) => logins.map((login) => ids[login]!);
const hasKind =
  (kind: string, count = 1) =>
  (events: Received[]) =>
    events.filter((event) => event.kind === kind).length >= count;

describe('the live channel of a séance', () => {
  it('delivers the séance’s events to the members of the body, the live count to the président and the secretariat only', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 2);
    const seance = seanceClient(harness, bodyId, meetingId);
    const official = await follow(bodyId, meetingId, tokens['claire.martin']!);
    const president = await follow(bodyId, meetingId, tokens['anne.vignot']!);
    const desk = await follow(bodyId, meetingId, secretariat);
    expect([official.response.status, president.response.status, desk.response.status]).toEqual([200, 200, 200]);
    expect(official.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');

    await seance.open(secretariat, {
      presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad'),
      electronicVoting: true,
    });
    await seance.current(secretariat, itemIds[0]!);
    const opened = await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'SECRET', nomination: true, electronic: true });
    const voteId = opened.seance!.openVote!.id;
    for (const login of ['claire.martin', 'paul.bernard']) await seance.cast(tokens[login]!, voteId, 'FOR');
    await seance.closeVote(tokens['anne.vignot']!, voteId);

    await Promise.all([official, president, desk].map((tablet) => tablet.waitFor(hasKind('SEANCE_VOTE_CLOSED'))));
    expect(official.kinds()).toEqual([
      'SEANCE_OPENED',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_CURRENT_ITEM',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_VOTE_OPENED',
      'SEANCE_VOTE_CLOSED',
    ]);
    expect(president.kinds()).toEqual([
      'SEANCE_OPENED',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_CURRENT_ITEM',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_VOTE_OPENED',
      'SEANCE_BALLOT_CAST',
      'SEANCE_VOTE_COUNT',
      'SEANCE_BALLOT_CAST',
      'SEANCE_VOTE_COUNT',
      'SEANCE_VOTE_CLOSED',
    ]);
    expect(desk.kinds()).toEqual(president.kinds());
    // A secret ballot's live count is the participation: no choice travels before the close.
    expect(president.events.filter((event) => event.kind === 'SEANCE_VOTE_COUNT').map((event) => event.payload)).toEqual([
      { voteId, cast: 1, eligible: 5, counts: null },
      { voteId, cast: 2, eligible: 5, counts: null },
    ]);
    expect(official.events.at(-1)!.payload).toMatchObject({ voteId, result: 'ADOPTED', figures: { for: 2, against: 0 } });
    // Each event once; the position is a snapshot (what a reconnecting tablet passes back).
    expect(new Set(president.events.map((event) => event.id)).size).toBe(president.events.length);
    expect(president.position()).toMatch(/^\d+:\d+:[\d,]*$/);
    for (const tablet of [official, president, desk]) tablet.close();
  });

  it('refuses a caller without a valid token, and a member of another body, like the queries do', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat, 1);
    const anonymous = await follow(bodyId, meetingId, null);
    expect(anonymous.response.status).toBe(401);
    expect(((await anonymous.response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    const forged = await follow(bodyId, meetingId, 'not-a-token');
    expect(forged.response.status).toBe(401);
    const outsider = await follow(bodyId, meetingId, await harness.token('secretariat.doubs'));
    expect(outsider.response.status).toBe(404);
    expect(await outsider.response.json()).toEqual({ errors: [{ message: 'Organisme introuvable.', extensions: { code: 'NOT_FOUND' } }] });
    const unknownMeeting = await follow(bodyId, '00000000-0000-7000-8000-000000000000', secretariat);
    expect(unknownMeeting.response.status).toBe(404);
  });

  it('catches a reconnecting tablet up from its Last-Event-ID, in order, without repeating anything', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 2);
    const seance = seanceClient(harness, bodyId, meetingId);
    const tablet = await follow(bodyId, meetingId, tokens['karim.benali']!);
    await seance.open(secretariat, { presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad') });
    await tablet.waitFor(hasKind('SEANCE_QUORUM_CHECKED'));
    const seen = tablet.position()!;
    tablet.close();

    // Missed while the network was down.
    await seance.arrive(secretariat, ids['thomas.vidal']!);
    await seance.current(secretariat, itemIds[1]!);
    await seance.leave(secretariat, ids['thomas.vidal']!, ids['karim.benali']);

    const back = await follow(bodyId, meetingId, tokens['karim.benali']!, seen);
    await back.waitFor(hasKind('SEANCE_PROXY_HANDED'));
    expect(back.kinds()).toEqual(['SEANCE_ARRIVAL', 'SEANCE_CURRENT_ITEM', 'SEANCE_DEPARTURE', 'SEANCE_PROXY_HANDED']);
    expect(back.events[1]!.payload).toMatchObject({ itemId: itemIds[1] });
    // And it follows on live.
    await seance.secretaries(secretariat, some('claire.martin'));
    await back.waitFor(hasKind('SEANCE_SECRETARIES'));
    expect(back.kinds()).toHaveLength(5);

    // The query gives where to start: a tablet that loads the séance then follows from lastEventId misses nothing.
    await seance.closedSession(secretariat, true);
    const state = (await seance.read(tokens['karim.benali']!)).seance!;
    await seance.suspend(secretariat);
    const fresh = await follow(bodyId, meetingId, tokens['karim.benali']!, state.lastEventId);
    await fresh.waitFor(hasKind('SEANCE_SUSPENDED'));
    expect(fresh.kinds()).toEqual(['SEANCE_SUSPENDED']);
    back.close();
    fresh.close();
  });

  it('delivers an event whose transaction commits after a later one (ids are not in commit order)', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    await seance.open(secretariat, { presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad') });
    const tablet = await follow(bodyId, meetingId, tokens['claire.martin']!);
    // Two ballots in flight, as when officials vote at once: the first takes the smaller id, the second commits first.
    const { schema } = await databaseOf(harness).body('ville-besancon');
    const first = new pg.Client({ connectionString: harness.databaseUrl });
    const second = new pg.Client({ connectionString: harness.databaseUrl });
    await Promise.all([first.connect(), second.connect()]);
    const insert = (client: pg.Client, kind: string) =>
      client.query(`insert into ${schema}.seance_event (meeting_id, kind, audience, payload) values ($1, $2, 'ALL', '{}') returning id`, [
        meetingId,
        kind,
      ]);
    const notify = (client: pg.Client) => client.query(`select pg_notify('cartable_seance', $1)`, [`${schema}:${meetingId}`]);
    await first.query('begin');
    const early = await insert(first, 'TEST_FIRST');
    await second.query('begin');
    const late = await insert(second, 'TEST_SECOND');
    expect(Number(early.rows[0].id)).toBeLessThan(Number(late.rows[0].id));
    await notify(second);
    await second.query('commit');
    await tablet.waitFor(hasKind('TEST_SECOND'));
    await notify(first);
    await first.query('commit');
    await tablet.waitFor(hasKind('TEST_FIRST'));
    expect(tablet.kinds()).toEqual(['TEST_SECOND', 'TEST_FIRST']);
    // A tablet resuming from before both gets both, once.
    const resumed = await follow(
      bodyId,
      meetingId,
      tokens['claire.martin']!,
      (await seance.read(tokens['claire.martin']!)).seance!.lastEventId,
    );
    await seance.current(secretariat, (await seance.read(secretariat)).seance!.items[0]!.id);
    await resumed.waitFor(hasKind('SEANCE_CURRENT_ITEM'));
    expect(resumed.kinds()).toEqual(['SEANCE_CURRENT_ITEM']);
    await Promise.all([first.end(), second.end()]);
    tablet.close();
    resumed.close();
  });

  it('resolves an announcement once this process’s followers have what was committed before it', async () => {
    const { bodyId, meetingId } = await meetingToday(harness, secretariat, 1);
    await seanceClient(harness, bodyId, meetingId).open(secretariat, { presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard') });
    const { schema } = await databaseOf(harness).body('ville-besancon');
    const hub = new SeanceLiveHub(harness.runtime.orm, harness.databaseUrl, createLogger('silent'));
    await hub.start();
    try {
      // No follower here: it resolves at once.
      await hub.announce(schema, meetingId);
      const received: string[] = [];
      const unsubscribe = hub.subscribe(schema, meetingId, {
        cursor: await hub.now(),
        manager: true,
        send: (events) => received.push(...events.map((event) => String(event.payload.mark))),
      });
      // Events committed without a NOTIFY, as a ballot's statement commits them.
      const commit = (mark: string) =>
        harness.runtime.orm.em
          .fork()
          .execute(`insert into ${schema}.seance_event (meeting_id, kind, audience, payload) values (?, 'TEST_MARK', 'MANAGERS', ?)`, [
            meetingId,
            JSON.stringify({ mark }),
          ]);
      await commit('first');
      const first = hub.announce(schema, meetingId);
      // Committed while the first delivery reads: the second announcement waits for a read that sees it.
      await commit('second');
      const second = hub.announce(schema, meetingId);
      await first;
      expect(received).toContain('first');
      await second;
      expect(received).toEqual(['first', 'second']);
      unsubscribe();
    } finally {
      await hub.stop();
    }
  });
});

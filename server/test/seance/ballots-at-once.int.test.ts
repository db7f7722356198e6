import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { AssemblyMember } from '../../src/body/assemblies/assembly-member.entity.js';
import { SeanceLiveHub, type LiveEvent } from '../../src/body/seance/live/live-hub.js';
import { createLogger } from '../../src/common/logger.js';
import { uuidv7 } from '../../src/common/ids.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { databaseOf } from '../convocations/fixtures.js';
import type { TestHarness } from '../helpers/harness.js';
import { meetingToday, memberToken, seanceClient } from './fixtures.js';
import { followSeance, startListeningHarness } from './live-client.js';

// A whole council voting at the same moment from its tablets (votes/ballot-path.ts): each ballot is its
// own commit with no NOTIFY, the live channel is told after it (SeanceLiveHub.announce). Every ballot
// must be recorded once, reach the président's tablet in this process and the followers of another
// process, and the close must count exactly what was recorded.
const officials = 150;
let harness: TestHarness;
let origin: string;
let close: () => Promise<void>;
let secretariat: string;
const logins = Array.from({ length: officials }, (_, index) => `elu.simultane.${index}`);
beforeAll(async () => {
  ({ harness, origin, close } = await startListeningHarness());
  secretariat = await harness.token('secretariat.ville');
  // The council of the Ville grows by `officials` voting members, before the meeting is convened.
  const { body, em } = await databaseOf(harness).body('ville-besancon');
  const platformEm = harness.runtime.orm.em.fork();
  const council = (await em.find(Assembly, {})).find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!;
  for (const login of logins) {
    const person = platformEm.create(Person, {
      id: uuidv7(),
      email: `${login}@demo.cartable.fr`,
      emailVerified: true,
      displayName: login,
      subject: null,
      platformRoles: [],
    });
    platformEm.create(Membership, { id: uuidv7(), person, body: body.id, roles: ['OFFICIAL'], mandateStart: null, mandateEnd: null });
    em.create(AssemblyMember, {
      id: uuidv7(),
      assembly: council,
      personId: person.id,
      role: 'MEMBRE',
      votingRight: true,
      mandateStart: null,
      mandateEnd: null,
    });
  }
  await platformEm.flush();
  await em.flush();
});
afterAll(() => close?.());

const graphql = async (token: string, query: string, variables: Record<string, unknown>) => {
  const reply = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await reply.json()) as { data?: Record<string, unknown> | null; errors?: { extensions: { code: string; reason?: string } }[] };
};

describe('a council voting at once from its tablets', () => {
  it('records each official’s ballot once, delivers every one live, here and to another process, and counts exactly them', async () => {
    const { bodyId, meetingId, itemIds } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    const { schema, em } = await databaseOf(harness).body('ville-besancon');
    const convened = await em
      .getConnection()
      .execute<{ person_id: string }[]>(`select person_id from ${schema}.convocation_recipient where meeting_id = ?`, [meetingId]);
    expect(
      (await seance.open(secretariat, { presentIds: convened.map((row) => row.person_id), electronicVoting: true })).errors,
    ).toBeUndefined();
    const tokens = await Promise.all(logins.map((login) => memberToken(harness, login)));
    // Accounts bound beforehand (a first request binds one): the burst below is ballots only.
    for (const token of tokens) expect((await graphql(token, '{ me { id } }', {})).errors).toBeUndefined();
    const voterIds = new Map(await Promise.all(logins.map(async (login) => [login, await databaseOf(harness).personId(login)] as const)));

    const president = await followSeance(origin, bodyId, meetingId, await memberToken(harness, 'anne.vignot'));
    expect(president.response.status).toBe(200);
    const ballotsOf = (events: readonly { kind: string; payload: Record<string, unknown> }[]) =>
      events.filter((event) => event.kind === 'SEANCE_BALLOT_CAST').map((event) => event.payload.voterId as string);
    // Another server process following the same séance: its own hub, told only by NOTIFY.
    const elsewhere = new SeanceLiveHub(harness.runtime.orm, harness.databaseUrl, createLogger('silent'));
    await elsewhere.start();
    const farEvents: LiveEvent[] = [];
    let farNotify = () => {};
    const unsubscribe = elsewhere.subscribe(schema, meetingId, {
      cursor: await elsewhere.now(),
      manager: true,
      send: (events: readonly LiveEvent[]) => {
        farEvents.push(...events);
        farNotify();
      },
    });

    const voteId = (await seance.openVote(secretariat, { itemId: itemIds[0]!, method: 'HAND', electronic: true })).seance!.openVote!.id;
    // Every official taps twice at once (the same choice): one ballot is taken, the other refused.
    const choice = (index: number) => (index % 3 === 0 ? 'AGAINST' : 'FOR');
    const cast = (index: number) =>
      graphql(
        tokens[index]!,
        'mutation ($bodyId: UUID!, $input: CastBallotInput!) { castBallot(bodyId: $bodyId, input: $input) { id myBallots } }',
        { bodyId, input: { voteId, choice: choice(index) } },
      );
    const replies = await Promise.all(logins.flatMap((_, index) => [cast(index), cast(index)]));
    const taken = replies.filter((reply) => !reply.errors);
    expect(taken).toHaveLength(officials);
    expect(replies.filter((reply) => reply.errors).map((reply) => reply.errors![0]!.extensions)).toEqual(
      Array(officials).fill(expect.objectContaining({ code: 'CONFLICT', reason: 'ALREADY_VOTED' })),
    );

    const rows = await em
      .getConnection()
      .execute<{ voter_id: string; choice: string }[]>(`select voter_id, choice from ${schema}.seance_ballot where vote_id = ?`, [voteId]);
    expect(rows).toHaveLength(officials);
    expect(new Set(rows.map((row) => row.voter_id))).toEqual(new Set(voterIds.values()));

    // Every ballot reached the président's tablet once, and the follower of the other process.
    await president.waitFor((events) => ballotsOf(events).length >= officials);
    await new Promise<void>((resolve) => {
      farNotify = () => ballotsOf(farEvents).length >= officials && resolve();
      farNotify();
    });
    for (const received of [president.events, farEvents]) expect(ballotsOf(received).sort()).toEqual([...voterIds.values()].sort());

    const closed = await seance.closeVote(secretariat, voteId);
    const against = logins.filter((_, index) => choice(index) === 'AGAINST').length;
    // The demo's nine members, present, did not vote.
    const notVoting = convened.length - officials;
    expect(closed.seance!.votes.find((vote) => vote.id === voteId)).toMatchObject({
      status: 'CLOSED',
      result: 'ADOPTED',
      figures: { for: officials - against, against, abstention: 0, notVoting },
    });
    unsubscribe();
    president.close();
    await elsewhere.stop();
  });
});

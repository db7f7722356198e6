import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../../src/platform/people/person.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// The Viewer is cached per subject for a few seconds (auth/viewer-cache.ts): a change of membership
// committed in this process must be seen by the very next request of that person.
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const bodyQuery = 'query ($slug: String!) { body(slug: $slug) { id members { id roles person { email } } } }';
type Members = { body: { id: string; members: { id: string; roles: string[]; person: { email: string } }[] } };

async function seatOf(slug: string, staff: string, email: string) {
  const result = await harness.graphql<Members>(bodyQuery, { slug }, await harness.token(staff));
  return { bodyId: result.data!.body.id, seat: result.data!.body.members.find((member) => member.person.email === email)! };
}

const bodyOf = (slug: string) => `{ body(slug: "${slug}") { id name } }`;

describe('the viewer cache', () => {
  it('a removed membership is not served to the next request of that person', async () => {
    const claire = await harness.token('claire.martin');
    const before = await harness.graphql(bodyOf('ville-besancon'), {}, claire);
    expect(before.errors).toBeUndefined();

    const { bodyId, seat } = await seatOf('ville-besancon', 'secretariat.ville', 'claire.martin@demo.cartable.fr');
    const removed = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
      { bodyId, id: seat.id },
      await harness.token('secretariat.ville'),
    );
    expect(removed.errors).toBeUndefined();

    const after = await harness.graphql(bodyOf('ville-besancon'), {}, claire);
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Her other bodies are still hers.
    expect((await harness.graphql(bodyOf('departement-doubs'), {}, claire)).errors).toBeUndefined();
  });

  it('a mandate ended through the ORM (a flush) is not served to the next request either', async () => {
    const claire = await harness.token('claire.martin');
    expect((await harness.graphql(bodyOf('departement-doubs'), {}, claire)).errors).toBeUndefined();

    const { bodyId, seat } = await seatOf('departement-doubs', 'secretariat.doubs', 'claire.martin@demo.cartable.fr');
    const ended = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: [OFFICIAL], mandateStart: "2021-07-01", mandateEnd: "2021-07-02" }) { id } }',
      { bodyId, id: seat.id },
      await harness.token('secretariat.doubs'),
    );
    expect(ended.errors).toBeUndefined();

    const after = await harness.graphql(bodyOf('departement-doubs'), {}, claire);
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('`me`, answered from the Viewer, shows a name changed (a flush) from the next request on', async () => {
    const paul = await harness.token('paul.bernard');
    const me = async () =>
      (await harness.graphql<{ me: { displayName: string; email: string } }>('{ me { displayName email } }', {}, paul)).data!.me;
    const before = await me();
    expect(before).toEqual({ displayName: 'Paul Bernard', email: 'paul.bernard@demo.cartable.fr' });

    const em = harness.runtime.orm.em.fork();
    const person = await em.findOneOrFail(Person, { email: before.email });
    person.displayName = 'Paul-Henri Bernard';
    await em.flush();

    expect(await me()).toEqual({ displayName: 'Paul-Henri Bernard', email: 'paul.bernard@demo.cartable.fr' });
  });
});

describe('the warm-up request before ready', () => {
  it('runs the inbox as an official through Apollo without an error (main.ts runs it before listening)', async () => {
    // Its duration is a figure of scripts/bench/inbox.mjs, not asserted here.
    expect(await harness.runtime.warmUp()).toBeGreaterThan(0);
  });
});

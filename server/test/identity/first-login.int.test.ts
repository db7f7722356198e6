import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSigningKey, type SigningKey } from '../../src/auth/embedded-provider/signing-key.js';
import { uuidv7 } from '../../src/common/ids.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { forgeAccessToken } from '../helpers/access-token.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let key: SigningKey;
beforeAll(async () => {
  harness = await startHarness();
  key = await loadOrCreateSigningKey(harness.dataDir);
});
afterAll(() => harness?.close());
afterEach(() => {
  vi.useRealTimers();
});

/** A person seated by a secretariat who never logged in: no subject bound yet. */
async function newcomer(email: string, seats: { slug: string; mandateEnd: string | null }[] = []): Promise<string> {
  const em = harness.runtime.orm.em.fork();
  const person = em.create(Person, {
    id: uuidv7(),
    email,
    emailVerified: false,
    displayName: 'Première Connexion',
    subject: null,
    platformRoles: [],
  });
  for (const seat of seats) {
    const body = await em.findOneOrFail(Body, { slug: seat.slug });
    em.create(Membership, { id: uuidv7(), person, body, roles: ['OFFICIAL'], mandateStart: null, mandateEnd: seat.mandateEnd });
  }
  await em.flush();
  return person.id;
}

const me = (token: string) =>
  harness.http
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', `Bearer ${token}`)
    .send({ query: '{ me { id memberships { body { slug } } } }' });

describe('first login', () => {
  it('binds the account once when 20 first requests arrive at the same time, and answers all 20 with the same person', async () => {
    const email = 'premiere.connexion@demo.cartable.fr';
    const personId = await newcomer(email, [{ slug: 'ville-besancon', mandateEnd: null }]);
    const subject = randomUUID();
    const token = await forgeAccessToken(key, { sub: subject, email, email_verified: true });

    // The database pool open, as on a running server (new connections would space the requests out).
    await Promise.all(Array.from({ length: 10 }, () => harness.runtime.orm.em.fork().execute('select pg_sleep(0.05)')));
    const responses = await Promise.all(Array.from({ length: 20 }, () => me(token)));

    expect(responses.map((response) => [response.status, response.body.data?.me?.id ?? response.body.errors?.[0]?.message])).toEqual(
      Array.from({ length: 20 }, () => [200, personId]),
    );
    const person = await harness.runtime.orm.em.fork().findOneOrFail(Person, { id: personId });
    expect(person).toMatchObject({ subject, emailVerified: true });

    // Another account with the same email does not take the person over.
    const other = await me(await forgeAccessToken(key, { sub: randomUUID(), email, email_verified: true }));
    expect(other.status).toBe(403);
    expect(other.body.errors[0]).toMatchObject({
      message: 'Ce compte n’est rattaché à aucun organisme de Cartable.',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe("mandates end at midnight in the body's time zone", () => {
  const bodiesSeen = async (instant: string, token: () => Promise<string>) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(instant));
    const response = await me(await token());
    expect(response.status).toBe(200);
    return (response.body.data.me.memberships as { body: { slug: string } }[]).map((membership) => membership.body.slug).sort();
  };

  it('keeps a Martinique seat ending today until the evening there is over, and ends a Réunion seat at midnight there', async () => {
    const em = harness.runtime.orm.em.fork();
    await em.nativeUpdate(Body, { slug: 'departement-doubs' }, { timeZone: 'America/Martinique' });
    await em.nativeUpdate(Body, { slug: 'region-bfc' }, { timeZone: 'Indian/Reunion' });
    const email = 'fin.de.mandat@demo.cartable.fr';
    await newcomer(email, [
      { slug: 'departement-doubs', mandateEnd: '2026-12-06' },
      { slug: 'region-bfc', mandateEnd: '2026-12-06' },
      { slug: 'ville-besancon', mandateEnd: null },
    ]);
    const subject = randomUUID();
    const token = () => forgeAccessToken(key, { sub: subject, email, email_verified: true });

    // 21:30 UTC on the 6th: 17:30 on the 6th in Martinique, already 01:30 on the 7th in Réunion.
    expect(await bodiesSeen('2026-12-06T21:30:00Z', token)).toEqual(['departement-doubs', 'ville-besancon']);
    // 02:00 UTC on the 7th: still 22:00 on the 6th in Martinique, the last day of the mandate there.
    expect(await bodiesSeen('2026-12-07T02:00:00Z', token)).toEqual(['departement-doubs', 'ville-besancon']);
    // 04:00 UTC on the 7th: midnight has passed in Martinique too.
    expect(await bodiesSeen('2026-12-07T04:00:00Z', token)).toEqual(['ville-besancon']);
  });
});

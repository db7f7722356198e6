import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { logIn, tokenPath } from '../helpers/login.js';

/** Small limits, so that a few requests reach them: 5 requests a minute per endpoint, 3 failures an hour. */
const strict = { LOGIN_IP_REQUESTS_PER_MINUTE: '5', LOGIN_IP_FAILURES_PER_HOUR: '3' };

describe('per-address limits of the login endpoints', () => {
  let harness: TestHarness;
  beforeAll(async () => {
    harness = await startHarness({ demo: false, environment: strict });
  });
  afterAll(() => harness?.close());

  const unknownClient = (address: string) =>
    harness.http.post(tokenPath).set('x-forwarded-for', address).type('form').send({ grant_type: 'password', client_id: 'inconnu' });

  it('answers 429 with Retry-After to the request beyond the limit, per address and per endpoint', async () => {
    for (let request = 0; request < 5; request += 1) expect((await unknownClient('192.0.2.1')).status).toBe(401);
    const refused = await unknownClient('192.0.2.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      error: 'slow_down',
      error_description: expect.stringMatching(/^Too many requests from this address; retry in \d+ s$/),
    });

    // Another address is not held back; neither is the same address on the login form, counted apart.
    expect((await unknownClient('192.0.2.2')).status).toBe(401);
    for (let request = 0; request < 5; request += 1)
      expect((await logIn(harness, 'form', 'claire.martin', 'demo', '192.0.2.1')).status).toBe(302);
    const form = await logIn(harness, 'form', 'claire.martin', 'demo', '192.0.2.1');
    expect(form.status).toBe(429);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.text).toMatch(/Trop de tentatives de connexion depuis votre adresse réseau\. Réessayez dans environ 1 minute\./);
  });

  it('counts an IPv6 client by its /64 network', async () => {
    for (let request = 0; request < 5; request += 1) await unknownClient(`2001:db8:1:2::${request + 1}`);
    expect((await unknownClient('2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await unknownClient('2001:db8:1:3::1')).status).toBe(401);
  });

  it('holds back an address after 3 failed logins in the hour, whatever the names tried', async () => {
    for (const username of ['claire.martin', 'paul.bernard', 'personne']) {
      expect((await logIn(harness, 'token', username, 'pas-le-bon', '192.0.2.20')).status).toBe(401);
    }
    const cli = await logIn(harness, 'token', 'coordination', 'demo', '192.0.2.20');
    expect(cli.status).toBe(429);
    expect(cli.body.error).toBe('slow_down');
    expect(Number(cli.headers['retry-after'])).toBeGreaterThan(3_500);
    const form = await logIn(harness, 'form', 'coordination', 'demo', '192.0.2.20');
    expect(form.status).toBe(429);
    expect(form.text).toContain('Trop de tentatives de connexion depuis votre adresse réseau. Réessayez dans environ 60 minutes.');
  });

  it('does not count successful logins against that budget', async () => {
    const answers = [];
    for (const password of ['pas-le-bon', 'demo', 'demo', 'demo', 'pas-le-bon']) {
      answers.push((await logIn(harness, 'token', 'secretariat.ville', password, '192.0.2.30')).status);
    }
    expect(answers).toEqual([401, 200, 200, 200, 401]);
  });
});

describe('TRUST_PROXY', () => {
  let harness: TestHarness;
  beforeAll(async () => {
    harness = await startHarness({ demo: false, environment: { ...strict, TRUST_PROXY: 'false' } });
  });
  afterAll(() => harness?.close());

  it('set to false, ignores X-Forwarded-For: the peer is the client', async () => {
    const statuses = [];
    for (let request = 0; request < 6; request += 1) {
      statuses.push(
        (
          await harness.http
            .post(tokenPath)
            .set('x-forwarded-for', `192.0.2.${100 + request}`)
            .type('form')
            .send({ client_id: 'x', grant_type: 'password' })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

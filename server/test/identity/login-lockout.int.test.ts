import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { logIn, platformRows } from '../helpers/login.js';

/** The default settings: 10 failures lock a login for 1 minute, then 2, 4… up to 15. */
const failuresToLock = 10;

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demo: false });
});
afterAll(() => harness?.close());

/** Ends the running lockout as if its time had passed (the failures stay recent: the next lockout doubles). */
const endLockout = (subjectLike: string) =>
  platformRows(harness, "update login_failure set locked_until = now() - interval '1 second' where subject like ?", [subjectLike]);

/** `count` wrong passwords; returns the last answer. */
async function fail(via: 'token' | 'form', username: string, address: string, count = failuresToLock) {
  let last;
  for (let attempt = 0; attempt < count; attempt += 1) last = await logIn(harness, via, username, 'pas-le-bon', address);
  return last!;
}

const retryAfter = (response: { headers: Record<string, string> }) => Number(response.headers['retry-after']);

describe('lockout of a login after repeated failures, as Keycloak does', () => {
  it('locks after 10 failures, for 1 minute, then 2, then 4, and refuses even the right password meanwhile', async () => {
    const address = '198.51.100.1';
    const ninth = await fail('token', 'paul.bernard', address, failuresToLock - 1);
    expect(ninth.status).toBe(401);
    expect(ninth.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid user credentials' });

    const tenth = await logIn(harness, 'token', 'paul.bernard', 'pas-le-bon', address);
    expect(tenth.status).toBe(401);
    expect(tenth.body.error).toBe('invalid_grant');
    expect(tenth.body.error_description).toMatch(/^Account temporarily disabled after repeated failed logins; retry in \d+ s$/);
    expect(retryAfter(tenth)).toBeGreaterThan(50);
    expect(retryAfter(tenth)).toBeLessThanOrEqual(60);

    const rightPassword = await logIn(harness, 'token', 'paul.bernard', 'demo', address);
    expect(rightPassword.status).toBe(401);
    expect(retryAfter(rightPassword)).toBeLessThanOrEqual(60);
    // Through the web app's form (by email, the same account), the person reads how long to wait.
    const form = await logIn(harness, 'form', 'paul.bernard@demo.cartable.fr', 'demo', address);
    expect(form.status).toBe(401);
    expect(form.text).toContain('Trop d’échecs de connexion avec cet identifiant. Par sécurité, réessayez dans environ 1 minute.');

    for (const [round, minutes] of [
      [2, 2],
      [3, 4],
    ] as const) {
      await endLockout('account:%');
      const locked = await fail('form', 'paul.bernard', address);
      expect(locked.status, `lockout ${round}`).toBe(401);
      expect(retryAfter(locked)).toBeGreaterThan(minutes * 60 - 10);
      expect(retryAfter(locked)).toBeLessThanOrEqual(minutes * 60);
      expect(locked.text).toContain(`réessayez dans environ ${minutes} minutes.`);
    }
    const [row] = await platformRows<{ failures: number; lockouts: number }>(harness, 'select failures, lockouts from login_failure');
    expect(row).toEqual({ failures: 0, lockouts: 3 });
  });

  it('caps the wait at 15 minutes', async () => {
    await platformRows(harness, 'update login_failure set lockouts = 12, locked_until = null where subject like ?', ['account:%']);
    const locked = await fail('token', 'paul.bernard', '198.51.100.2');
    expect(retryAfter(locked)).toBeGreaterThan(890);
    expect(retryAfter(locked)).toBeLessThanOrEqual(900);
  });

  it('keeps the lockout in the database: a new runtime on the same database still refuses', async () => {
    await harness.close();
    harness = await startHarness({ demo: false, databaseUrl: harness.databaseUrl });
    const stillLocked = await logIn(harness, 'token', 'paul.bernard', 'demo', '198.51.100.3');
    expect(stillLocked.status).toBe(401);
    expect(retryAfter(stillLocked)).toBeGreaterThan(800);
  });

  it('clears failures and lockouts on a successful login once the wait is over', async () => {
    await endLockout('account:%');
    const success = await logIn(harness, 'token', 'paul.bernard', 'demo', '198.51.100.4');
    expect(success.status).toBe(200);
    expect(await platformRows(harness, 'select subject from login_failure')).toEqual([]);
    // Counting starts over: 9 failures lock nothing, the 10th locks for 1 minute again.
    expect((await fail('token', 'paul.bernard', '198.51.100.4', failuresToLock - 1)).body.error_description).toBe(
      'Invalid user credentials',
    );
    const locked = await logIn(harness, 'token', 'paul.bernard', 'pas-le-bon', '198.51.100.4');
    expect(retryAfter(locked)).toBeLessThanOrEqual(60);
  });
});

describe('what a locked-out person and an attacker see', () => {
  /** The form's answer with the typed login blanked (the form gives it back to the person). */
  const seen = (response: { status: number; headers: Record<string, string>; text: string }, username: string) => ({
    status: response.status,
    retryAfter: response.headers['retry-after'] ? Math.round(retryAfter(response) / 60) : null,
    page: response.text.replaceAll(username, '…'),
  });

  it('answers alike for an existing account and for a name that matches none, at every step', async () => {
    const known = 'secretariat.doubs';
    const unknown = 'secretariat.inconnu';
    for (let attempt = 1; attempt <= failuresToLock + 1; attempt += 1) {
      const forKnown = await logIn(harness, 'form', known, 'pas-le-bon', '198.51.100.10');
      const forUnknown = await logIn(harness, 'form', unknown, 'pas-le-bon', '198.51.100.11');
      expect(seen(forUnknown, unknown), `attempt ${attempt}`).toEqual(seen(forKnown, known));
    }
    // The locked-out person, with the right password, reads the same as the attacker.
    const person = await logIn(harness, 'form', known, 'demo', '198.51.100.12');
    const attacker = await logIn(harness, 'form', unknown, 'nimporte', '198.51.100.13');
    expect(seen(person, known)).toEqual(seen(attacker, unknown));
    expect(person.text).toContain('réessayez dans environ 1 minute.');
    // The password grant too.
    const cliPerson = await logIn(harness, 'token', known, 'demo', '198.51.100.12');
    const cliAttacker = await logIn(harness, 'token', unknown, 'demo', '198.51.100.13');
    expect([cliAttacker.status, cliAttacker.body]).toEqual([cliPerson.status, cliPerson.body]);
    // Mistyped names are not kept in clear.
    const subjects = await platformRows<{ subject: string }>(harness, 'select subject from login_failure where subject like ?', [
      'login:%',
    ]);
    expect(subjects).toEqual([{ subject: expect.stringMatching(/^login:[0-9a-f]{64}$/) }]);
  });
});

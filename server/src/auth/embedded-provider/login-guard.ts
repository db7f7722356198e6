import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { RequestHandler, Response } from 'express';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { platformSchema } from '../../tenancy/schema-name.js';
import type { EmbeddedAccount, EmbeddedAccountStore } from './account-store.js';

export interface LoginProtectionSettings {
  /** Failed logins in a row that lock a login (Keycloak's failureFactor). */
  lockoutFailures: number;
  /** The first lockout; each further one in a row waits twice as long. */
  lockoutSeconds: number;
  /** The longest lockout (Keycloak's maxFailureWaitSeconds). */
  lockoutMaxSeconds: number;
  /** Without a failure for this long, failures and lockouts are forgotten (Keycloak's maxDeltaTimeSeconds). */
  failureResetSeconds: number;
  /** Requests per client address and minute, to the token endpoint and to the login form each. */
  requestsPerMinute: number;
  /** Failed logins per client address and hour, whatever the login. */
  failuresPerHour: number;
}

export type LoginOutcome =
  | { kind: 'success'; account: EmbeddedAccount }
  /** Wrong login or password. */
  | { kind: 'refused' }
  /** The login is locked (an account or a name that matches none: the same answer). */
  | { kind: 'locked'; retryAfterSeconds: number }
  /** The client address made too many failed logins. */
  | { kind: 'throttled'; retryAfterSeconds: number };

export type LimitedEndpoint = 'token' | 'form';

const hour = 3_600;
/** Stale rows are deleted at most this often, by the next failed login. */
const purgeIntervalMs = 5 * 60_000;

const seconds = (milliseconds: number) => Math.max(1, Math.ceil(milliseconds / 1000));

/**
 * Brute-force protection of the embedded provider, after Keycloak's brute-force detection: a login
 * (an account, or a name that matches no account — counted alike, so that a lockout reveals nothing)
 * is locked after `lockoutFailures` failures in a row, for `lockoutSeconds`, twice as long at each
 * further lockout up to `lockoutMaxSeconds`; a success clears it. The state is in the database, so it
 * survives restarts and is shared by every process. Per client address, rate-limiter-flexible's
 * PostgreSQL store bounds the requests to each endpoint and the failed logins.
 */
export class LoginGuard {
  private readonly requests: Record<LimitedEndpoint, RateLimiterPostgres>;
  private readonly failures: RateLimiterPostgres;
  private lastPurge = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly accounts: EmbeddedAccountStore,
    private readonly settings: LoginProtectionSettings,
  ) {
    // The table comes from a platform migration; the library neither creates nor sweeps it (see purge).
    const store = {
      storeClient: pool,
      storeType: 'pool',
      schemaName: platformSchema,
      tableName: 'login_rate_limit',
      tableCreated: true,
      clearExpiredByTimeout: false,
    };
    const perMinute = (keyPrefix: string) =>
      new RateLimiterPostgres({ ...store, keyPrefix, points: settings.requestsPerMinute, duration: 60 });
    this.requests = { token: perMinute('token'), form: perMinute('login-form') };
    this.failures = new RateLimiterPostgres({ ...store, keyPrefix: 'login-failures', points: settings.failuresPerHour, duration: hour });
  }

  /** Counts each request against its client address; beyond the limit, answers 429 through `refuse`. */
  limitRequests(endpoint: LimitedEndpoint, refuse: (response: Response, retryAfterSeconds: number) => void): RequestHandler {
    const limiter = this.requests[endpoint];
    return async (request, response, next) => {
      const refusal = await taken(limiter.consume(clientAddressKey(request.ip)));
      if (!refusal) return next();
      const retryAfterSeconds = seconds(refusal.msBeforeNext);
      response.status(429).set('Retry-After', String(retryAfterSeconds));
      refuse(response, retryAfterSeconds);
    };
  }

  /**
   * One login attempt. The password is checked (against a dummy hash when the login names no account)
   * unless the address or the login is held back, so that an unknown login costs the same work.
   */
  async logIn(clientAddress: string | undefined, login: string, password: string): Promise<LoginOutcome> {
    const address = clientAddressKey(clientAddress);
    // Every attempt takes a point of its address's hourly budget; a success gives it back.
    const refusal = await taken(this.failures.consume(address));
    if (refusal) return { kind: 'throttled', retryAfterSeconds: seconds(refusal.msBeforeNext) };
    const account = this.accounts.findByLogin(login);
    const subject = account ? `account:${account.id}` : `login:${createHash('sha256').update(login.toLowerCase()).digest('hex')}`;
    const locked = await this.lockedSeconds(subject);
    if (locked !== null) return { kind: 'locked', retryAfterSeconds: locked };
    if ((await this.accounts.checkPassword(account, password)) && account) {
      await this.pool.query('delete from platform.login_failure where subject = $1', [subject]);
      await this.failures.reward(address, 1);
      return { kind: 'success', account };
    }
    const lockedNow = await this.recordFailure(subject);
    return lockedNow === null ? { kind: 'refused' } : { kind: 'locked', retryAfterSeconds: lockedNow };
  }

  private async lockedSeconds(subject: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ seconds: number }>(
      `select ceil(extract(epoch from locked_until - now()))::int as seconds
         from platform.login_failure where subject = $1 and locked_until > now()`,
      [subject],
    );
    return rows[0] ? Math.max(1, rows[0].seconds) : null;
  }

  /**
   * Counts a failure (after `failureResetSeconds` without one, counting starts over) and locks the
   * subject when it reaches `lockoutFailures`. Returns the lockout's seconds when this failure started
   * one. Under concurrent failures the row lock serialises the updates and only one starts the lockout.
   */
  private async recordFailure(subject: string): Promise<number | null> {
    const { lockoutFailures, lockoutSeconds, lockoutMaxSeconds, failureResetSeconds } = this.settings;
    await this.purge();
    await this.pool.query(
      `insert into platform.login_failure as f (subject, failures, lockouts, last_failure_at) values ($1, 1, 0, now())
       on conflict (subject) do update set
         failures = case when f.last_failure_at < now() - make_interval(secs => $2) then 1 else f.failures + 1 end,
         lockouts = case when f.last_failure_at < now() - make_interval(secs => $2) then 0 else f.lockouts end,
         last_failure_at = now()
       where f.locked_until is null or f.locked_until <= now()`,
      [subject, failureResetSeconds],
    );
    const { rows } = await this.pool.query<{ seconds: number }>(
      `update platform.login_failure
          set failures = 0,
              lockouts = lockouts + 1,
              locked_until = now() + make_interval(secs => least($2::float8 * power(2, least(lockouts, 30)), $3::float8))
        where subject = $1 and failures >= $4
        returning ceil(extract(epoch from locked_until - now()))::int as seconds`,
      [subject, lockoutSeconds, lockoutMaxSeconds, lockoutFailures],
    );
    return rows[0]?.seconds ?? null;
  }

  /** Deletes the failures that no longer count and the rate-limit windows that ended an hour ago. */
  private async purge(): Promise<void> {
    if (Date.now() - this.lastPurge < purgeIntervalMs) return;
    this.lastPurge = Date.now();
    await this.pool.query(
      `delete from platform.login_failure
        where last_failure_at < now() - make_interval(secs => $1) and (locked_until is null or locked_until < now())`,
      [this.settings.failureResetSeconds],
    );
    await this.pool.query('delete from platform.login_rate_limit where expire < $1', [Date.now() - hour * 1000]);
  }
}

/** The refusal of a rate limiter, or null when the point was granted; store errors are thrown. */
async function taken(consumption: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> {
  return consumption.then(
    () => null,
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    },
  );
}

/** How many groups of 16 bits a part of an IPv6 address stands for (an embedded IPv4 takes two). */
const width = (groups: string[]) => groups.reduce((total, group) => total + (group.includes('.') ? 2 : 1), 0);

/**
 * The key of a client address in the per-address limits: an IPv4 address as is (also when mapped in
 * IPv6), an IPv6 address by its /64 network, which one client usually holds whole.
 */
export function clientAddressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

import { once } from 'node:events';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { createTestDatabase } from '../helpers/database.js';

/** A logger writing into memory, as the server's own (same serialisers and redaction). */
function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger('info', stream), output: () => lines.join('') };
}

let databaseUrl: string;
let password: string;
beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  password = decodeURIComponent(new URL(databaseUrl).password);
  expect(password.length).toBeGreaterThan(8);
});

describe('errors raised by pg', () => {
  let pool: pg.Pool;
  afterAll(() => pool?.end());

  it('logs an idle connection dropped by the server without its client: no password, cancel key or connection string', async () => {
    pool = new pg.Pool({ connectionString: databaseUrl, application_name: 'log-test' });
    const client = await pool.connect();
    const { pid } = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!;
    client.release(); // idle in the pool: pg-pool attaches the client to the error it emits
    const dropped = once(pool, 'error') as Promise<[Error & { client?: pg.Client }]>;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.end();
    const [error] = await dropped;
    // What the raw error carries, and the job runner logged whole until now.
    const raw = error.client as unknown as { processID: number; secretKey: number; connectionParameters: { password: string } };
    expect(raw.connectionParameters.password).toBe(password);
    expect(raw.secretKey).toEqual(expect.any(Number));

    const { logger, output } = memoryLogger();
    logger.warn({ err: error }, 'job queue connection lost (reconnecting)');
    logger.error({ error }, 'graphile-worker style meta');
    const text = output();
    const [line] = text
      .trim()
      .split('\n')
      .map((entry) => JSON.parse(entry) as { err: Record<string, unknown> });
    expect(line!.err).toMatchObject({ type: 'DatabaseError', code: '57P01', message: expect.stringContaining('terminating connection') });
    expect(line!.err.stack).toEqual(expect.stringContaining('terminating connection'));
    expect(line!.err).not.toHaveProperty('client');
    expect(text).not.toContain(password);
    expect(text).not.toMatch(/secretKey|processID|connectionParameters/);
    expect(text).not.toContain(String(raw.secretKey));
    expect(text).not.toContain(databaseUrl);
    expect(text).not.toContain('postgres://');
  });

  it('logs a failed query with its PostgreSQL fields, through a client of the pool', async () => {
    const client = await pool.connect();
    try {
      const error = (await client.query('select * from no_such_table').then(
        () => new Error('the query should have failed'),
        (failure: unknown) => failure as Error,
      )) as Error & { client?: unknown };
      // As pg-pool does for idle clients, and as code that keeps the failing client for context would.
      error.client = client;
      const { logger, output } = memoryLogger();
      logger.error({ err: new Error('the listing failed', { cause: error }) }, 'query failed');
      const text = output();
      const { err } = JSON.parse(text) as { err: { message: string; cause: Record<string, unknown> } };
      expect(err.message).toBe('the listing failed');
      expect(err.cause).toMatchObject({
        type: 'DatabaseError',
        code: '42P01',
        severity: 'ERROR',
        message: 'relation "no_such_table" does not exist',
      });
      expect(text).not.toContain(password);
      expect(text).not.toMatch(/secretKey|processID|connectionParameters/);
    } finally {
      client.release();
    }
  });
});

describe('secrets elsewhere in a log line', () => {
  it('redacts request headers and secret fields, scrubs credentials in URLs, drops configuration objects', () => {
    const { logger, output } = memoryLogger();
    logger.info(
      { req: { method: 'GET', url: '/graphql', headers: { authorization: 'Bearer eyJsecret', cookie: 'session=abc123', accept: '*/*' } } },
      'request',
    );
    const httpError = Object.assign(new Error(`could not reach postgres://cartable:${password}@127.0.0.1:5432/cartable`), {
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: 'Bearer eyJsecret' }, auth: { password: 's3cret-value' } },
      response: { status: 500, headers: { 'set-cookie': 'session=abc123' } },
      apiKey: 'key-abc123',
      status: 503,
    });
    logger.error({ err: httpError, password: 's3cret-value', options: { token: 'tok-abc123' } }, 'call failed');
    const text = output();
    for (const secret of ['eyJsecret', 'abc123', password, 's3cret-value']) expect(text).not.toContain(secret);
    const [request, failure] = text
      .trim()
      .split('\n')
      .map((entry) => JSON.parse(entry) as Record<string, Record<string, unknown>>);
    expect(request!.req).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]', accept: '*/*' } });
    expect(failure!.err).toEqual({
      type: 'Error',
      message: 'could not reach postgres://[redacted]@127.0.0.1:5432/cartable',
      code: 'ECONNREFUSED',
      stack: expect.stringContaining('postgres://[redacted]@'),
      apiKey: '[redacted]',
      status: 503,
    });
  });
});

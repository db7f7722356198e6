import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { initOrm } from '../../src/db/orm.js';
import { entities } from '../../src/modules.js';
import { createTestDatabase } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/** The backend serving each of `count` checkouts, one after the other. */
async function backendPids(em: () => { execute: (sql: string) => Promise<unknown> }, count: number): Promise<number[]> {
  const pids: number[] = [];
  for (let index = 0; index < count; index++) {
    const [row] = (await em().execute('select pg_backend_pid() as pid')) as [{ pid: number }];
    pids.push(row.pid);
  }
  return pids;
}

describe('pooled connections are recycled', () => {
  let harness: TestHarness | undefined;
  afterAll(() => harness?.close());

  it('replaces a connection after maxUses checkouts, and its backend ends', async () => {
    const orm = await initOrm({
      databaseUrl: await createTestDatabase(),
      entities,
      poolMax: 1,
      maxUses: 3,
      logger: createLogger('silent'),
    });
    try {
      const pids = await backendPids(() => orm.em.fork(), 7);
      expect(pids.slice(0, 3)).toEqual([pids[0], pids[0], pids[0]]);
      expect(pids.slice(3, 6)).toEqual([pids[3], pids[3], pids[3]]);
      expect(new Set(pids).size).toBe(3);
      // The replaced backends are gone, and with them the catalog entries they had cached.
      const replaced = pids.slice(0, 6).join(', ');
      await eventually(
        async () => (await orm.em.fork().execute(`select pid from pg_stat_activity where pid in (${replaced})`)).length === 0,
        'the replaced backends to end',
      );
    } finally {
      await orm.close();
    }
  });

  it('takes DATABASE_POOL_MAX_USES from the configuration', async () => {
    harness = await startHarness({
      demo: false,
      environment: { DATABASE_POOL_MAX: '2', DATABASE_POOL_MAX_USES: '3', JOBS_CONCURRENCY: '0' },
    });
    const pids = await backendPids(() => harness!.runtime.orm.em.fork(), 10);
    // 10 checkouts on at most 2 connections of at most 3 uses each: at least 4 backends served them.
    expect(new Set(pids).size).toBeGreaterThanOrEqual(4);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoalescedRead } from '../../src/db/coalesced-read.js';
import { PreparedStatement } from '../../src/db/prepared-statement.js';
import { countStatements } from '../../src/db/statement-trace.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// The read every request makes (its Viewer, its body's row) shared by the requests arriving together:
// the keys asked for while a statement runs go together in the next one, each answered on its own.
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demo: false, environment: { JOBS_CONCURRENCY: '0' } });
});
afterAll(() => harness?.close());

const lockKey = 4_242_001;
/** One row per key but `missing…`; waits while the test holds the advisory lock; `boom` fails the statement. */
const probe = new PreparedStatement(`
  select key, case when key = 'boom' then (1 / (length(key) - 4))::text else upper(key) end as value
    from unnest($keys::text[]) as key, (select pg_advisory_xact_lock_shared(${lockKey})) as gate
   where key not like 'missing%'`);

/** Runs `during` while another transaction holds the lock the probe waits for, then releases it. */
async function whileHeld(during: () => Promise<void>): Promise<void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holder = harness.runtime.orm.em.fork().transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(${lockKey})`);
    held();
    await released;
  });
  await isHeld;
  try {
    await during();
  } finally {
    release();
    await holder;
  }
}

const probeWaitsOnTheLock = async () => {
  const [row] = await harness.runtime.orm.em
    .fork()
    .execute<{ waiting: number }[]>(
      `select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and query like '%pg_advisory_xact_lock_shared%'`,
    );
  return row!.waiting === 1;
};

describe('CoalescedRead', () => {
  it('reads the keys asked for while a statement runs in one next statement, each answered on its own', async () => {
    const reader = new CoalescedRead<{ key: string; value: string }>(probe, (row) => row.key);
    const em = harness.runtime.orm.em.fork();
    const counter = countStatements();
    let first!: Promise<unknown>;
    let together!: Promise<unknown[]>;
    await whileHeld(async () => {
      first = reader.read(em, 'a');
      await eventually(probeWaitsOnTheLock, 'the first statement to wait');
      together = Promise.all([reader.read(em, 'b'), reader.read(em, 'c'), reader.read(em, 'b'), reader.read(em, 'missing-1')]);
    });
    expect(await first).toEqual({ key: 'a', value: 'A' });
    expect(await together).toEqual([{ key: 'b', value: 'B' }, { key: 'c', value: 'C' }, { key: 'b', value: 'B' }, null]);
    counter.stop();
    expect(counter.statements.filter((sql) => sql.includes('unnest'))).toHaveLength(2);
  });

  it('fails each key of a statement that fails, and reads the next ones', async () => {
    const reader = new CoalescedRead<{ key: string; value: string }>(probe, (row) => row.key);
    const em = harness.runtime.orm.em.fork();
    let first!: Promise<unknown>;
    let together!: Promise<PromiseSettledResult<unknown>[]>;
    await whileHeld(async () => {
      first = reader.read(em, 'a');
      await eventually(probeWaitsOnTheLock, 'the first statement to wait');
      together = Promise.allSettled([reader.read(em, 'boom'), reader.read(em, 'd')]);
    });
    expect(await first).toEqual({ key: 'a', value: 'A' });
    const [boom, d] = await together;
    expect(boom).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringContaining('division by zero') }),
    });
    expect(d).toMatchObject({ status: 'rejected' });
    expect(await reader.read(em, 'e')).toEqual({ key: 'e', value: 'E' });
  });
});

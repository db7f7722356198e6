import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAllBodies } from '../../src/tenancy/body-migration-runner.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Runs on a Citus cluster only (`npm run test:citus`): DATABASE_URL is the coordinator, CITUS_WORKER_URLS
// its two workers, and each body schema a distributed schema placed on one worker.

const inboxQuery = '{ myMeetings { id title startsAt body { slug } myConvocation { firstOpenedAt answer { response } } } }';

let harness: TestHarness;
let coordinator: pg.Client;
let secretariat: string;
let official: string;
let bodyId: string;
let meetingId: string;
let schema: string;
beforeAll(async () => {
  harness = await startHarness();
  coordinator = new pg.Client({ connectionString: harness.databaseUrl });
  await coordinator.connect();
  secretariat = await harness.token('secretariat.ville');
  official = await harness.token('claire.martin');
  const body = await harness.graphql<{ body: { id: string; assemblies: { id: string; kind: string }[] } }>(
    '{ body(slug: "ville-besancon") { id assemblies { id kind } } }',
    {},
    secretariat,
  );
  bodyId = body.data!.body.id;
  const assemblyId = body.data!.body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!.id;
  const meeting = await harness.graphql<{ createMeeting: { id: string } }>(
    'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
    { bodyId, input: { assemblyId, title: 'Conseil municipal de juin', startsAt: '2030-06-12T18:00:00+02:00', place: 'Hôtel de Ville' } },
    secretariat,
  );
  meetingId = meeting.data!.createMeeting.id;
  schema = (await coordinator.query<{ schema_name: string }>('select schema_name from platform.body where id = $1', [bodyId])).rows[0]!
    .schema_name;
});
afterAll(async () => {
  await coordinator?.end();
  await harness?.close();
});

/** The nodes that hold the shards of a schema's tables (one node for a distributed schema). */
async function nodesOf(name: string): Promise<string[]> {
  const { rows } = await coordinator.query<{ node: string }>(
    `select distinct nodename || ':' || nodeport as node from citus_shards
      where citus_table_type = 'schema' and table_name::text like $1 || '.%'`,
    [name],
  );
  return rows.map((row) => row.node);
}

describe('Citus schema-based sharding', () => {
  it('places every body schema on one worker and the platform tables on every node, the job queue on the coordinator', async () => {
    const { rows: bodies } = await coordinator.query<{ schema_name: string }>('select schema_name from platform.body');
    const { rows: distributed } = await coordinator.query<{ schema_name: string }>('select schema_name::text from citus_schemas');
    expect(distributed.map((row) => row.schema_name).sort()).toEqual(bodies.map((row) => row.schema_name).sort());
    const placements = await Promise.all(bodies.map((row) => nodesOf(row.schema_name)));
    expect(placements.every((nodes) => nodes.length === 1)).toBe(true);
    // Both workers hold bodies: the schemas are spread, not piled on one node.
    expect(new Set(placements.flat()).size).toBe(2);
    const { rows: platform } = await coordinator.query<{ table: string; type: string }>(
      `select c.relname as table, coalesce(t.citus_table_type, 'local') as type
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         left join citus_tables t on t.table_name = c.oid
        where n.nspname = 'platform' and c.relkind = 'r'`,
    );
    expect(platform.length).toBeGreaterThan(10);
    // The coordinator's own bookkeeping stays local, the inbox index is distributed by person (docs/operations/citus.md); every other table is everywhere.
    expect(
      platform
        .filter((row) => row.type !== 'reference')
        .map((row) => `${row.table}: ${row.type}`)
        .sort(),
    ).toEqual(['inbox_entry: distributed', 'job_worker: local', 'login_failure: local', 'login_rate_limit: local']);
    const { rows: jobs } = await coordinator.query(
      `select 1 from citus_tables t join pg_class c on c.oid = t.table_name
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'graphile_worker'`,
    );
    expect(jobs).toEqual([]);
  });

  it('runs every node with synchronous commits, which a move relies on to keep the writes acknowledged before its switch-over', async () => {
    // The move waits for the target to replicate up to the source's pg_current_wal_lsn(), the WAL written
    // so far. An asynchronous commit (`synchronous_commit = off` on a worker) is acknowledged while its
    // commit record may still sit in the WAL buffers, past that point: the move then finishes without it
    // (docs/operations/citus.md, "Moving a body").
    const { rows } = await coordinator.query<{ node: string; setting: string }>(
      `select 'coordinator' as node, current_setting('synchronous_commit') as setting
       union all
       select nodename || ':' || nodeport, result from run_command_on_workers('show synchronous_commit')`,
    );
    expect(rows.filter((row) => row.setting === 'off')).toEqual([]);
    expect(rows).toHaveLength(3);
  });

  it(
    'moves a body to the other worker while officials read and the secretariat writes: writes blocked < 1 s, nothing lost',
    { timeout: 240_000 },
    async () => {
      const [source] = await nodesOf(schema);
      const { rows: workers } = await coordinator.query<{ nodename: string; nodeport: number }>(
        "select nodename, nodeport from pg_dist_node where noderole = 'primary' and shouldhaveshards order by nodeport",
      );
      const target = workers.find((worker) => `${worker.nodename}:${worker.nodeport}` !== source)!;

      let moving = true;
      const written: string[] = [];
      const writeMilliseconds: number[] = [];
      const errors: unknown[] = [];
      let reads = 0;
      const writer = (async () => {
        for (let index = 1; moving; index++) {
          const title = `Point ${index}`;
          const started = performance.now();
          const result = await harness.graphql(
            'mutation ($bodyId: UUID!, $meetingId: UUID!, $title: String!) { addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: { title: $title, kind: DELIBERATION }) { id } }',
            { bodyId, meetingId, title },
            secretariat,
          );
          writeMilliseconds.push(performance.now() - started);
          if (result.errors) errors.push(result.errors);
          else written.push(title);
        }
      })();
      const reader = (async () => {
        while (moving) {
          const result = await harness.graphql(inboxQuery, {}, official);
          if (result.errors) errors.push(result.errors);
          reads++;
        }
      })();
      const traffic = async (writes: number) => {
        const until = written.length + writes;
        while (written.length < until && errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      let duringMove: number;
      let moveMilliseconds: number;
      try {
        // Some traffic before the move, then the move (logical replication: writes go on until the switch-over).
        await traffic(5);
        const before = written.length;
        const moveStarted = performance.now();
        await coordinator.query("select citus_schema_move($1::regnamespace, $2, $3, shard_transfer_mode => 'force_logical')", [
          schema,
          target.nodename,
          target.nodeport,
        ]);
        moveMilliseconds = performance.now() - moveStarted;
        duringMove = written.length - before;
        await traffic(5);
      } finally {
        moving = false;
        await Promise.all([writer, reader]);
      }

      expect(await nodesOf(schema)).toEqual([`${target.nodename}:${target.nodeport}`]);
      expect(errors).toEqual([]);
      expect(reads).toBeGreaterThan(0);
      expect(duringMove).toBeGreaterThan(0);
      const agenda = await harness.graphql<{ body: { meeting: { agenda: { title: string }[] } } }>(
        'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { agenda { title } } } }',
        { id: meetingId },
        secretariat,
      );
      const stored = agenda.data!.body.meeting.agenda.map((item) => item.title);
      // Every acknowledged write, in order: none lost at the switch-over.
      expect(written.filter((title) => !stored.includes(title))).toEqual([]);
      expect(stored).toEqual(written);
      // A write waits for the switch-over at most: the slowest write of the run stayed under a second.
      const slowest = Math.max(...writeMilliseconds);
      console.log(
        `citus_schema_move: ${Math.round(moveMilliseconds)} ms, ${duringMove} writes and ${reads} reads meanwhile, slowest write ${Math.round(slowest)} ms`,
      );
      expect(slowest).toBeLessThan(1000);
    },
  );

  it('applies a later migration of several statements to the distributed body schemas', async () => {
    // Citus would forward the whole string to the worker as one prepared statement, which PostgreSQL refuses.
    const later = {
      name: '9000_later',
      sql: 'create table later (id uuid primary key);\nalter table later add column note text;\ncreate index later_note_idx on later (note);',
      checksum: 'later',
    };
    const report = await migrateAllBodies(harness.runtime.orm.em.fork(), [...harness.runtime.bodyMigrations, later], { concurrency: 2 });
    expect(report.outcomes.filter((outcome) => outcome.status !== 'migrated')).toEqual([]);
    const { rows } = await coordinator.query<{ type: string }>(
      'select citus_table_type as type from citus_tables where table_name = $1::regclass',
      [`${schema}.later`],
    );
    expect(rows).toEqual([{ type: 'schema' }]);
  });
});

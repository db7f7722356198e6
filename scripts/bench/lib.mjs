// @ts-check
// Shared helpers of the benchmark scripts (scripts/bench/*.mjs): a throw-away PostgreSQL, free ports,
// cleanup on every exit path, a watchdog, statistics, the final JSON line, and the context a script acts
// in inside a body. Plain ESM over the compiled server (server/dist): run `npm run build` first. Checked
// against the server's declarations by `npm run typecheck:scripts` (scripts/tsconfig.json).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const serverDist = path.join(repoRoot, 'server', 'dist');

/** Fails early and clearly on the system node (20) or on a missing build. */
export function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    throw new Error(`Node ${process.versions.node}: run with node_modules/.bin/node (Node 24), not the system node`);
  }
  if (!existsSync(path.join(serverDist, 'main.js'))) {
    throw new Error('server/dist is missing: run `npm run build` first');
  }
}

/**
 * `--count N`, `--disposable`, `--timeout S` (seconds), with per-script defaults; `extra` declares a
 * script's own integer options (`{ documents: 50 }` → `--documents N`, returned under `extra`).
 * @template {number | undefined} [C=undefined]
 * @template {Record<string, number>} [E={}]
 * @param {{ count?: C; timeoutSeconds: number; extra?: E }} defaults
 * @returns {{ count: C; disposable: boolean; timeoutSeconds: number; extra: E }}
 */
export function parseBenchArgs({ count, timeoutSeconds, extra = /** @type {E} */ ({}) }) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      disposable: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      ...Object.fromEntries(Object.keys(extra).map((name) => [name, { type: 'string' }])),
    },
  });
  /** @type {(name: string, raw: string | boolean | undefined, fallback: number, max: number) => number} */
  const positiveInt = (name, raw, fallback, max) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be an integer in 1..${max}`);
    return value;
  };
  return {
    count: /** @type {C} */ (count === undefined ? undefined : positiveInt('count', values.count, count, 20_000)),
    disposable: values.disposable === true,
    timeoutSeconds: positiveInt('timeout', values.timeout, timeoutSeconds, 24 * 3600),
    extra: /** @type {E} */ (
      Object.fromEntries(Object.entries(extra).map(([name, fallback]) => [name, positiveInt(name, values[name], fallback, 20_000)]))
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Cleanup: a stack of async actions run once, on success, on failure, on SIGINT/SIGTERM or on the watchdog.

const cleanups = [];
let cleaningUp = null;

/** `limitMs`: closing a connection whose server is already gone can wait forever; give up after that. */
export function onCleanup(action, limitMs = 20_000) {
  cleanups.push({ action, limitMs });
}

/**
 * Each action gets at most `limitMs` (20 s by default). The timer is also what keeps the event loop alive: an action waiting on
 * a connection that was cut (the database stopped under it after a Ctrl-C) must not let the process end
 * quietly halfway through the cleanup.
 */
export function runCleanups() {
  cleaningUp ??= (async () => {
    while (cleanups.length > 0) {
      const { action, limitMs } = cleanups.pop();
      let timer;
      const limit = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), limitMs);
      });
      try {
        if ((await Promise.race([action(), limit])) === 'timeout') console.error(`cleanup: one step took over ${limitMs} ms, moving on`);
      } catch (error) {
        console.error(`cleanup: ${error instanceof Error ? error.message : error}`);
      } finally {
        clearTimeout(timer);
      }
    }
  })();
  return cleaningUp;
}

/**
 * Runs the benchmark body with a watchdog. On success the body returns the figures, printed as the final
 * JSON line; on failure (or timeout, or a signal) the cleanups run, a JSON line with `ok: false` is
 * printed and the process exits non-zero.
 */
export async function runBench(name, timeoutSeconds, body) {
  let finished = false;
  const fail = async (error, code = 1) => {
    if (finished) return;
    finished = true;
    console.error(`\n${name}: FAILED — ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    await runCleanups();
    console.log(JSON.stringify({ bench: name, ok: false, error: error instanceof Error ? error.message : String(error) }));
    process.exit(code);
  };
  // Once failing (say the database was stopped under open connections), later errors are only noise.
  const stray = (error) => {
    if (!finished) void fail(error);
  };
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  process.on('SIGINT', () => void fail(new Error('interrupted (SIGINT)'), 130));
  process.on('SIGTERM', () => void fail(new Error('terminated (SIGTERM)'), 143));
  const watchdog = setTimeout(() => void fail(new Error(`timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  watchdog.unref();
  try {
    checkPrerequisites();
    const figures = await body();
    if (finished) return;
    finished = true;
    clearTimeout(watchdog);
    await runCleanups();
    console.log(JSON.stringify({ bench: name, ok: true, ...figures }));
    process.exit(0);
  } catch (error) {
    await fail(error);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Ports and databases.

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

const handedOut = new Set();

/** A random free loopback port in 20000..39999 (also free of a PostgreSQL Unix-socket lock in /tmp). */
export async function freePort() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (handedOut.has(port) || existsSync(`/tmp/.s.PGSQL.${port}.lock`)) continue;
    if (await portIsFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found in 20000..39999');
}

export async function makeTempDir(label) {
  const dir = await mkdtemp(path.join(tmpdir(), `cartable-bench-${label}-`));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A database of one's own: with DATABASE_URL, a new database `bench_<hex>` on that server (dropped at the
 * end); otherwise the embedded PostgreSQL of the product in a fresh temp folder (stopped and removed at
 * the end). `disposable: false` by default, so the figures include real commit durability (fsync).
 */
export async function startBenchDatabase({ label, disposable = false }) {
  const [{ default: pg }, { createLogger }, { startEmbeddedPostgres }] = await Promise.all([
    import('pg'),
    import('../../server/dist/common/logger.js'),
    import('../../server/dist/db/embedded-postgres.js'),
  ]);
  if (process.env.DATABASE_URL) {
    const adminUrl = new URL(process.env.DATABASE_URL);
    const name = `bench_${randomBytes(6).toString('hex')}`;
    const run = async (sql) => {
      const client = new pg.Client({ connectionString: adminUrl.toString() });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await run(`create database ${name}`);
    onCleanup(() => run(`drop database if exists ${name} with (force)`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { mode: 'DATABASE_URL', url: url.toString(), database: name, dataDir: null, port: Number(url.port || 5432), stop: null };
  }
  const dataDir = await makeTempDir(label);
  const port = await freePort();
  const started = performance.now();
  const database = await startEmbeddedPostgres({ dataDir, port, logger: createLogger('warn'), disposable });
  const startMs = performance.now() - started;
  // A fast shutdown ends with a checkpoint that writes and fsyncs every relation file created since the
  // last one: after thousands of new tables that takes a while, hence the generous limit.
  let stopping = null;
  const stop = () => (stopping ??= database.stop());
  onCleanup(async () => {
    await Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, 120_000))]);
    const pid = await postmasterPid(path.join(dataDir, 'postgres'));
    if (pid && isAlive(pid)) {
      console.error(`cleanup: PostgreSQL (pid ${pid}) did not stop in 120 s, killing it`);
      process.kill(pid, 'SIGKILL');
    }
  }, 125_000);
  return { mode: disposable ? 'embedded (disposable: fsync off)' : 'embedded', url: database.url, dataDir, port, startMs, stop };
}

/** The app's configuration for a benchmark: test mode, warnings only, a fresh data folder, `extra` on top. */
export async function benchAppConfig({ label, baseUrl, databaseUrl, extra = {} }) {
  const { loadConfig } = await import('../../server/dist/config/env.js');
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: baseUrl,
    CARTABLE_DATA_DIR: await makeTempDir(label),
    DATABASE_URL: databaseUrl,
    ...extra,
  });
}

/**
 * The context a person acts in inside a body of the in-process app, outside a request, as the demo loader
 * builds its own: the system's context in the body (`enterBodyAsSystem`, the runtime's services and clock),
 * in the person's name with `roles` and their profile, as a request's Viewer holds it (`onBehalfOf`). `ctx.withEm(ctx.em.fork())` for a fresh unit of work.
 * @param {import('../../server/dist/runtime.js').Runtime} runtime
 * @param {string} bodyId
 * @param {string} personId
 * @param {readonly import('../../server/dist/platform/people/membership.entity.js').MembershipRole[]} roles
 */
export async function actingInBody(runtime, bodyId, personId, roles) {
  const { enterBodyAsSystem, onBehalfOf } = await import('../../server/dist/tenancy/system-scope.js');
  const { Person } = await import('../../server/dist/platform/people/person.entity.js');
  const system = await enterBodyAsSystem(runtime.orm, runtime.environment, bodyId, 'benchmark');
  if (!system) throw new Error(`body ${bodyId} not found`);
  // Named as a request's Viewer names its caller (auth/viewer-resolver.ts): what a send reads of its sender.
  const { displayName, email } = await system.platformEm.findOneOrFail(Person, { id: personId });
  return onBehalfOf(system, personId, roles, { displayName, email });
}

/**
 * The officials of the send benchmarks: « Élu n° i » (`elu.<i>@bench.cartable.fr`) for i = 1…`count`, each a
 * person, an OFFICIAL membership of `body` and a voting member of `assembly`, as the product stores them;
 * `personFields(i)` adds fields to a person. Created in the two units of work, flushed by the caller.
 * @param {import('@mikro-orm/postgresql').EntityManager} platformEm
 * @param {import('@mikro-orm/postgresql').EntityManager} bodyEm
 * @param {import('../../server/dist/platform/bodies/body.entity.js').Body} body
 * @param {import('../../server/dist/body/assemblies/assembly.entity.js').Assembly} assembly
 * @param {number} count
 * @param {(index: number) => Record<string, unknown>} [personFields]
 */
export async function seatBenchOfficials(platformEm, bodyEm, body, assembly, count, personFields = () => ({})) {
  const { Person } = await import('../../server/dist/platform/people/person.entity.js');
  const { Membership } = await import('../../server/dist/platform/people/membership.entity.js');
  const { AssemblyMember } = await import('../../server/dist/body/assemblies/assembly-member.entity.js');
  const { uuidv7 } = await import('../../server/dist/common/ids.js');
  for (let index = 1; index <= count; index++) {
    const person = platformEm.create(Person, {
      id: uuidv7(),
      email: `elu.${index}@bench.cartable.fr`,
      emailVerified: true,
      displayName: `Élu n° ${index}`,
      subject: null,
      platformRoles: [],
      ...personFields(index),
    });
    platformEm.create(Membership, { id: uuidv7(), person, body, roles: ['OFFICIAL'], mandateStart: null, mandateEnd: null });
    bodyEm.create(AssemblyMember, {
      id: uuidv7(),
      assembly,
      personId: person.id,
      role: 'MEMBRE',
      votingRight: true,
      mandateStart: null,
      mandateEnd: null,
    });
  }
}

/**
 * The meeting the send benchmarks measure: « Séance de mesure » in 30 days in `assemblyId`, with one
 * délibération (« Budget primitif »), each written in a fresh unit of work of `ctx`.
 * @param {import('../../server/dist/tenancy/body-context.js').PersonContext} ctx
 * @param {string} assemblyId
 */
export async function measuredMeeting(ctx, assemblyId) {
  const { createMeeting } = await import('../../server/dist/body/meetings/meeting.service.js');
  const { addAgendaItem } = await import('../../server/dist/body/agenda/agenda.service.js');
  const fresh = () => ctx.withEm(ctx.em.fork());
  const meeting = await createMeeting(fresh(), {
    assemblyId,
    title: 'Séance de mesure',
    startsAt: new Date(Date.now() + 30 * 86_400_000),
    place: 'Salle du conseil',
    urgent: false,
  });
  const item = await addAgendaItem(fresh(), meeting.id, {
    title: 'Budget primitif',
    kind: 'DELIBERATION',
    rapporteur: null,
    icpe: false,
    closedSession: false,
  });
  return { meeting, item };
}

/** An access token of a demo user from the app's embedded identity provider (password grant, `cartable-cli`). */
export async function accessToken(baseUrl, username) {
  const reply = await fetch(`${baseUrl}/realms/cartable/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cartable-cli', username, password: 'demo' }),
  });
  if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.status}`);
  return (await reply.json()).access_token;
}

/** The postmaster pid of a cluster folder, when its postmaster.pid file exists. */
export async function postmasterPid(clusterDir) {
  try {
    const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** Resident memory of a local process, from /proc (kB → MB), or null. */
export async function processMemoryMb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Math.round(Number(match[1]) / 102.4) / 10 : null;
    };
    return { rss: field('VmRSS'), anon: field('RssAnon'), hwm: field('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * CPU time (ms, user + system) used so far by a local process and its children, live ones and those that
 * have exited and been waited for (a PostgreSQL cluster: its postmaster and backends), from /proc; null
 * where /proc is not there. Clock-tick resolution (10 ms on Linux).
 * @param {number} rootPid
 */
export async function processTreeCpuMs(rootPid) {
  const ticksToMs = 1000 / 100;
  const stat = async (pid) => {
    try {
      const text = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, ppid 4, utime 14 … cstime 17.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
    } catch {
      return null;
    }
  };
  const root = await stat(rootPid);
  if (!root) return null;
  let ticks = root.own + root.children;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === rootPid) continue;
    const child = await stat(name);
    if (child?.ppid === rootPid) ticks += child.own + child.children;
  }
  return ticks * ticksToMs;
}

// ---------------------------------------------------------------------------------------------------------
// Figures.

/**
 * @overload
 * @param {number} value
 * @param {number} [digits]
 * @returns {number}
 */
/**
 * @overload
 * @param {number | null | undefined} value
 * @param {number} [digits]
 * @returns {number | null}
 */
/**
 * @param {number | null | undefined} value
 * @param {number} [digits]
 */
export function round(value, digits = 1) {
  return value === null || value === undefined ? null : Number(value.toFixed(digits));
}

/**
 * Nearest-rank percentile of a sorted array.
 * @param {number[]} sorted
 * @param {number} p
 * @returns {number}
 */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** @typedef {{ n: number; min: number; median: number; p95: number; max: number; mean: number }} Stats */

/**
 * @param {number[]} samples
 * @param {number} [digits]
 * @returns {Stats} only `n` (0) when there are no samples
 */
export function summarize(samples, digits = 1) {
  if (samples.length === 0) return /** @type {Stats} */ ({ n: 0 });
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    min: round(sorted[0], digits),
    median: round(
      sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2,
      digits,
    ),
    p95: round(percentile(sorted, 95), digits),
    max: round(sorted[sorted.length - 1], digits),
    mean: round(sum / sorted.length, digits),
  };
}

/**
 * @param {Stats} stats
 * @param {string} [unit]
 */
export function formatStats(stats, unit = 'ms') {
  return `min ${stats.min} · median ${stats.median} · p95 ${stats.p95} · max ${stats.max} · mean ${stats.mean} ${unit} (n=${stats.n})`;
}

const loadAtStart = os.loadavg()[0];

/** Where the figures come from. The load averages tell whether something else competed for the CPUs. */
export function machineInfo() {
  return {
    node: process.versions.node,
    cpus: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    loadAverage1m: { atStart: round(loadAtStart, 2), atEnd: round(os.loadavg()[0], 2) },
  };
}

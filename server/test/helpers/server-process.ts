import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive } from '../../src/common/processes.js';

/** The built server (`npm run build`), run as `npm start` runs it. */
export const serverMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcessOptions {
  /** CARTABLE_DATA_DIR, and the working directory (so no developer's `.env` is read). */
  dataDir: string;
  port: number;
  postgresPort: number;
  environment?: Record<string, string>;
}

export interface ServerProcess {
  pid: number;
  url: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Everything the process wrote so far (its JSON log lines). */
  output(): string;
}

/**
 * Starts `node server/dist/main.js` in its own process group (`detached`), so that a test can kill the
 * whole group (`process.kill(-pid, 'SIGKILL')`: node and its embedded PostgreSQL, as a crash of the
 * machine's service would) or node alone. The environment is built from scratch: no DATABASE_URL or
 * other variable of the test run leaks in.
 */
export function startServerProcess(options: ServerProcessOptions): ServerProcess {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`npm run build\` first`);
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(process.execPath, [serverMain], {
    cwd: options.dataDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? options.dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      PUBLIC_URL: url,
      CARTABLE_DATA_DIR: options.dataDir,
      EMBEDDED_POSTGRES_PORT: String(options.postgresPort),
      ...options.environment,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { pid: child.pid!, url, exited, output: () => output };
}

/** Waits until `/readyz` answers 200; fails with the end of the process's output if it exits first. */
export async function waitUntilReady(server: ServerProcess, timeoutMs = 180_000): Promise<void> {
  let exit: number | string | undefined;
  void server.exited.then((code) => (exit = code));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit !== undefined) throw new Error(`the server exited (${exit}) before it was ready:\n${server.output().slice(-4_000)}`);
    const status = await fetch(`${server.url}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.output().slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGKILL to the whole process group: nothing of the server runs any clean-up. */
export async function killProcessGroup(server: ServerProcess): Promise<void> {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  await server.exited;
}

/** A graceful stop (SIGTERM: drain, then the database), for the end of a test. */
export async function stopServer(server: ServerProcess): Promise<void> {
  if (!isProcessAlive(server.pid)) return;
  process.kill(server.pid, 'SIGTERM');
  await server.exited;
}

/** Kills whatever PostgreSQL still runs on a data folder (a test that failed half-way). */
export async function killLeftoverPostgres(dataDir: string): Promise<void> {
  const lockFile = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(lockFile?.split('\n')[0]);
  if (Number.isSafeInteger(pid) && pid > 0 && isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
}

import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/common/processes.js';
import { killLeftoverPostgres, startServerProcess, stopServer, waitUntilReady, type ServerProcess } from '../helpers/server-process.js';
import { quietPort } from '../helpers/ports.js';

describe('the embedded PostgreSQL left running by a killed node process', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-orphan-'));
    // As root, PostgreSQL runs as the `postgres` user, which must reach the folder.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    await killLeftoverPostgres(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is stopped at the next start, which comes up and answers /readyz', async () => {
    const options = { dataDir, port: await quietPort(), postgresPort: await quietPort(), environment: { CARTABLE_DEMO: 'false' } };
    server = startServerProcess(options);
    await waitUntilReady(server);
    const postgresPid = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);

    // node alone, as `kill -9 <pid of node>` or the OOM killer would: PostgreSQL survives it.
    process.kill(server.pid, 'SIGKILL');
    await server.exited;
    expect(isProcessAlive(postgresPid)).toBe(true);

    server = startServerProcess(options);
    await waitUntilReady(server);
    expect(server.output()).toContain('a PostgreSQL server left running on this data folder by a previous process: stopping it');
    expect(isProcessAlive(postgresPid)).toBe(false);
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, database: 'reachable' });
  });
});

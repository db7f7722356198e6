#!/usr/bin/env node
// @ts-check
// Cold and warm start of the built product (`node server/dist/main.js`, demo on): ms from spawn until
// GET /readyz answers 200 with 4 bodies and no body schema behind, then ms from SIGTERM until exit.
//
//   npm run build && node_modules/.bin/node scripts/bench/startup.mjs [--warm 3] [--ready-timeout 60] [--timeout 300]
//
// Cold = empty CARTABLE_DATA_DIR: initdb of the embedded PostgreSQL, platform + body migrations, demo
// data. Warm = same folder again (cluster initialised, everything migrated, demo already loaded).
// With DATABASE_URL set, the app runs against a new database on that server instead (no initdb).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  freePort,
  isAlive,
  machineInfo,
  makeTempDir,
  onCleanup,
  postmasterPid,
  round,
  runBench,
  serverDist,
  startBenchDatabase,
  summarize,
} from './lib.mjs';

const { values } = parseArgs({
  options: {
    warm: { type: 'string', default: '3' },
    'ready-timeout': { type: 'string', default: '60' },
    timeout: { type: 'string', default: '300' },
  },
});
const warmRuns = Number(values.warm);
const readyTimeoutSeconds = Number(values['ready-timeout']);
const timeoutSeconds = Number(values.timeout);
if (!Number.isInteger(warmRuns) || warmRuns < 1 || warmRuns > 20) throw new Error('--warm must be in 1..20');
if (!Number.isInteger(readyTimeoutSeconds) || readyTimeoutSeconds < 1) throw new Error('--ready-timeout must be >= 1 (seconds)');
if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 10) throw new Error('--timeout must be >= 10 (seconds)');

/** How long one start may take until /readyz: on a loaded machine the cold start's demo load can take longer. */
const readyTimeoutMs = readyTimeoutSeconds * 1000;
const pollEveryMs = 50;
const expectedBodies = 4;

// Variables of server/src/config/env.ts that the calling shell must not leak into the measured app.
const appVariables = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'PUBLIC_URL',
  'LOG_LEVEL',
  'DATABASE_URL',
  'DATABASE_POOL_MAX',
  'CARTABLE_DATA_DIR',
  'EMBEDDED_POSTGRES_PORT',
  'CARTABLE_DEMO',
  'SHUTDOWN_TIMEOUT_MS',
  'OIDC_SERVER_URL',
  'OIDC_REALM',
  'OIDC_AUDIENCE',
  'OIDC_ALLOWED_CLIENTS',
];

/** GET /readyz on loopback, a fresh connection each time (no keep-alive left open on the app). */
function readyz(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', agent: false, timeout: 1_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode, body: JSON.parse(text) });
        } catch {
          resolve({ status: response.statusCode, body: null });
        }
      });
      response.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** True when something accepts TCP connections on the loopback port. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

await runBench('startup', timeoutSeconds, async () => {
  const dataDir = await makeTempDir('startup');
  const clusterDir = path.join(dataDir, 'postgres');
  const external = process.env.DATABASE_URL ? await startBenchDatabase({ label: 'startup' }) : null;
  const httpPort = await freePort();
  const postgresPort = await freePort();

  const environment = { ...process.env };
  for (const name of appVariables) delete environment[name];
  Object.assign(environment, {
    CARTABLE_DATA_DIR: dataDir,
    PORT: String(httpPort),
    HOST: '127.0.0.1',
    EMBEDDED_POSTGRES_PORT: String(postgresPort),
    CARTABLE_DEMO: 'true',
    LOG_LEVEL: 'warn',
    ...(external ? { DATABASE_URL: external.url } : {}),
  });

  let app = null;
  let appGroup = null;
  // On any failure: SIGTERM (the app stops its PostgreSQL), SIGKILL if it hangs; then the postmaster if it
  // outlived the app (a SIGTERM before the app's handlers are installed kills it on the spot); then
  // whatever is left in the app's process group (an initdb still running, say).
  onCleanup(async () => {
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = once(app, 'exit');
      app.kill('SIGTERM');
      await Promise.race([exited, sleep(12_000)]);
      if (app.exitCode === null && app.signalCode === null) {
        app.kill('SIGKILL');
        await Promise.race([exited, sleep(2_000)]);
      }
    }
    const pid = await postmasterPid(clusterDir);
    if (pid && isAlive(pid)) {
      console.error(`cleanup: stopping the PostgreSQL server left running (pid ${pid})`);
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    if (appGroup) {
      try {
        process.kill(-appGroup, 'SIGKILL');
        console.error(`cleanup: killed processes left in the app's process group ${appGroup}`);
        await sleep(200);
      } catch {
        // ESRCH: the group is empty, as it should be
      }
    }
  });

  async function startOnce(label) {
    let output = '';
    const started = performance.now();
    app = spawn(process.execPath, [path.join(serverDist, 'main.js')], {
      cwd: dataDir, // no stray .env of the caller's folder
      env: environment,
      detached: true, // own process group, so a failure can kill the app and its PostgreSQL together
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    appGroup = app.pid;
    const keep = (chunk) => {
      output = (output + chunk).slice(-20_000);
    };
    app.stdout.on('data', keep);
    app.stderr.on('data', keep);
    const exited = once(app, 'exit');
    let attempts = 0;
    let postgresMs = null; // spawn → the embedded PostgreSQL accepts connections (imports, initdb, start)
    for (;;) {
      const elapsed = performance.now() - started;
      if (elapsed > readyTimeoutMs) throw new Error(`${label}: /readyz not ready after ${readyTimeoutMs} ms\n${output}`);
      if (app.exitCode !== null || app.signalCode !== null) {
        throw new Error(`${label}: the app exited (code ${app.exitCode}, signal ${app.signalCode}) before ready\n${output}`);
      }
      attempts++;
      if (!external && postgresMs === null && (await listening(postgresPort))) postgresMs = performance.now() - started;
      const answer = await readyz(httpPort);
      if (answer?.status === 200 && answer.body?.bodies === expectedBodies && answer.body?.bodySchemasBehind === 0) {
        const readyMs = performance.now() - started;
        return { readyMs, postgresMs, attempts, output: () => output, exited };
      }
      if (answer && answer.status === 200) {
        // Listening but not the expected state: the app only listens after the demo load, so this is a bug.
        throw new Error(`${label}: /readyz answered ${JSON.stringify(answer.body)}, expected ${expectedBodies} bodies, 0 behind`);
      }
      await sleep(pollEveryMs);
    }
  }

  async function stopOnce(label, run) {
    const started = performance.now();
    app.kill('SIGTERM');
    const timeout = sleep(30_000).then(() => 'timeout');
    const result = await Promise.race([run.exited, timeout]);
    const shutdownMs = performance.now() - started;
    if (result === 'timeout') throw new Error(`${label}: still running 30 s after SIGTERM\n${run.output()}`);
    const [code, signal] = result;
    if (code !== 0) throw new Error(`${label}: exited with code ${code}, signal ${signal} after SIGTERM\n${run.output()}`);
    if (!external) {
      const pid = await postmasterPid(clusterDir);
      if (pid && isAlive(pid)) throw new Error(`${label}: the app exited but its PostgreSQL (pid ${pid}) still runs`);
    }
    app = null;
    appGroup = null;
    return shutdownMs;
  }

  console.log(
    `startup benchmark — ${external ? `DATABASE_URL (database ${external.database})` : 'embedded PostgreSQL'}, data dir ${dataDir}`,
  );
  console.log(
    `app on 127.0.0.1:${httpPort}${external ? '' : `, PostgreSQL on 127.0.0.1:${postgresPort}`}; polling /readyz every ${pollEveryMs} ms\n`,
  );

  const cold = await startOnce('cold start');
  const split = (run) => (run.postgresMs === null ? '' : `, PostgreSQL up at ${Math.round(run.postgresMs)} ms`);
  console.log(`cold start   ready in ${Math.round(cold.readyMs)} ms (${cold.attempts} polls${split(cold)})`);
  const coldShutdownMs = await stopOnce('cold shutdown', cold);
  console.log(`             shutdown in ${Math.round(coldShutdownMs)} ms`);

  const warm = [];
  for (let i = 1; i <= warmRuns; i++) {
    const run = await startOnce(`warm start ${i}`);
    const shutdownMs = await stopOnce(`warm shutdown ${i}`, run);
    warm.push({ readyMs: run.readyMs, postgresMs: run.postgresMs, shutdownMs });
    console.log(
      `warm start ${i} ready in ${Math.round(run.readyMs)} ms (${run.attempts} polls${split(run)}), shutdown in ${Math.round(shutdownMs)} ms`,
    );
  }
  const warmReady = summarize(
    warm.map((run) => run.readyMs),
    0,
  );
  const warmShutdown = summarize(
    warm.map((run) => run.shutdownMs),
    0,
  );
  console.log(
    `\nwarm start median ${warmReady.median} ms (min ${warmReady.min}, max ${warmReady.max}); shutdown median ${warmShutdown.median} ms`,
  );

  return {
    database: external ? 'DATABASE_URL' : 'embedded',
    coldReadyMs: round(cold.readyMs, 0),
    coldShutdownMs: round(coldShutdownMs, 0),
    coldPostgresUpMs: round(cold.postgresMs, 0),
    warmPostgresUpMs: warm.map((run) => round(run.postgresMs, 0)),
    warmReadyMs: warm.map((run) => round(run.readyMs, 0)),
    warmShutdownMs: warm.map((run) => round(run.shutdownMs, 0)),
    warmReadyMedianMs: warmReady.median,
    warmShutdownMedianMs: warmShutdown.median,
    pollEveryMs,
    machine: machineInfo(),
  };
});

import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createLogger } from './common/logger.js';
import { loadConfigOrExit } from './config/env.js';
import { startDatabase, type RunningDatabase } from './db/database.js';
import { loadDemoData } from './demo/load-demo.js';
import { loadDemoSeances } from './demo/load-demo-seances.js';
import { loadDemoActs } from './demo/load-demo-acts.js';
import { loadDemoCircuits } from './demo/load-demo-circuits.js';
import { loadDemoGroupement } from './demo/load-demo-groupement.js';
import { createRuntime, type Runtime } from './runtime.js';

const requiredNodeMajor = 24;
if (Number(process.versions.node.split('.')[0]) < requiredNodeMajor) {
  process.stderr.write(`Cartable needs Node ${requiredNodeMajor} (this is ${process.version}): run it through npm start.\n`);
  process.exit(1);
}

if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
const startedAt = performance.now();
const httpServer = createServer();

let database: RunningDatabase | undefined;
let runtime: Runtime | undefined;
let stopping: Promise<never> | undefined;

/**
 * Stops in order whatever has started: drain HTTP and GraphQL (bounded by SHUTDOWN_TIMEOUT_MS), then the
 * database. The database stop is always awaited, never cut short: PostgreSQL finishes its checkpoint
 * (seconds after creating many bodies) and must not be left running without us.
 */
function shutdown(reason: string, exitCode = 0): Promise<never> {
  stopping ??= stopInOrder(reason, exitCode);
  return stopping;
}

async function stopInOrder(reason: string, exitCode: number): Promise<never> {
  logger.info({ reason }, 'shutting down: draining HTTP, then stopping the database');
  const drained = runtime?.stop() ?? Promise.resolve();
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), config.SHUTDOWN_TIMEOUT_MS).unref());
  if ((await Promise.race([drained.then(() => 'drained' as const), deadline])) === 'timeout') {
    logger.error('requests still running at the shutdown deadline; closing their connections');
    exitCode = 1;
  }
  httpServer.closeAllConnections();
  await database?.stop().catch((error: unknown) => logger.error({ err: error }, 'could not stop the database'));
  logger.info('stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  database = await startDatabase(config, logger);
  if (!stopping) runtime = await createRuntime(config, logger, database.url, httpServer);
  if (!stopping && config.CARTABLE_DEMO) {
    const report = await loadDemoData(runtime!.orm.em.fork(), runtime!.bodyMigrations, { environment: runtime!.environment });
    logger.info(report, 'demo data ready');
    if (config.CARTABLE_DEMO_SEANCES) {
      logger.info(await loadDemoSeances(runtime!.orm.em.fork(), { environment: runtime!.environment }), 'demo séances ready');
    }
    logger.info(
      await loadDemoGroupement(runtime!.orm.em.fork(), runtime!.documents.storage, {
        billing: runtime!.billing,
        chorus: runtime!.billing.chorus,
        logger,
      }),
      'demo groupement ready',
    );
    logger.info(await loadDemoActs(runtime!.orm.em.fork(), runtime!.environment), 'demo acts ready');
    logger.info(await loadDemoCircuits(runtime!.orm.em.fork(), runtime!.environment), 'demo circuits ready');
  }
  // With a Stripe key, bodies whose billing is behind (new key, demo data) get their sync jobs.
  if (!stopping) await runtime!.billing.syncPending(runtime!.orm.em);
} catch (error) {
  if (!stopping) logger.fatal({ err: error }, 'start-up failed');
  await shutdown('start-up failed', 1);
}

if (!stopping) {
  // Before the server says ready: the first real request should not build what is built lazily.
  const warmUpMs = await runtime!.warmUp().catch((error: unknown) => {
    logger.warn({ err: error }, 'warm-up request failed');
    return null;
  });
  if (warmUpMs !== null) logger.info({ warmUpMs: Math.round(warmUpMs) }, 'hot path warmed up');
  httpServer.on('request', runtime!.app);
  httpServer.listen(config.PORT, config.HOST, () => {
    logger.info(
      { url: config.publicUrl, host: config.HOST, port: config.PORT, startupMs: Math.round(performance.now() - startedAt) },
      'Cartable is listening',
    );
  });
}

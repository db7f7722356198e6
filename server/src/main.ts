import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createLogger } from './common/logger.js';
import { loadConfigOrExit } from './config/env.js';
import { startDatabase } from './db/database.js';
import { loadDemoData } from './demo/load-demo.js';
import { createRuntime } from './runtime.js';

if (existsSync('.env')) process.loadEnvFile('.env');

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
const startedAt = performance.now();

const database = await startDatabase(config, logger);

const httpServer = createServer();
const runtime = await createRuntime(config, logger, database.url, httpServer).catch(async (error: unknown) => {
  logger.fatal({ err: error }, 'start-up failed');
  await database.stop();
  process.exit(1);
});

if (config.CARTABLE_DEMO) {
  const report = await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations, { documents: runtime.documents });
  logger.info(report, 'demo data ready');
}

httpServer.on('request', runtime.app);
httpServer.listen(config.PORT, config.HOST, () => {
  logger.info(
    { url: config.publicUrl, host: config.HOST, port: config.PORT, startupMs: Math.round(performance.now() - startedAt) },
    'Cartable is listening',
  );
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: draining HTTP, closing the database');
  const deadline = setTimeout(() => {
    logger.error('graceful shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
  try {
    await runtime.stop();
    httpServer.closeAllConnections();
    await database.stop();
    clearTimeout(deadline);
    logger.info('stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'error during shutdown');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

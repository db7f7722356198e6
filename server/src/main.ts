import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createLogger } from './common/logger.js';
import { ConfigurationError, loadConfig, type Config } from './config/env.js';
import { startEmbeddedPostgres, type RunningDatabase } from './db/embedded-postgres.js';
import { loadDemoData } from './demo/load-demo.js';
import { createRuntime } from './runtime.js';

if (existsSync('.env')) process.loadEnvFile('.env');

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.LOG_LEVEL);
const startedAt = performance.now();

const database: RunningDatabase = config.DATABASE_URL
  ? { url: config.DATABASE_URL, stop: async () => undefined }
  : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_POSTGRES_PORT, logger });

const httpServer = createServer();
const runtime = await createRuntime(config, logger, database.url, httpServer).catch(async (error: unknown) => {
  logger.fatal({ err: error }, 'start-up failed');
  await database.stop();
  process.exit(1);
});

if (config.CARTABLE_DEMO) {
  const report = await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations);
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

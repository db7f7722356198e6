import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../common/logger.js';
import { loadConfigOrExit, type Config } from '../config/env.js';
import { entities } from '../modules.js';
import { startDatabase } from './database.js';
import { initOrm } from './orm.js';

/**
 * For command-line tools: the same configuration and database as `npm start` (.env, DATABASE_URL or the
 * embedded server), a small ORM pool (2 connections unless told; connections recycled as DATABASE_POOL_MAX_USES
 * and DATABASE_POOL_MAX_LIFETIME_SECONDS say unless told), the task, then everything closed; the process exits
 * with the task's code (1 if it throws).
 */
export async function runDatabaseCommand(
  task: (orm: MikroORM, config: Config) => Promise<number>,
  pool: { max: number; maxUses?: number } = { max: 2 },
): Promise<never> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const database = await startDatabase(config, logger);
  const orm = await initOrm({
    databaseUrl: database.url,
    entities,
    poolMax: pool.max,
    maxUses: pool.maxUses ?? config.DATABASE_POOL_MAX_USES,
    maxLifetimeSeconds: config.DATABASE_POOL_MAX_LIFETIME_SECONDS,
    logger,
  });
  let exitCode: number;
  try {
    exitCode = await task(orm, config);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  } finally {
    await orm.close();
    await database.stop();
  }
  process.exit(exitCode);
}

import type { Logger } from '../common/logger.js';
import type { Config } from '../config/env.js';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded-postgres.js';

export type { RunningDatabase };

/** DATABASE_URL when given (nothing to stop), otherwise the embedded server on CARTABLE_DATA_DIR. */
export async function startDatabase(config: Config, logger: Logger): Promise<RunningDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => undefined };
  return startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_POSTGRES_PORT, logger });
}

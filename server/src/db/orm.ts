import { MikroORM, type EntityClass, type EventSubscriber } from '@mikro-orm/postgresql';
import type { Logger } from '../common/logger.js';

export interface OrmOptions {
  databaseUrl: string;
  /** Every entity of the platform schema and of the body schemas (`entities` of modules.ts). */
  entities: readonly EntityClass[];
  /** Listeners of the ORM's flushes (the server's: the viewer cache's invalidation, auth/viewer-cache.ts). */
  subscribers?: readonly EventSubscriber[];
  poolMax: number;
  logger: Logger;
  /** Checkouts after which a pooled connection is closed and replaced (default 500: DATABASE_POOL_MAX_USES). */
  maxUses?: number;
  /** Age in seconds after which a pooled connection is replaced, 0 for none (default 600: DATABASE_POOL_MAX_LIFETIME_SECONDS). */
  maxLifetimeSeconds?: number;
}

/**
 * The one MikroORM instance. Connections start with `search_path = platform`, a schema that holds no
 * body table: a query that lost its body schema fails loudly instead of reading another body's rows.
 * Connections are recycled (after `maxUses` checkouts or `maxLifetimeSeconds`) so that no backend
 * accumulates the catalog of thousands of body schemas (docs/operations/scale.md).
 */
export async function initOrm(options: OrmOptions): Promise<MikroORM> {
  const log = options.logger.child({ component: 'orm' });
  return MikroORM.init({
    clientUrl: options.databaseUrl,
    entities: [...options.entities],
    subscribers: [...(options.subscribers ?? [])],
    ensureDatabase: false,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: options.poolMax, idleTimeoutMillis: 30_000 },
    driverOptions: {
      options: '-c search_path=platform',
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 600,
      maxUses: options.maxUses ?? 500,
      application_name: 'cartable',
    },
    logger: (message: string) => log.trace(message),
  });
}

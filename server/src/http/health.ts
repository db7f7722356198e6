import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';

export interface Readiness {
  ready: boolean;
  database: 'reachable' | 'unreachable';
  bodies: number | null;
  bodySchemasBehind: number | null;
}

export interface HealthOptions {
  orm: MikroORM;
  latestBodyMigration: string | null;
  isDraining: () => boolean;
  timeoutMs?: number;
}

/** Counts come from the platform schema alone: readiness never scans the catalog of body schemas. */
export async function checkReadiness(options: HealthOptions): Promise<Readiness> {
  try {
    const query = options.orm.em.fork().execute<[{ bodies: number; behind: number }]>(
      `select count(*)::int as bodies,
              count(*) filter (where schema_version is distinct from ?)::int as behind
         from platform.body where status <> 'PROVISIONING'`,
      [options.latestBodyMigration],
    );
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('readiness query timed out')), options.timeoutMs ?? 2_000).unref(),
    );
    const [row] = await Promise.race([query, timeout]);
    return { ready: !options.isDraining(), database: 'reachable', bodies: row.bodies, bodySchemasBehind: row.behind };
  } catch {
    return { ready: false, database: 'unreachable', bodies: null, bodySchemasBehind: null };
  }
}

export function createHealthRouter(options: HealthOptions): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'alive' });
  });
  router.get('/readyz', async (_request, response) => {
    const readiness = await checkReadiness(options);
    response.status(readiness.ready ? 200 : 503).json(readiness);
  });
  return router;
}

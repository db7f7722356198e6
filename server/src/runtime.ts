import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Express } from 'express';
import { createApp } from './app.js';
import { loadRealm } from './auth/embedded-provider/realm.js';
import { createEmbeddedProviderRouter } from './auth/embedded-provider/router.js';
import { loadOrCreateSigningKey } from './auth/embedded-provider/signing-key.js';
import { createKeycloakTokenVerifier } from './auth/token-verifier.js';
import { createViewerResolver } from './auth/viewer-resolver.js';
import type { Logger } from './common/logger.js';
import type { Config } from './config/env.js';
import { initOrm } from './db/orm.js';
import { createApolloServer } from './graphql/apollo-server.js';
import { buildCartableSchema } from './graphql/build-schema.js';
import {
  bodyMigrationsDirectory,
  latestMigration,
  loadMigrations,
  migrateSchema,
  platformMigrationsDirectory,
  type Migration,
} from './tenancy/schema-migrator.js';
import { platformSchema } from './tenancy/schema-name.js';

export interface Runtime {
  app: Express;
  orm: MikroORM;
  bodyMigrations: Migration[];
  /** Stops accepting work, drains GraphQL, closes the database pool. */
  stop(): Promise<void>;
}

/**
 * Wires the server once: ORM, platform migrations, identity, GraphQL, HTTP. Used by `main.ts` and by the
 * tests, which pass their own database.
 */
export async function createRuntime(
  config: Config,
  logger: Logger,
  databaseUrl: string,
  httpServer?: Server,
): Promise<Runtime> {
  const orm = await initOrm({ databaseUrl, poolMax: config.DATABASE_POOL_MAX, logger });
  try {
    const applied = await migrateSchema(orm.em.fork(), platformSchema, await loadMigrations(platformMigrationsDirectory));
    if (applied.length > 0) logger.info({ applied }, 'platform migrations applied');
    const bodyMigrations = await loadMigrations(bodyMigrationsDirectory);

    const signingKey = config.embeddedIdentityProvider ? await loadOrCreateSigningKey(config.dataDir) : null;
    const verifier = createKeycloakTokenVerifier({
      serverUrl: config.identityServerUrl,
      realm: config.OIDC_REALM,
      audience: config.OIDC_AUDIENCE,
      realmPublicKey: signingKey?.publicKeyDer,
    });
    const identityProvider = signingKey
      ? createEmbeddedProviderRouter({
          publicUrl: config.publicUrl,
          realm: await loadRealm(),
          key: signingKey,
          audience: config.OIDC_AUDIENCE,
        })
      : undefined;

    const apollo = createApolloServer(await buildCartableSchema(), config, logger, httpServer);
    await apollo.start();
    let draining = false;
    const app = createApp({
      config,
      logger,
      orm,
      apollo,
      resolveViewer: createViewerResolver(verifier),
      latestBodyMigration: latestMigration(bodyMigrations),
      isDraining: () => draining,
      identityProvider,
    });
    return {
      app,
      orm,
      bodyMigrations,
      async stop() {
        draining = true;
        await apollo.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

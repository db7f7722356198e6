import { systemClock, type Clock } from './legal/clock.js';
import { mkdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Express } from 'express';
import { createApp, graphqlContextFactory, type AppDependencies } from './app.js';
import { warmUp } from './http/warm-up.js';
import { EmbeddedAccountStore } from './auth/embedded-provider/account-store.js';
import { LoginGuard } from './auth/embedded-provider/login-guard.js';
import { loadRealm, loginClients } from './auth/embedded-provider/realm.js';
import { createEmbeddedProviderRouter } from './auth/embedded-provider/router.js';
import { loadOrCreateSigningKey } from './auth/embedded-provider/signing-key.js';
import { createEmbeddedDirectory, createKeycloakDirectory, type IdentityDirectory } from './auth/identity-directory.js';
import { createKeycloakTokenVerifier } from './auth/token-verifier.js';
import { createViewerResolver } from './auth/viewer-resolver.js';
import { ViewerChangeSubscriber } from './auth/viewer-cache.js';
import type { Logger } from './common/logger.js';
import { readOrCreateSecret } from './common/secrets.js';
import type { Config } from './config/env.js';
import { createBillingServices } from './billing/billing-services.js';
import type { BillingServices } from './billing/billing.port.js';
import { moduleEntities, moduleResolvers, moduleRouters, moduleTasks, type ModuleServices } from './module/feature-module.js';
import { modules } from './modules.js';
import type { DocumentServices } from './body/documents/document.service.js';
import { createStripeGateway } from './billing/stripe-gateway.js';
import { convocationSettings } from './body/convocations/convocation-settings.js';
import { createPdfInspections } from './media/pdf-inspector.js';
import { createLocalStorage } from './storage/local-storage.js';
import { createLocalStorageRouter } from './storage/local-storage.router.js';
import { createS3Storage } from './storage/s3-storage.js';
import { initOrm } from './db/orm.js';
import { backfillInboxes, type BackfillReport } from './body/inbox/inbox-index.js';
import { migrateJobQueue, startJobRunner, type JobRunner } from './jobs/job-runner.js';
import { SignedLinks } from './http/signed-links.js';
import { createFileChorusPort } from './billing/chorus.js';
import {
  createEmbeddedTimestampAuthority,
  createHttpTimestampAuthority,
  createTsaRouter,
  type TimestampAuthority,
} from './evidence/timestamping/timestamp-authority.js';
import { createNotificationChannels, type EmailSender, type NotificationChannels } from './notify/channels/registry.js';
import { pushDevices } from './platform/alerts/push-devices.js';
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
import type { BodyEnvironment, BodyServices } from './tenancy/body-context.js';
import { SeanceLiveHub } from './body/seance/live/live-hub.js';
import { createSeanceLiveRouter } from './body/seance/live/live.router.js';
import type { ActServices } from './acts/deliberation.service.js';
import { DemoSigningAuthority } from './acts/signing/signing-pki.js';

export interface Runtime {
  app: Express;
  orm: MikroORM;
  bodyMigrations: Migration[];
  documents: DocumentServices;
  billing: BillingServices;
  /** The RFC 3161 authority that anchors the evidence (embedded or TSA_URL). */
  timestamps: TimestampAuthority;
  /** The acts' signing credentials (demonstration CA under `<dataDir>/signing`) and timestamp authority. */
  acts: ActServices;
  /** What body contexts are built from (services, clock, logger): requests, jobs, the demo loader, tests. */
  environment: BodyEnvironment;
  /** One internal request through the hot path (`http/warm-up.ts`), before the server says ready; its duration in ms. */
  warmUp(): Promise<number>;
  /**
   * The start-up backfill of the inbox index (`backfillInboxes`), in the background: the bodies that
   * existed before the index, one at a time, while requests are served (an inbox indexes its own pending
   * bodies first, so none waits for this). Stopped between two bodies by `stop`.
   */
  inboxBackfill: Promise<BackfillReport>;
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
  /** The clock of the legal checks (tests fix it); the system's by default. */
  clock?: Clock,
): Promise<Runtime> {
  const orm = await initOrm({
    databaseUrl,
    entities: moduleEntities(modules),
    poolMax: config.DATABASE_POOL_MAX,
    maxUses: config.DATABASE_POOL_MAX_USES,
    maxLifetimeSeconds: config.DATABASE_POOL_MAX_LIFETIME_SECONDS,
    // Drops cached viewers when a person, a membership or a body changes.
    subscribers: [new ViewerChangeSubscriber()],
    logger,
  });
  let jobs: JobRunner | null = null;
  let channels: NotificationChannels | null = null;
  let live: SeanceLiveHub | null = null;
  try {
    const applied = await migrateSchema(orm.em.fork(), platformSchema, await loadMigrations(platformMigrationsDirectory));
    if (applied.length > 0) logger.info({ applied }, 'platform migrations applied');
    const bodyMigrations = await loadMigrations(bodyMigrationsDirectory);

    channels = await createNotificationChannels(config, logger, { pushDevices: pushDevices(orm) });
    const identity = await createIdentity(config, logger, orm, channels.email);
    const storage = await createStorage(config);
    const documents: DocumentServices = {
      storage: storage.port,
      maxBytes: config.DOCUMENT_MAX_MB * 1_048_576,
      partSize: config.UPLOAD_PART_SIZE_BYTES,
      inspections: createPdfInspections({
        concurrency: config.PDF_INSPECTIONS ?? availableParallelism(),
        maxStreamBytes: config.PDF_MAX_STREAM_MB * 1_048_576,
        maxInflatedBytes: config.PDF_MAX_INFLATED_MB * 1_048_576,
        memoryLimitMb: config.PDF_WORKER_MEMORY_MB,
      }),
      logger,
    };
    const billing = createBillingServices({
      gateway: config.STRIPE_SECRET_KEY
        ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL })
        : null,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? null,
      chorus: createFileChorusPort(path.join(config.dataDir, 'chorus-pro')),
    });

    await migrateJobQueue(databaseUrl, logger);
    const timestamps = await createTimestamps(config, logger);
    await mkdir(config.dataDir, { recursive: true });
    const links = new SignedLinks(
      config.LINK_SECRET ?? (await readOrCreateSecret(path.join(config.dataDir, 'link-secret'))),
      config.publicUrl,
    );
    const acts: ActServices = {
      signing: await DemoSigningAuthority.open(path.join(config.dataDir, 'signing')),
      timestamps: timestamps.authority,
    };
    live = new SeanceLiveHub(orm, databaseUrl, logger);
    await live.start();
    const bodyServices: BodyServices = {
      documents,
      convocations: convocationSettings(config, clock),
      links,
      billing,
      acts,
      channels,
      timestamps: timestamps.authority,
      publicUrl: config.publicUrl,
      identity: identity.directory,
      seanceLive: live,
    };
    const environment: BodyEnvironment = { services: bodyServices, clock: clock ?? systemClock, logger };
    const services: ModuleServices = {
      orm,
      config,
      clock: clock ?? systemClock,
      logger,
      storage: storage.port,
      channels,
      timestamps: timestamps.authority,
      links,
      publicUrl: config.publicUrl,
      billing,
      environment,
    };
    jobs =
      config.JOBS_CONCURRENCY > 0
        ? await startJobRunner({
            databaseUrl,
            logger,
            concurrency: config.JOBS_CONCURRENCY,
            heartbeatMs: config.JOBS_HEARTBEAT_MS,
            deadAfterMs: config.JOBS_DEAD_AFTER_MS,
            tasks: moduleTasks(modules, services),
          })
        : null;

    const resolveViewer = createViewerResolver(identity.verifier);

    const apollo = createApolloServer(await buildCartableSchema(moduleResolvers(modules)), config, logger, httpServer);
    await apollo.start();
    let draining = false;
    const appDependencies: AppDependencies = {
      config,
      clock,
      logger,
      orm,
      apollo,
      resolveViewer,
      identity: identity.directory,
      documents,
      billing,
      storageRouter: storage.router,
      latestBodyMigration: latestMigration(bodyMigrations),
      bodyMigrations,
      isDraining: () => draining,
      identityProvider: identity.embeddedProvider,
      timestampRouter: timestamps.router,
      links,
      routers: moduleRouters(modules, services),
      modules,
      pushPublicKey: channels.pushPublicKey,
      seanceLiveRouter: createSeanceLiveRouter({
        orm,
        hub: live,
        resolveViewer,
        latestBodyMigration: latestMigration(bodyMigrations),
        environment,
      }),
      acts,
      bodyServices,
    };
    const app = createApp(appDependencies);
    const backfillStop = new AbortController();
    const inboxBackfill = backfillInboxes(orm.em.fork(), latestMigration(bodyMigrations), 1, backfillStop.signal).then(
      (report) => {
        if (report.indexed > 0) logger.info({ indexed: report.indexed }, 'inbox index: bodies indexed at start');
        for (const { bodyId, error } of report.failed)
          logger.error({ bodyId, error }, 'inbox index: a body could not be indexed; its officials index it when they open their inbox');
        return report;
      },
      (error: unknown) => {
        logger.error({ err: error }, 'inbox index: the start-up backfill stopped');
        return { indexed: 0, failed: [] };
      },
    );
    return {
      app,
      orm,
      bodyMigrations,
      documents,
      timestamps: timestamps.authority,
      billing,
      acts,
      environment,
      warmUp: () =>
        warmUp({ apollo, platformEm: () => orm.em.fork(), buildContext: graphqlContextFactory(appDependencies), resolveViewer, logger }),
      inboxBackfill,
      async stop() {
        draining = true;
        backfillStop.abort();
        await inboxBackfill;
        await apollo.stop();
        await jobs?.stop();
        await channels?.close();
        await live?.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await jobs?.stop();
    await channels?.close();
    await live?.stop();
    await orm.close();
    throw error;
  }
}

/**
 * Keycloak when OIDC_SERVER_URL is set; otherwise the embedded provider, whose tokens the very same
 * keycloak-connect verifier checks (with the realm public key instead of a JWKS fetch to ourselves).
 */
async function createIdentity(config: Config, logger: Logger, orm: MikroORM, email: EmailSender) {
  const realmUrl = `${config.identityServerUrl}/realms/${config.OIDC_REALM}`;
  if (!config.embeddedIdentityProvider) {
    return {
      verifier: createKeycloakTokenVerifier({
        serverUrl: config.identityServerUrl,
        realm: config.OIDC_REALM,
        audience: config.OIDC_AUDIENCE,
        allowedClients: config.OIDC_ALLOWED_CLIENTS,
      }),
      directory: createKeycloakDirectory({
        serverUrl: config.identityServerUrl,
        realm: config.OIDC_REALM,
        clientId: config.KEYCLOAK_PROVISIONER_CLIENT_ID,
        clientSecret: config.KEYCLOAK_PROVISIONER_SECRET!,
        webClientId: config.WEB_CLIENT_ID,
        redirectUri: `${config.publicUrl}/`,
      }) satisfies IdentityDirectory,
      embeddedProvider: undefined,
    };
  }
  const key = await loadOrCreateSigningKey(config.dataDir);
  const realm = await loadRealm();
  const accounts = await EmbeddedAccountStore.open(config.dataDir, realm.users);
  return {
    verifier: createKeycloakTokenVerifier({
      serverUrl: config.identityServerUrl,
      realm: config.OIDC_REALM,
      audience: config.OIDC_AUDIENCE,
      realmPublicKey: key.publicKeyDer,
      allowedClients: loginClients(realm),
    }),
    directory: createEmbeddedDirectory({ accounts, realmUrl, email, logger }) satisfies IdentityDirectory,
    embeddedProvider: createEmbeddedProviderRouter({
      publicUrl: config.publicUrl,
      realm,
      accounts,
      key,
      audience: config.OIDC_AUDIENCE,
      guard: new LoginGuard(await orm.em.getConnection().getNativeClient(), accounts, {
        lockoutFailures: config.LOGIN_LOCKOUT_FAILURES,
        lockoutSeconds: config.LOGIN_LOCKOUT_SECONDS,
        lockoutMaxSeconds: config.LOGIN_LOCKOUT_MAX_SECONDS,
        failureResetSeconds: config.LOGIN_FAILURE_RESET_SECONDS,
        requestsPerMinute: config.LOGIN_IP_REQUESTS_PER_MINUTE,
        failuresPerHour: config.LOGIN_IP_FAILURES_PER_HOUR,
      }),
      email,
      logger,
    }),
  };
}

/** S3 (any S3-compatible server) when STORAGE_DRIVER=s3; otherwise files under the data folder. */
async function createStorage(config: Config) {
  if (config.STORAGE_DRIVER === 's3') {
    return {
      port: createS3Storage({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        bucket: config.S3_BUCKET!,
        accessKeyId: config.S3_ACCESS_KEY_ID!,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      }),
      router: undefined,
    };
  }
  await mkdir(config.dataDir, { recursive: true });
  const options = {
    directory: path.join(config.dataDir, 'storage'),
    secret: config.STORAGE_SECRET ?? (await readOrCreateSecret(path.join(config.dataDir, 'storage-secret'))),
  };
  return { port: createLocalStorage({ ...options, publicUrl: config.publicUrl }), router: createLocalStorageRouter(options) };
}

/**
 * The TSA of TSA_URL (a qualified one in production), or the embedded demonstration TSA, which also
 * answers RFC 3161 requests at `POST /tsa`.
 */
async function createTimestamps(config: Config, logger: Logger) {
  if (config.TSA_URL) {
    const caCertificatesPem = config.TSA_CA_CERTS_FILE ? await readFile(config.TSA_CA_CERTS_FILE, 'utf8') : undefined;
    return {
      authority: createHttpTimestampAuthority({ url: config.TSA_URL, ...(caCertificatesPem ? { caCertificatesPem } : {}) }),
      router: undefined,
    };
  }
  const embedded = await createEmbeddedTimestampAuthority({ dataDir: config.dataDir, logger });
  return { authority: embedded as TimestampAuthority, router: createTsaRouter(embedded) };
}

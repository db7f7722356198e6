import { systemClock, type Clock } from './legal/clock.js';
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import { DomainError, ErrorCode } from './common/errors.js';
import { toGraphQLError } from './graphql/domain-errors.js';
import { serializeError, type Logger } from './common/logger.js';
import type { Config } from './config/env.js';
import type { IdentityDirectory } from './auth/identity-directory.js';
import { convocationSettings } from './body/convocations/convocation-settings.js';
import type { DocumentServices } from './body/documents/document.service.js';
import { localStorageMountPath } from './storage/local-storage.js';
import { InvalidTokenError } from './auth/token-verifier.js';
import { UnknownAccountError, type ViewerResolver } from './auth/viewer-resolver.js';
import type { Viewer } from './auth/viewer.js';
import type { GraphqlContext } from './graphql/context.js';
import type { SignedLinks } from './http/signed-links.js';
import { errorHandler } from './http/error-handler.js';
import { createHealthRouter } from './http/health.js';
import { createWebAppRouter } from './http/web-app.js';
import type { BillingServices } from './billing/billing.port.js';
import type { ActServices } from './acts/deliberation.service.js';
import { BodyScope, type OperationKind } from './tenancy/body-scope.js';
import { moduleLoaders, type FeatureModule, type MountedRouter } from './module/feature-module.js';
import type { BodyServices } from './tenancy/body-context.js';
import type { Migration } from './tenancy/schema-migrator.js';

export interface AppDependencies {
  config: Config;
  /** The clock of the legal checks; the system's unless a test fixes it. */
  clock?: Clock;
  logger: Logger;
  orm: MikroORM;
  apollo: ApolloServer<GraphqlContext>;
  resolveViewer: ViewerResolver;
  identity: IdentityDirectory;
  documents: DocumentServices;
  billing: BillingServices;
  /** The local storage's HTTP side (uploads and downloads), when documents are kept on disk. */
  storageRouter?: Router;
  latestBodyMigration: string | null;
  bodyMigrations: readonly Migration[];
  isDraining: () => boolean;
  /** The embedded OpenID provider, mounted at `/realms/<realm>` when no external one is configured. */
  identityProvider?: Router;
  /** The embedded RFC 3161 TSA (`POST /tsa`), when no TSA_URL is configured. */
  timestampRouter?: Router;
  /** Signed download links (proof files, officials' documents). */
  links: SignedLinks;
  /** The features' HTTP routes (downloads, webhooks, public pages), mounted in this order. */
  routers: readonly MountedRouter[];
  /** The features, whose loaders join each request's GraphQL context. */
  modules: readonly FeatureModule[];
  pushPublicKey: string;
  /** The séance's live channel (server-sent events), mounted at `/live`. */
  seanceLiveRouter?: Router;
  acts: ActServices;
  /** The services of every body context (requests and jobs share them). */
  bodyServices: BodyServices;
}

/** Who asks, for one GraphQL request: the rest of its context comes from the app's dependencies. */
export interface RequestIdentity {
  requestId: string;
  logger: Logger;
  viewer: Viewer;
  /** The platform EntityManager forked for this request. */
  platformEm: EntityManager;
}

/**
 * Builds each request's GraphQL context (HTTP requests, and the warm-up request before the server says ready):
 * what does not depend on the request is computed once here.
 */
export function graphqlContextFactory(deps: AppDependencies): (request: RequestIdentity) => GraphqlContext {
  const convocations = convocationSettings(deps.config, deps.clock);
  const now = () => (deps.clock ?? systemClock).now();
  return ({ requestId, logger, viewer, platformEm }) => {
    const operation: OperationKind = { type: null };
    return {
      requestId,
      logger,
      viewer,
      platformEm,
      identity: deps.identity,
      documents: deps.documents,
      convocations,
      links: deps.links,
      pushPublicKey: deps.pushPublicKey,
      bodies: new BodyScope(platformEm, viewer, deps.latestBodyMigration, operation, {
        services: deps.bodyServices,
        clock: deps.clock ?? systemClock,
        logger,
      }),
      bodyMigrations: deps.bodyMigrations,
      operation,
      billing: deps.billing,
      now,
      acts: deps.acts,
      ...moduleLoaders(deps.modules, viewer),
    };
  };
}

const requestIdPattern = /^[\w.:-]{8,128}$/;

/** The Express app, without `listen` (supertest drives it directly). */
export function createApp(deps: AppDependencies): Express {
  const buildContext = graphqlContextFactory(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger: deps.logger,
      serializers: { err: serializeError },
      genReqId: (request, response) => {
        const header = request.headers['x-request-id'];
        const id = typeof header === 'string' && requestIdPattern.test(header) ? header : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (request) => request.url === '/healthz' || request.url === '/readyz' },
    }),
  );

  app.use(createHealthRouter(deps));
  app.use('/graphql', graphqlApp(deps, buildContext));
  if (deps.identityProvider) app.use(`/realms/${deps.config.OIDC_REALM}`, deps.identityProvider);
  if (deps.storageRouter) app.use(localStorageMountPath, deps.storageRouter);
  if (deps.timestampRouter) app.use('/tsa', deps.timestampRouter);
  for (const { path, router } of deps.routers) app.use(path, router);
  if (deps.seanceLiveRouter) app.use('/live', deps.seanceLiveRouter);

  app.use(createWebAppRouter(deps.config));

  app.use((_request, response) => {
    response.status(404).json({ error: 'not_found' });
  });
  app.use(errorHandler);
  return app;
}

/**
 * The GraphQL endpoint, as an app of its own so that its answers carry no ETag: a POST's answer is never
 * revalidated, and hashing each one cost 3 % of the inbox's CPU per request (`scripts/bench/inbox.mjs`).
 * Mounted first after the health checks: its requests pass no other router.
 */
function graphqlApp(deps: AppDependencies, buildContext: ReturnType<typeof graphqlContextFactory>): Express {
  const graphql = express();
  graphql.disable('x-powered-by');
  graphql.set('etag', false);
  graphql.use(
    express.json({ limit: `${deps.config.HTTP_BODY_LIMIT_KB}kb` }),
    expressMiddleware(deps.apollo, {
      context: async ({ req }): Promise<GraphqlContext> => {
        const platformEm = deps.orm.em.fork();
        const viewer = await deps.resolveViewer(req.headers.authorization, platformEm).catch((error: unknown) => {
          throw authenticationFailure(error);
        });
        return buildContext({ requestId: String(req.id), logger: req.log, viewer, platformEm });
      },
    }),
  );
  return graphql;
}

function authenticationFailure(error: unknown): unknown {
  if (error instanceof InvalidTokenError) {
    return toGraphQLError(new DomainError(ErrorCode.Unauthenticated, 'Jeton d’accès invalide ou expiré. Reconnectez-vous.'), {
      status: 401,
      headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]),
    });
  }
  if (error instanceof UnknownAccountError) {
    return toGraphQLError(new DomainError(ErrorCode.Forbidden, 'Ce compte n’est rattaché à aucun organisme de Cartable.'), { status: 403 });
  }
  return error;
}

import type { EntityClass, MikroORM } from '@mikro-orm/postgresql';
import type { Router } from 'express';
import type { ClassType } from 'type-graphql';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../common/logger.js';
import type { Config } from '../config/env.js';
import type { TimestampAuthority } from '../evidence/timestamping/timestamp-authority.js';
import type { RequestLoaders } from '../graphql/context.js';
import type { SignedLinks } from '../http/signed-links.js';
import type { TaskDefinition } from '../jobs/job-runner.js';
import type { Clock } from '../legal/clock.js';
import type { NotificationChannels } from '../notify/channels/registry.js';
import type { StoragePort } from '../storage/storage.port.js';
import type { BodyEnvironment } from '../tenancy/body-context.js';

/**
 * What the runtime builds once and hands to every module's tasks and routers. A feature whose own services
 * the runtime builds adds them here by declaration merging, in its module file:
 * `declare module '../module/feature-module.js' { interface ModuleServices { billing: BillingServices } }`.
 */
export interface ModuleServices {
  orm: MikroORM;
  config: Config;
  /** The clock of the legal checks: the system's unless a test fixes it. */
  clock: Clock;
  logger: Logger;
  storage: StoragePort;
  channels: NotificationChannels;
  /** The RFC 3161 authority that anchors the evidence (embedded or TSA_URL). */
  timestamps: TimestampAuthority;
  /** Signed download links (proof files, officials' documents, statements, acts). */
  links: SignedLinks;
  /** Origin of the web app, for the links that mails and PDFs carry. */
  publicUrl: string;
  /** What body contexts are built from: tasks and signed links enter a body with `enterBodyAsSystem(services.orm, services.environment, …)`. */
  environment: BodyEnvironment;
}

/** An Express router and where the app mounts it (`/` when the router names its own paths). */
export interface MountedRouter {
  path: string;
  router: Router;
}

/**
 * One feature, as the infrastructure sees it. Each feature folder exports one (`<feature>.module.ts`);
 * `modules.ts` lists them all, and only that list reaches the ORM, the schema build, the job runner and
 * the Express app.
 */
export interface FeatureModule {
  /** Its MikroORM entities; each one's decorator says whether it lives in `platform` or in every body schema (`*`). */
  entities?: readonly EntityClass[];
  /** Its type-graphql resolvers. */
  resolvers?: readonly ClassType[];
  /** Its graphile-worker jobs. */
  tasks?: (services: ModuleServices) => TaskDefinition[];
  /** Its HTTP routes outside GraphQL (downloads, webhooks, public pages). */
  routers?: (services: ModuleServices) => MountedRouter[];
  /** The loaders it adds to each GraphQL request's context (members it declares in `RequestLoaders`). */
  loaders?: (viewer: Viewer) => Partial<RequestLoaders>;
}

export const moduleEntities = (modules: readonly FeatureModule[]): EntityClass[] => modules.flatMap((module) => module.entities ?? []);

export const moduleResolvers = (modules: readonly FeatureModule[]): ClassType[] => modules.flatMap((module) => module.resolvers ?? []);

export const moduleTasks = (modules: readonly FeatureModule[], services: ModuleServices): TaskDefinition[] =>
  modules.flatMap((module) => module.tasks?.(services) ?? []);

export const moduleRouters = (modules: readonly FeatureModule[], services: ModuleServices): MountedRouter[] =>
  modules.flatMap((module) => module.routers?.(services) ?? []);

/**
 * The loaders of one request. Each member of `RequestLoaders` is declared by the module file that gives it,
 * so the union of the modules' loaders is the whole interface (the cast states it, TypeScript cannot).
 */
export function moduleLoaders(modules: readonly FeatureModule[], viewer: Viewer): RequestLoaders {
  return Object.assign({}, ...modules.map((module) => module.loaders?.(viewer) ?? {})) as RequestLoaders;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../common/logger.js';
import type { IdentityDirectory } from '../auth/identity-directory.js';
import type { Viewer } from '../auth/viewer.js';
import type { SignedLinks } from '../http/signed-links.js';
import type { BodyScope, OperationKind } from '../tenancy/body-scope.js';
import type { Migration } from '../tenancy/schema-migrator.js';

/**
 * The features' services that the runtime builds once, each member declared by its feature's module file
 * (`declare module '../../graphql/context.js' { interface FeatureServices { … } }`), so this file imports no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface FeatureServices {}

/** The features' per-request loaders (`FeatureModule.loaders`), each member declared by its feature's module file. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface RequestLoaders {}

/** Everything a resolver may use, built once per request. */
export interface GraphqlContext extends FeatureServices, RequestLoaders {
  requestId: string;
  logger: Logger;
  viewer: Viewer;
  /** EntityManager of the platform schema, forked for this request. */
  platformEm: EntityManager;
  /** Accounts of the identity server (find, create, invite). */
  identity: IdentityDirectory;
  /** Short-lived signed download links (proof files, officials' documents). */
  links: SignedLinks;
  /** VAPID public key of web push (for the browser's subscribe()). */
  pushPublicKey: string;
  /** The one way into a body's schema. */
  bodies: BodyScope;
  /** The kind of the operation being run (set by Apollo once resolved; archived bodies refuse writes). */
  operation: OperationKind;
  /** The body-schema migrations, for provisioning a new body. */
  bodyMigrations: readonly Migration[];
  /** The clock of the séance's times and the legal checks (the system's unless a test fixes it). */
  now: () => Date;
}

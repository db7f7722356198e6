import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../common/logger.js';
import type { IdentityDirectory } from '../auth/identity-directory.js';
import type { Viewer } from '../auth/viewer.js';
import type { ConvocationSettings } from '../body/convocations/convocation-settings.js';
import type { ConvocationStatusLoader } from '../body/convocations/receipts/my-convocation.js';
import type { DocumentServices } from '../body/documents/document.service.js';
import type { BillingServices } from '../billing/billing-services.js';
import type { ActServices } from '../acts/deliberation.service.js';
import type { SignedLinks } from '../http/signed-links.js';
import type { BodyScope, OperationKind } from '../tenancy/body-scope.js';
import type { Migration } from '../tenancy/schema-migrator.js';

/** Everything a resolver may use, built once per request. */
export interface GraphqlContext {
  requestId: string;
  logger: Logger;
  viewer: Viewer;
  /** EntityManager of the platform schema, forked for this request. */
  platformEm: EntityManager;
  /** Accounts of the identity server (find, create, invite). */
  identity: IdentityDirectory;
  /** Document storage and its limits. */
  documents: DocumentServices;
  /** Reminder lead time and evidence batching. */
  convocations: ConvocationSettings;
  /** The caller's convocation status, read for all the meetings of a body at once (inbox). */
  convocationStatus: ConvocationStatusLoader;
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
  /** Stripe (when configured) and the sync of each body's billing. */
  billing: BillingServices;
  /** The clock of the séance's times and the legal checks (the system's unless a test fixes it). */
  now: () => Date;
  /** The acts' signing credentials and timestamp authority. */
  acts: ActServices;
}

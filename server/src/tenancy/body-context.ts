import type { EntityManager } from '@mikro-orm/postgresql';
import type { IdentityDirectory } from '../auth/identity-directory.js';
import type { BodyPermission, MembershipRole, Viewer } from '../auth/viewer.js';
import type { Logger } from '../common/logger.js';
import type { TimestampAuthority } from '../evidence/timestamping/timestamp-authority.js';
import type { SignedLinks } from '../http/signed-links.js';
import type { Clock } from '../legal/clock.js';
import type { NotificationChannels } from '../notify/channels/registry.js';
import type { Body } from '../platform/bodies/body.entity.js';

/**
 * The services body code uses, built once by the runtime and shared by requests and jobs: whatever a
 * service needs beside the body, its data and the actor comes from here (never from a bag of its own).
 * The members below are the infrastructure's; each feature adds its own where it defines it, so that
 * this layer imports no feature:
 * `declare module '../../tenancy/body-context.js' { interface BodyServices { documents: DocumentServices } }`
 * (`documents`, `convocations`, `billing`, `acts`).
 */
export interface BodyServices {
  /** Short-lived signed download links (proof files, officials' documents, acts). */
  links: SignedLinks;
  /** The delivery channels this server sends through (`notify/channels/registry.ts`). */
  channels: NotificationChannels;
  /** The RFC 3161 authority that anchors the evidence. */
  timestamps: TimestampAuthority;
  /** Origin of the web app, for the links messages and letters carry. */
  publicUrl: string;
  /** Accounts of the identity server (find, create, invite): a body seats people by email. */
  identity: IdentityDirectory;
}

/** What every body context is built from besides the body and the actor: the runtime's services and clock. */
export interface BodyEnvironment {
  services: BodyServices;
  /** What « now » is for the legal checks (legal/clock.ts): the system's, or a fixed one in tests. */
  clock: Clock;
  logger: Logger;
}

/** A person acting through a request, with the roles their membership gives them in the body. */
export class PersonActor {
  readonly kind = 'person';

  constructor(
    readonly personId: string,
    private readonly viewer: Viewer,
    private readonly bodyId: string,
  ) {}

  get roles(): readonly MembershipRole[] {
    return this.viewer.rolesIn(this.bodyId);
  }

  /** Their name as their request's Viewer holds it; null without a profile (the demo, tests on behalf of a person). */
  get displayName(): string | null {
    return this.viewer.profileOrNull?.displayName ?? null;
  }

  /** Whether the person's roles in this body grant the permission. */
  can(permission: BodyPermission): boolean {
    return this.viewer.can(this.bodyId, permission);
  }
}

/**
 * The system acting without a viewer: a job (authorised when the request that enqueued it was) or a
 * signed link (authorised when it was issued). `reason` names which, for the logs.
 */
export class SystemActor {
  readonly kind = 'system';

  constructor(readonly reason: string) {}
}

export type Actor = PersonActor | SystemActor;

/**
 * Everything code working inside one body needs: the body, its schema's EntityManager, the platform's,
 * who acts, the clock and the services. Handed out only by `BodyScope.context` (a person, after the
 * permission and body-status checks) and `enterBodyAsSystem` (a job or signed link); never built by hand
 * outside tests. Services take it first: `(ctx, input)`.
 */
export class BodyContext<A extends Actor = Actor> {
  readonly body: Body;
  /** EntityManager bound to the body's schema. */
  readonly em: EntityManager;
  /** EntityManager of the platform schema (people, memberships, bodies). */
  readonly platformEm: EntityManager;
  readonly actor: A;
  readonly clock: Clock;
  readonly services: BodyServices;
  readonly logger: Logger;

  constructor(parts: {
    body: Body;
    em: EntityManager;
    platformEm: EntityManager;
    actor: A;
    clock: Clock;
    services: BodyServices;
    logger: Logger;
  }) {
    this.body = parts.body;
    this.em = parts.em;
    this.platformEm = parts.platformEm;
    this.actor = parts.actor;
    this.clock = parts.clock;
    this.services = parts.services;
    this.logger = parts.logger;
  }

  get bodyId(): string {
    return this.body.id;
  }

  /** The clock's instant (the system's, or the one a test fixed). */
  now(): Date {
    return this.clock.now();
  }

  /** The same context on another EntityManager of the body's schema: a transaction's, or a fresh fork. */
  withEm(em: EntityManager): BodyContext<A> {
    return new BodyContext({ ...this, em });
  }

  /** The same context at another instant (the demo backdates what it seeds; tests stand on a meeting's day). */
  withClock(clock: Clock): BodyContext<A> {
    return new BodyContext({ ...this, clock });
  }
}

/** A context whose actor is a person: what resolvers get. */
export type PersonContext = BodyContext<PersonActor>;
/** A context whose actor is the system: what jobs and signed links get. */
export type SystemContext = BodyContext<SystemActor>;

import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode, NotFoundError, UnauthenticatedError } from '../common/errors.js';
import type { BodyPermission, Viewer } from '../auth/viewer.js';
import { Body } from '../platform/bodies/body.entity.js';
import { findBodyById } from './body-row.js';
import { BodyContext, PersonActor, type BodyEnvironment, type PersonContext } from './body-context.js';
import { bodySchemaName } from './schema-name.js';

export const bodyNotFoundMessage = 'Organisme introuvable.';

/** What the current GraphQL operation is, set once Apollo has resolved it (null until then). */
export interface OperationKind {
  type: 'query' | 'mutation' | 'subscription' | null;
}

/**
 * What a body's status allows its members: a suspended body's space is closed (reads and writes), an
 * archived body is read-only. An operation not yet known counts as a write (fail closed).
 */
function assertBodyServes(body: Body, operation: OperationKind): void {
  if (body.status === 'SUSPENDED') {
    throw new CartableError(
      ErrorCode.BodyUnavailable,
      'Cet organisme est suspendu par la coordination du groupement : son espace est fermé jusqu’à sa réactivation.',
    );
  }
  if (body.status === 'ARCHIVED' && operation.type !== 'query') {
    throw new CartableError(
      ErrorCode.BodyReadOnly,
      'Cet organisme est archivé : ses données restent consultables mais ne peuvent plus être modifiées.',
    );
  }
}

/**
 * The one way into a body's schema. For one request it finds the bodies the caller may see, checks the
 * caller's role before handing out an EntityManager forked for that body's schema (memoised), and
 * refuses a body whose schema is behind the latest migration. No other code names a body schema at
 * request time.
 */
export class BodyScope {
  private readonly forks = new Map<string, EntityManager>();
  private readonly contexts = new Map<string, PersonContext>();
  /**
   * The bodies this request has loaded, by id: a list of meetings in three bodies asks for its bodies
   * once, not once a meeting (the ORM's identity map would answer without SQL, but through its whole
   * query machinery each time). The same entities the identity map holds, so nothing is staler.
   */
  private readonly loaded = new Map<string, Body>();

  constructor(
    private readonly platformEm: EntityManager,
    readonly viewer: Viewer,
    readonly latestBodyMigration: string | null,
    private readonly operation: OperationKind = { type: null },
    /** The services and clock of the contexts handed out; a scope without them hands out none. */
    private readonly environment: BodyEnvironment | null = null,
  ) {}

  /** A body the caller may see, by slug; NOT_FOUND otherwise (whether it exists or not). */
  async bodyBySlug(slug: string): Promise<Body> {
    return this.visible(this.remember(await this.platformEm.findOne(Body, { slug })));
  }

  async bodyById(id: string): Promise<Body> {
    return this.visible(this.loaded.get(id) ?? this.remember(await findBodyById(this.platformEm, id)));
  }

  async visibleBodies(): Promise<Body[]> {
    this.requireAuthenticated();
    const where = this.viewer.isCoordinator ? {} : { id: { $in: this.viewer.bodyIds } };
    return (await this.platformEm.find(Body, where, { orderBy: { name: 'asc' } })).map((body) => this.remember(body));
  }

  /**
   * The bodies the caller may read, through their own memberships (the coordinator's platform role adds
   * none): what the views spanning several bodies (inbox, search) enter, and nothing else.
   */
  async readableBodies(): Promise<Body[]> {
    const ids = this.readableBodyIds();
    if (ids.length === 0) return [];
    return (await this.platformEm.find(Body, { id: { $in: ids } }, { orderBy: { name: 'asc' } })).map((body) => this.remember(body));
  }

  /** The ids of `readableBodies`, from the caller's memberships alone (no statement). */
  readableBodyIds(): string[] {
    this.requireAuthenticated();
    return this.viewer.bodyIds.filter((id) => this.viewer.can(id, 'read'));
  }

  /**
   * Checks the caller's permission in a body (NOT_FOUND otherwise, so no existence is confirmed), then
   * what the body's status allows (suspended: closed; archived: read-only).
   */
  authorize(body: Body, permission: BodyPermission): void {
    this.requireAuthenticated();
    if (!this.viewer.can(body.id, permission)) throw new NotFoundError(bodyNotFoundMessage);
    assertBodyServes(body, this.operation);
  }

  /** An EntityManager bound to the body's schema, after checking the caller's permission there (one per body). */
  private enter(body: Body, permission: BodyPermission): EntityManager {
    this.authorize(body, permission);
    if (body.schemaVersion !== this.latestBodyMigration) {
      throw new CartableError(ErrorCode.BodySchemaBehind, 'Cet organisme est en cours de mise à jour. Réessayez dans quelques minutes.');
    }
    let fork = this.forks.get(body.id);
    if (!fork) {
      fork = this.platformEm.fork({ schema: bodySchemaName(body.id), clear: true });
      this.forks.set(body.id, fork);
    }
    return fork;
  }

  /**
   * The caller's context in a body, after the same checks as `enter` (permission, body status, schema
   * version); its actor is the caller, with their roles in that body. One per body for the scope.
   */
  context(body: Body, permission: BodyPermission): PersonContext {
    const em = this.enter(body, permission);
    const personId = this.viewer.personId;
    if (personId === null) throw new UnauthenticatedError();
    if (!this.environment) throw new Error('This BodyScope was built without a body environment: it cannot hand out contexts.');
    let context = this.contexts.get(body.id);
    if (!context) {
      const { services, clock, logger } = this.environment;
      const actor = new PersonActor(personId, this.viewer, body.id);
      context = new BodyContext({
        body,
        em,
        platformEm: this.platformEm,
        actor,
        clock,
        services,
        logger: logger.child({ bodyId: body.id }),
      });
      this.contexts.set(body.id, context);
    }
    return context;
  }

  /** `context` for operations that name their body by id: NOT_FOUND for anything unseen. */
  async contextById(bodyId: string, permission: BodyPermission): Promise<PersonContext> {
    return this.context(await this.bodyById(bodyId), permission);
  }

  private remember<Found extends Body | null>(body: Found): Found {
    if (body) this.loaded.set(body.id, body);
    return body;
  }

  private visible(body: Body | null): Body {
    this.requireAuthenticated();
    if (!body || !this.viewer.canSeeBody(body.id)) throw new NotFoundError(bodyNotFoundMessage);
    return body;
  }

  private requireAuthenticated(): void {
    if (!this.viewer.isAuthenticated) throw new UnauthenticatedError();
  }
}

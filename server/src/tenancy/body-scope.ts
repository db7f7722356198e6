import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode, NotFoundError, UnauthenticatedError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { BodyPermission, Viewer } from '../auth/viewer.js';
import { Body } from '../platform/bodies/body.entity.js';
import { bodySchemaName } from './schema-name.js';

export const bodyNotFoundMessage = 'Organisme introuvable.';

/**
 * The one way into a body's schema. For one request it finds the bodies the caller may see, checks the
 * caller's role before handing out an EntityManager forked for that body's schema (memoised), and
 * refuses a body whose schema is behind the latest migration. No other code names a body schema at
 * request time.
 */
export class BodyScope {
  private readonly forks = new Map<string, EntityManager>();

  constructor(
    private readonly platformEm: EntityManager,
    readonly viewer: Viewer,
    private readonly latestBodyMigration: string | null,
  ) {}

  /** A body the caller may see, by slug; NOT_FOUND otherwise (whether it exists or not). */
  async bodyBySlug(slug: string): Promise<Body> {
    return this.visible(await this.platformEm.findOne(Body, { slug }));
  }

  async bodyById(id: string): Promise<Body> {
    return this.visible(isUuid(id) ? await this.platformEm.findOne(Body, { id }) : null);
  }

  async visibleBodies(): Promise<Body[]> {
    this.requireAuthenticated();
    const where = this.viewer.isCoordinator ? {} : { id: { $in: this.viewer.bodyIds } };
    return this.platformEm.find(Body, where, { orderBy: { name: 'asc' } });
  }

  /**
   * The bodies the caller may read, through their own memberships (the coordinator's platform role adds
   * none): what the views spanning several bodies (inbox, search) enter, and nothing else.
   */
  async readableBodies(): Promise<Body[]> {
    this.requireAuthenticated();
    const ids = this.viewer.bodyIds.filter((id) => this.viewer.can(id, 'read'));
    return ids.length === 0 ? [] : this.platformEm.find(Body, { id: { $in: ids } }, { orderBy: { name: 'asc' } });
  }

  /** Checks the caller's permission in a body; NOT_FOUND otherwise, so no existence is confirmed. */
  authorize(body: Body, permission: BodyPermission): void {
    this.requireAuthenticated();
    if (!this.viewer.can(body.id, permission)) throw new NotFoundError(bodyNotFoundMessage);
  }

  /** An EntityManager bound to the body's schema, after checking the caller's permission there. */
  enter(body: Body, permission: BodyPermission): EntityManager {
    this.authorize(body, permission);
    if (body.schemaVersion !== this.latestBodyMigration) {
      throw new CartableError(
        ErrorCode.BodySchemaBehind,
        'Cet organisme est en cours de mise à jour. Réessayez dans quelques minutes.',
      );
    }
    let fork = this.forks.get(body.id);
    if (!fork) {
      fork = this.platformEm.fork({ schema: bodySchemaName(body.id), clear: true });
      this.forks.set(body.id, fork);
    }
    return fork;
  }

  /** `enter` for operations that name their body by id (mutations): NOT_FOUND for anything unseen. */
  async enterById(bodyId: string, permission: BodyPermission): Promise<{ body: Body; em: EntityManager }> {
    const body = await this.bodyById(bodyId);
    return { body, em: this.enter(body, permission) };
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

import { UnauthenticatedError } from '../common/errors.js';
import type { MembershipRole } from '../platform/people/membership.entity.js';
import type { PlatformRole } from '../platform/people/person.entity.js';

export type { MembershipRole };

/** What a caller may do inside one body. */
export type BodyPermission = 'read' | 'prepare' | 'administer';

const rolesGranting: Record<BodyPermission, readonly MembershipRole[]> = {
  read: ['OFFICIAL', 'SECRETARIAT', 'BODY_ADMIN'],
  prepare: ['SECRETARIAT', 'BODY_ADMIN'],
  administer: ['BODY_ADMIN'],
};

/** The caller's name and email as the platform holds them (what `me` shows). */
export interface ViewerProfile {
  displayName: string;
  email: string;
}

/**
 * Who is calling, as the platform database sees it: identity comes from the token, roles from the
 * memberships. Built once per request; immutable. A request's Viewer (auth/viewer-resolver.ts) also
 * carries the person's profile; one built for a system task has none.
 */
export class Viewer {
  static readonly anonymous = new Viewer(null, [], new Map());

  constructor(
    readonly personId: string | null,
    readonly platformRoles: readonly PlatformRole[],
    private readonly rolesByBody: ReadonlyMap<string, readonly MembershipRole[]>,
    private readonly profile: ViewerProfile | null = null,
  ) {}

  get isAuthenticated(): boolean {
    return this.personId !== null;
  }

  /**
   * The caller's person id, for what a person does outside any body (their alerts, devices, memberships,
   * the platform's billing); UNAUTHENTICATED for an anonymous caller. Inside a body, the context's actor
   * carries it (tenancy/body-context.ts).
   */
  requirePersonId(): string {
    if (this.personId === null) throw new UnauthenticatedError();
    return this.personId;
  }

  /** The caller's name and email, or null for a Viewer built without them (a system task's). */
  get profileOrNull(): ViewerProfile | null {
    return this.personId === null ? null : this.profile;
  }

  /** The caller's id, name and email; UNAUTHENTICATED for an anonymous caller or a Viewer without a profile. */
  requireProfile(): ViewerProfile & { id: string } {
    if (this.personId === null || this.profile === null) throw new UnauthenticatedError();
    return { id: this.personId, ...this.profile };
  }

  get isCoordinator(): boolean {
    return this.platformRoles.includes('COORDINATOR');
  }

  get bodyIds(): string[] {
    return [...this.rolesByBody.keys()];
  }

  rolesIn(bodyId: string): readonly MembershipRole[] {
    return this.rolesByBody.get(bodyId) ?? [];
  }

  /** Seeing a body's platform record (name, kind): its members, and the coordinator of the groupement. */
  canSeeBody(bodyId: string): boolean {
    return this.isCoordinator || this.rolesByBody.has(bodyId);
  }

  /** Entering a body's schema needs a membership with a role that grants the permission. */
  can(bodyId: string, permission: BodyPermission): boolean {
    return this.rolesIn(bodyId).some((role) => rolesGranting[permission].includes(role));
  }
}

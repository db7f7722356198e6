import type { EntityManager } from '@mikro-orm/postgresql';
import { CoalescedRead } from '../db/coalesced-read.js';
import { PreparedStatement } from '../db/prepared-statement.js';
import type { MembershipRole } from '../platform/people/membership.entity.js';
import type { PlatformRole } from '../platform/people/person.entity.js';
import { InvalidTokenError, type AccessClaims, type TokenVerifier } from './token-verifier.js';
import { ViewerCache, type ViewerCacheOptions } from './viewer-cache.js';
import { Viewer } from './viewer.js';

export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
}

/** A short cache by default: a few seconds bound what another process may still serve after a change. */
export const defaultViewerCacheOptions: ViewerCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 };

interface ViewerRow {
  /** The account's subject (null for a person never logged in, never read by subject). */
  subject: string | null;
  id: string;
  display_name: string;
  email: string;
  platform_roles: PlatformRole[];
  memberships: { body: string; roles: MembershipRole[] }[];
}

/**
 * The person of a subject (with the name and email `me` shows) and their seats in office, in one
 * statement (no ORM hydration: it runs on every request whose Viewer is not cached). A seat counts until
 * the last day of its mandate, in the body's time zone, by this process's clock (`at`).
 */
const viewerBy = (at: string, match: string) => `
  select person.subject, person.id, person.display_name, person.email, to_json(person.platform_roles) as platform_roles,
         coalesce(json_agg(json_build_object('body', membership.body_id, 'roles', membership.roles))
                    filter (where membership.id is not null), '[]') as memberships
    from person
    left join (membership join body on body.id = membership.body_id)
      on membership.person_id = person.id
     and (membership.mandate_end is null or membership.mandate_end >= (${at}::timestamptz at time zone body.time_zone)::date)
   where ${match}
   group by person.id`;
/**
 * The requests' read: the persons of several subjects (`$keys`) at `$at`, prepared, shared by the requests
 * that arrive together (`CoalescedRead`). Exported for the S1 benchmark's baseline, which runs it as it is.
 */
export const viewersBySubjects = new PreparedStatement(viewerBy('$at', 'person.subject = any($keys::text[])'));
const viewerById = viewerBy('?', 'person.id = ?');
const viewerRows = new CoalescedRead<ViewerRow>(
  viewersBySubjects,
  (row) => row.subject!,
  () => ({ at: new Date() }),
);

export type ViewerResolver = ((authorization: string | undefined, em: EntityManager) => Promise<Viewer>) & {
  /** The Viewers kept (tests and the warm-up read it). */
  readonly cache: ViewerCache;
  /** Before the server says ready: a token verification (refused) and the viewer's statement, so that the first request pays for neither. */
  warmUp(em: EntityManager): Promise<void>;
};

/**
 * Turns the Authorization header into a Viewer: the token says who (subject, verified email), the
 * platform database says what they may do. A person is found by subject, or — on first login — by
 * verified email, and the subject is then bound to them (one account, whatever the number of bodies).
 * Viewers are cached per subject for a few seconds (`ViewerCache`): a change of person, membership or
 * body committed in this process is seen by the next request; in another process within `ttlMs`.
 */
export function createViewerResolver(verifier: TokenVerifier, cacheOptions = defaultViewerCacheOptions): ViewerResolver {
  const cache = new ViewerCache(cacheOptions);
  const resolve = async (authorization: string | undefined, em: EntityManager): Promise<Viewer> => {
    if (authorization === undefined || authorization === '') return Viewer.anonymous;
    const match = /^Bearer ([^\s]+)$/i.exec(authorization);
    if (!match) throw new InvalidTokenError('authorization header is not a bearer token');
    const claims = await verifier.verify(match[1]!);
    const cached = cache.get(claims.subject);
    if (cached) return cached;
    const generation = cache.generation;
    const row = (await readViewer(em, claims.subject)) ?? (await bindAccount(em, claims));
    if (!row) throw new UnknownAccountError('no person for this account');
    const viewer = viewerOf(row);
    cache.set(claims.subject, viewer, generation);
    return viewer;
  };
  const warmUp = async (em: EntityManager) => {
    await verifier.warmUp();
    await readViewer(em, 'warm-up');
  };
  return Object.assign(resolve, { cache, warmUp });
}

function viewerOf(row: ViewerRow): Viewer {
  return new Viewer(row.id, row.platform_roles, new Map(row.memberships.map(({ body, roles }) => [body, roles])), {
    displayName: row.display_name,
    email: row.email,
  });
}

/** The Viewer of a person, read as a request reads it (no token, no cache): for the warm-up request. */
export async function viewerOfPerson(em: EntityManager, personId: string): Promise<Viewer | null> {
  const [row] = await em.execute<ViewerRow[]>(viewerById, [new Date(), personId]);
  return row ? viewerOf(row) : null;
}

async function readViewer(em: EntityManager, subject: string): Promise<ViewerRow | null> {
  return viewerRows.read(em, subject);
}

async function bindAccount(em: EntityManager, claims: AccessClaims): Promise<ViewerRow | null> {
  if (!claims.email || !claims.emailVerified) return null;
  // First login: one statement binds the account to the person with its verified email (unique, case-
  // insensitively). The web app fires several requests at login; a concurrent one waits on the row lock,
  // then re-checks the row as committed, finds its own subject there and gets the same person. A person
  // bound to another account is never rebound (`subject` is unique too).
  const bound = await em.execute<{ id: string }[]>(
    `update person set subject = ?, email_verified = true, updated_at = now()
      where lower(email) = lower(?) and (subject is null or subject = ?)
      returning id`,
    [claims.subject, claims.email.trim(), claims.subject],
  );
  return bound[0] ? readViewer(em, claims.subject) : null;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { zonedDate } from '../common/time.js';
import { Membership } from '../platform/people/membership.entity.js';
import { Person } from '../platform/people/person.entity.js';
import type { MembershipRole } from '../platform/people/membership.entity.js';
import { InvalidTokenError, type AccessClaims, type TokenVerifier } from './token-verifier.js';
import { Viewer } from './viewer.js';

export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
}

/**
 * Turns the Authorization header into a Viewer: the token says who (subject, verified email), the
 * platform database says what they may do. A person is found by subject, or — on first login — by
 * verified email, and the subject is then bound to them (one account, whatever the number of bodies).
 * A seat counts until the last day of its mandate, in the body's time zone.
 */
export function createViewerResolver(verifier: TokenVerifier) {
  return async (authorization: string | undefined, em: EntityManager): Promise<Viewer> => {
    if (authorization === undefined || authorization === '') return Viewer.anonymous;
    const match = /^Bearer ([^\s]+)$/i.exec(authorization);
    if (!match) throw new InvalidTokenError('authorization header is not a bearer token');
    const claims = await verifier.verify(match[1]!);
    const person = await findPerson(em, claims);
    if (!person) throw new UnknownAccountError('no person for this account');
    const now = new Date();
    const memberships = (await em.find(Membership, { person: person.id }, { populate: ['body'] })).filter(
      (membership) => !membership.mandateEnd || membership.mandateEnd >= zonedDate(now, membership.body.timeZone),
    );
    const rolesByBody = new Map<string, readonly MembershipRole[]>(
      memberships.map((membership) => [membership.body.id, membership.roles]),
    );
    return new Viewer(person.id, person.platformRoles, rolesByBody);
  };
}

async function findPerson(em: EntityManager, claims: AccessClaims): Promise<Person | null> {
  const bySubject = await em.findOne(Person, { subject: claims.subject });
  if (bySubject) return bySubject;
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
  return bound[0] ? em.findOne(Person, { id: bound[0].id }) : null;
}

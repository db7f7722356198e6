import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership } from '../platform/people/membership.entity.js';
import { emailIs, Person } from '../platform/people/person.entity.js';
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
 */
export function createViewerResolver(verifier: TokenVerifier) {
  return async (authorization: string | undefined, em: EntityManager): Promise<Viewer> => {
    if (authorization === undefined || authorization === '') return Viewer.anonymous;
    const match = /^Bearer ([^\s]+)$/i.exec(authorization);
    if (!match) throw new InvalidTokenError('authorization header is not a bearer token');
    const claims = await verifier.verify(match[1]!);
    const person = await findPerson(em, claims);
    if (!person) throw new UnknownAccountError('no person for this account');
    const today = new Date().toISOString().slice(0, 10);
    const memberships = await em.find(Membership, {
      person: person.id,
      $or: [{ mandateEnd: null }, { mandateEnd: { $gte: today } }],
    });
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
  const byEmail = await em.findOne(Person, { ...emailIs(claims.email), subject: null });
  if (!byEmail) return null;
  byEmail.subject = claims.subject;
  byEmail.emailVerified = true;
  await em.flush();
  return byEmail;
}

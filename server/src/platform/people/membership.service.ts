import { CartableError, ErrorCode, BadUserInputError, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { assertMandateDates } from '../../common/mandate.js';
import { addDays, zonedDate } from '../../common/time.js';
import { quoteSchema } from '../../tenancy/schema-name.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvitingBody } from '../../auth/identity-directory.js';
import type { BodyPermission } from '../../auth/viewer.js';
import { viewerDataChanged } from '../../auth/viewer-cache.js';
import type { GraphqlContext } from '../../graphql/context.js';
import type { Body } from '../bodies/body.entity.js';
import { Membership, type MembershipRole } from './membership.entity.js';
import { emailIs, Person } from './person.entity.js';

export interface MembershipTerms {
  roles: MembershipRole[];
  mandateStart?: string | null;
  mandateEnd?: string | null;
}

export interface NewMember extends MembershipTerms {
  email: string;
  displayName: string;
}

/** Granting a staff role needs the body's admin; seating an official needs its secretariat. */
function permissionToGrant(roles: readonly MembershipRole[]): BodyPermission {
  return roles.some((role) => role !== 'OFFICIAL') ? 'administer' : 'prepare';
}

function checkTerms(terms: MembershipTerms): void {
  if (new Set(terms.roles).size !== terms.roles.length) throw new BadUserInputError('Un rôle est répété.', { field: 'roles' });
  assertMandateDates(terms);
}

/**
 * Seats a person in a body by email, inside the caller's transaction. A person who already has a Cartable
 * account (same email) is linked — one account across bodies, no duplicate; an account that exists only
 * in the identity server is linked too; otherwise an account is created there. Seats are billed on the
 * month's invoice, from the cost statement: nothing is sent to Stripe here.
 */
export async function seatPerson(tx: EntityManager, context: Pick<GraphqlContext, 'identity'>, body: Body, input: NewMember) {
  const email = input.email.trim();
  const displayName = input.displayName.trim();
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:person:${email.toLowerCase()}`]);
  let person = await tx.findOne(Person, emailIs(email));
  const linkedExistingAccount = person !== null;
  let accountCreated = false;
  if (!person) {
    let account = await context.identity.findAccountByEmail(email);
    if (!account) {
      const [firstName, ...rest] = displayName.split(/\s+/);
      account = await context.identity.createAccount({ email, firstName: firstName ?? null, lastName: rest.join(' ') || null });
      accountCreated = true;
    }
    person = tx.create(Person, {
      id: uuidv7(),
      email,
      emailVerified: account.emailVerified,
      displayName,
      subject: account.subject,
      platformRoles: [],
    });
  }
  if (await tx.findOne(Membership, { person: person.id, body: body.id })) {
    throw new CartableError(ErrorCode.Conflict, 'Cette personne est déjà membre de cet organisme.');
  }
  const membership = tx.create(Membership, {
    id: uuidv7(),
    person,
    body: body.id,
    roles: input.roles,
    mandateStart: input.mandateStart ?? null,
    mandateEnd: input.mandateEnd ?? null,
  });
  await tx.flush();
  return { membership, person, linkedExistingAccount, accountCreated };
}

/** After the seat is committed: a new account gets its invitation to choose a password. */
export async function inviteIfNew(
  context: Pick<GraphqlContext, 'identity' | 'logger'>,
  body: InvitingBody,
  seated: { person: Person; accountCreated: boolean },
): Promise<boolean> {
  if (!seated.accountCreated || !seated.person.subject) return false;
  try {
    await context.identity.sendInvitation(seated.person.subject, body);
    return true;
  } catch (error) {
    context.logger.error({ err: error, personId: seated.person.id }, 'invitation could not be sent');
    return false;
  }
}

/** Refuses, as not found, a person id that is not a member of the body. */
export async function assertMemberOf(platformEm: EntityManager, bodyId: string, personId: string): Promise<void> {
  const member = (await platformEm.count(Membership, { person: personId, body: bodyId })) > 0;
  if (!member) throw new NotFoundError('Personne introuvable dans cet organisme.');
}

/** Seats a person in a body by email (see `seatPerson`), for its secretariat or its admin. */
export async function addMember(context: GraphqlContext, body: Body, input: NewMember) {
  context.bodies.authorize(body, permissionToGrant(input.roles));
  checkTerms(input);
  const outcome = await context.platformEm.fork().transactional((tx) => seatPerson(tx, context, body, input));
  const invitationSent = await inviteIfNew(context, body, outcome);
  return {
    membership: outcome.membership,
    person: outcome.person,
    body,
    linkedExistingAccount: outcome.linkedExistingAccount,
    invitationSent,
  };
}

async function findMembership(context: GraphqlContext, body: Body, membershipId: string): Promise<Membership> {
  const membership = await context.platformEm.findOne(Membership, { id: membershipId, body: body.id }, { populate: ['person'] });
  if (!membership) throw new NotFoundError('Membre introuvable.');
  return membership;
}

async function assertAnotherAdminRemains(context: GraphqlContext, body: Body, membership: Membership): Promise<void> {
  if (!membership.roles.includes('BODY_ADMIN')) return;
  const admins = await context.platformEm.count(Membership, { body: body.id, roles: { $contains: ['BODY_ADMIN'] } });
  if (admins <= 1) {
    throw new CartableError(ErrorCode.Conflict, 'Un organisme doit garder au moins un administrateur.');
  }
}

export async function updateMembership(context: GraphqlContext, body: Body, membershipId: string, terms: MembershipTerms) {
  context.bodies.authorize(body, 'prepare');
  const membership = await findMembership(context, body, membershipId);
  context.bodies.authorize(body, permissionToGrant([...membership.roles, ...terms.roles]));
  checkTerms(terms);
  if (!terms.roles.includes('BODY_ADMIN')) await assertAnotherAdminRemains(context, body, membership);
  membership.roles = terms.roles;
  membership.mandateStart = terms.mandateStart ?? null;
  membership.mandateEnd = terms.mandateEnd ?? null;
  await context.platformEm.flush();
  return membership as Membership & { person: Person };
}

/**
 * Ends a seat. The person (and their account) is never deleted: other seats and past proofs need them.
 * Their seats in the body's assemblies end in the same transaction, on the day before the removal (body's
 * time zone) or at the membership's own end if earlier: from the removal on they are neither convened nor
 * counted, and past meetings keep them (`seatsInOffice`). A seat that had not started by then is deleted.
 * Their period in a political group ends (or is deleted) the same way.
 */
export async function removeMember(context: GraphqlContext, body: Body, membershipId: string, now: Date): Promise<string> {
  context.bodies.authorize(body, 'prepare');
  const membership = await findMembership(context, body, membershipId);
  context.bodies.authorize(body, permissionToGrant(membership.roles));
  await assertAnotherAdminRemains(context, body, membership);
  const dayBefore = addDays(zonedDate(now, body.timeZone), -1);
  const lastDay = membership.mandateEnd && membership.mandateEnd < dayBefore ? membership.mandateEnd : dayBefore;
  const seats = `${quoteSchema(body.schemaName)}.assembly_member`;
  const groupPeriods = `${quoteSchema(body.schemaName)}.political_group_member`;
  await context.platformEm.fork().transactional(async (tx) => {
    await tx.execute(`delete from ${seats} where person_id = ? and mandate_start > ?::date`, [membership.person.id, lastDay]);
    await tx.execute(
      `update ${seats} set mandate_end = ?::date, updated_at = now() where person_id = ? and (mandate_end is null or mandate_end > ?::date)`,
      [lastDay, membership.person.id, lastDay],
    );
    // Their political group too (same days as their seats).
    await tx.execute(`delete from ${groupPeriods} where person_id = ? and start_date > ?::date`, [membership.person.id, lastDay]);
    await tx.execute(
      `update ${groupPeriods} set end_date = ?::date, updated_at = now() where person_id = ? and (end_date is null or end_date > ?::date)`,
      [lastDay, membership.person.id, lastDay],
    );
    await tx.nativeDelete(Membership, { id: membership.id });
  });
  viewerDataChanged();
  return membership.id;
}

export async function membersOf(context: GraphqlContext, body: Body) {
  context.bodies.authorize(body, 'prepare');
  return context.platformEm.find(Membership, { body: body.id }, { populate: ['person'], orderBy: { person: { displayName: 'asc' } } });
}

export async function myMemberships(context: GraphqlContext) {
  if (!context.viewer.personId) return [];
  return context.platformEm.find(
    Membership,
    { person: context.viewer.personId, body: { $in: context.viewer.bodyIds } },
    { populate: ['body', 'person'], orderBy: { body: { name: 'asc' } } },
  );
}

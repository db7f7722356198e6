import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { assertMandateDates } from '../../common/mandate.js';
import { assemblyRules } from '../../legal/assembly-rules.js';
import { todayIn } from '../../legal/clock.js';
import { Membership } from '../../platform/people/membership.entity.js';
import { Person } from '../../platform/people/person.entity.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { AssemblyMember, type AssemblyRole } from './assembly-member.entity.js';
import { Assembly, type AssemblyKind } from './assembly.entity.js';
import { seatsInOffice } from './members-in-office.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { refreshInboxEntries } from '../inbox/inbox-index.js';

export async function createAssembly(ctx: BodyContext, input: { kind: AssemblyKind; name: string }) {
  const { em } = ctx;
  const assembly = em.create(Assembly, { id: uuidv7(), kind: input.kind, name: input.name.trim() });
  await em.flush();
  return assembly;
}

export async function findAssembly(em: EntityManager, assemblyId: string): Promise<Assembly> {
  const assembly = await em.findOne(Assembly, { id: assemblyId });
  if (!assembly) throw new NotFoundError('Assemblée introuvable.');
  return assembly;
}

export interface SeatTerms {
  role: AssemblyRole;
  votingRight: boolean;
  mandateStart?: string | null;
  mandateEnd?: string | null;
}

export interface AssemblySeat extends SeatTerms {
  personId: string;
  /** With the SUPPLEANT role: the titulaire's seat. */
  titulaireSeatId?: string | null;
}

/**
 * A suppléant's seat (CGCT L5211-6 for EPCI, L5212-7 for syndicats, in the council only): linked to a
 * titulaire's seat of the same assembly, one per titulaire, without a vote of its own (it votes in the
 * titulaire's place, see legal/quorum.ts). Returns the titulaire's seat id, null for any other role.
 */
async function checkedTitulaire({ em, body }: BodyContext, assembly: Assembly, seat: AssemblySeat, today: string): Promise<string | null> {
  if (seat.role !== 'SUPPLEANT') {
    if (seat.titulaireSeatId) throw new BadUserInputError('Seul un suppléant est rattaché à un titulaire.', { field: 'titulaireSeatId' });
    return null;
  }
  const rule = assemblyRules(body.kind, assembly.kind, today).suppleants;
  if (!rule) {
    throw new BadUserInputError(
      'Cette assemblée n’a pas de suppléants : ils siègent au conseil d’une communauté (CGCT L5211-6) ou d’un syndicat dont les statuts les prévoient (CGCT L5212-7).',
      {
        field: 'role',
        reason: 'NO_SUPPLEANTS',
      },
    );
  }
  const titulaire = seat.titulaireSeatId && (await em.findOne(AssemblyMember, { id: seat.titulaireSeatId, assembly: assembly.id }));
  if (!titulaire || titulaire.role === 'SUPPLEANT') {
    throw new BadUserInputError(`Indiquez le siège du titulaire, dans la même assemblée, que ce suppléant remplace (${rule.article}).`, {
      field: 'titulaireSeatId',
    });
  }
  if (titulaire.personId === seat.personId)
    throw new BadUserInputError('Un élu ne peut pas être son propre suppléant.', { field: 'titulaireSeatId' });
  if (await em.findOne(AssemblyMember, { titulaireSeatId: titulaire.id }))
    throw new CartableError(ErrorCode.Conflict, 'Ce titulaire a déjà un suppléant.');
  return titulaire.id;
}

/** Seats a member of the body in one of its assemblies; the body's local date of the context's clock picks the rules in force. */
export async function addAssemblyMember(ctx: BodyContext, assemblyId: string, seat: AssemblySeat) {
  const { body, em, platformEm } = ctx;
  const today = todayIn(ctx.clock, body.timeZone);
  const assembly = await findAssembly(em, assemblyId);
  const isMember = (await platformEm.count(Membership, { person: seat.personId, body: body.id })) > 0;
  if (!isMember) throw new BadUserInputError('Cette personne n’est pas membre de l’organisme.', { field: 'personId' });
  assertMandateDates(seat);
  if (await em.findOne(AssemblyMember, { assembly: assembly.id, personId: seat.personId })) {
    throw new CartableError(ErrorCode.Conflict, 'Cette personne siège déjà dans cette assemblée.');
  }
  const titulaireSeatId = await checkedTitulaire(ctx, assembly, seat, today);
  const member = em.create(AssemblyMember, {
    id: uuidv7(),
    assembly,
    personId: seat.personId,
    role: seat.role,
    votingRight: seat.role !== 'SUPPLEANT' && seat.votingRight,
    titulaireSeatId,
    mandateStart: seat.mandateStart ?? null,
    mandateEnd: seat.mandateEnd ?? null,
  });
  await em.flush();
  return member;
}

async function findSeat(em: EntityManager, memberId: string): Promise<AssemblyMember> {
  const seat = await em.findOne(AssemblyMember, { id: memberId }, { populate: ['assembly'] });
  if (!seat) throw new NotFoundError('Siège introuvable.');
  return seat;
}

/**
 * Changes a seat in place: function, voting right, mandate (checked as when seating). Seats keep no
 * history: what a convocation already sent froze (each recipient's voting right, in its row and its
 * manifest) stays as it was; the change counts from the next send and the next quorum forecast.
 */
export async function updateAssemblyMember(ctx: BodyContext, memberId: string, terms: SeatTerms): Promise<AssemblyMember> {
  const { em } = ctx;
  const seat = await findSeat(em, memberId);
  assertMandateDates(terms);
  if ((seat.role === 'SUPPLEANT') !== (terms.role === 'SUPPLEANT')) {
    throw new BadUserInputError('Un siège ne devient pas suppléant (ni titulaire) : retirez-le et ajoutez-le de nouveau avec son rôle.', {
      field: 'role',
    });
  }
  Object.assign(seat, {
    role: terms.role,
    votingRight: terms.role !== 'SUPPLEANT' && terms.votingRight,
    mandateStart: terms.mandateStart ?? null,
    mandateEnd: terms.mandateEnd ?? null,
  });
  await em.flush();
  return seat;
}

export async function removeAssemblyMember(ctx: BodyContext, memberId: string): Promise<string> {
  const { em } = ctx;
  const deleted = await em.nativeDelete(AssemblyMember, { id: memberId });
  if (deleted === 0) throw new NotFoundError('Siège introuvable.');
  return memberId;
}

/** The members of an assembly with their names, and whether each is in office today (the body's local date, `seatsInOffice`). */
export async function rosterOf(ctx: BodyContext, assemblyId: string) {
  const { body, em, platformEm } = ctx;
  const today = todayIn(ctx.clock, body.timeZone);
  const members = await em.find(AssemblyMember, { assembly: assemblyId });
  const people = new Map(
    (await platformEm.find(Person, { id: { $in: members.map((member) => member.personId) } })).map((person) => [person.id, person]),
  );
  const current = await seatsInOffice(em, body.id, assemblyId, today);
  return members
    .map((member) => ({
      member,
      displayName: people.get(member.personId)?.displayName ?? '—',
      inOffice: current.has(member.personId),
    }))
    .sort((left, right) => left.displayName.localeCompare(right.displayName, 'fr'));
}

/** A commission's delay comes from the body's règlement intérieur (no CGCT article sets it). */
export async function setCommissionDelay(
  ctx: BodyContext,
  assemblyId: string,
  clearDays: number | null,
  reference: string | null,
): Promise<Assembly> {
  return ctx.em.transactional(async (tx) => {
    const assembly = await findAssembly(tx, assemblyId);
    if (assembly.kind !== 'COMMISSION')
      throw new BadUserInputError(
        'Seules les commissions ont un délai fixé par le règlement intérieur ; celui des conseils est fixé par la loi.',
        { field: 'assemblyId' },
      );
    if (clearDays !== null && !(Number.isInteger(clearDays) && clearDays >= 0 && clearDays <= 30))
      throw new BadUserInputError('Le délai doit compter de 0 à 30 jours francs.', { field: 'clearDays' });
    const label = reference?.trim() || null;
    if (label && label.length > 300) throw new BadUserInputError('La référence compte au plus 300 caractères.', { field: 'reference' });
    assembly.convocationClearDays = clearDays;
    assembly.convocationRuleReference = clearDays === null ? null : (label ?? 'Règlement intérieur');
    await tx.flush();
    // The inbox index shows the assembly with each of its meetings convened.
    const convened = await tx.find(Meeting, { assembly: assembly.id, status: { $ne: 'DRAFT' } }, { fields: ['id'] });
    for (const meeting of convened) await refreshInboxEntries(tx, ctx.body.id, meeting.id);
    return assembly;
  });
}

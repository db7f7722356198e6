import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { addDays, zonedDate } from '../../common/time.js';
import { Membership } from '../../platform/people/membership.entity.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { PoliticalGroup, PoliticalGroupMember } from './political-group.entity.js';

export interface PoliticalGroupFields {
  name: string;
  shortName: string;
  color: string;
}

const groupNotFound = () => new NotFoundError('Groupe politique introuvable.');

function checkFields(fields: PoliticalGroupFields): PoliticalGroupFields {
  const name = fields.name.trim();
  const shortName = fields.shortName.trim();
  if (!name || name.length > 200) throw new BadUserInputError('Le nom du groupe doit compter de 1 à 200 caractères.', { field: 'name' });
  if (!shortName || shortName.length > 30)
    throw new BadUserInputError('Le sigle du groupe doit compter de 1 à 30 caractères.', { field: 'shortName' });
  if (!/^#[0-9A-Fa-f]{6}$/.test(fields.color)) throw new BadUserInputError('La couleur doit s’écrire #RRVVBB.', { field: 'color' });
  return { name, shortName, color: fields.color.toUpperCase() };
}

/** The body's groups, by name, each with its members today in the body's time zone (person ids). */
export async function politicalGroups({ em, body, clock }: BodyContext) {
  const today = zonedDate(clock.now(), body.timeZone);
  const groups = await em.find(PoliticalGroup, {}, { orderBy: { name: 'asc' } });
  const periods = await em.find(PoliticalGroupMember, currentOn(today));
  return groups.map((group) => ({
    group,
    memberIds: periods.filter((period) => period.group.id === group.id).map((period) => period.personId),
  }));
}

function currentOn(today: string) {
  return { startDate: { $lte: today }, $or: [{ endDate: null }, { endDate: { $gte: today } }] };
}

/** The group a person belongs to in the body on `today`, if any. */
export async function currentGroupId(em: EntityManager, personId: string, today: string): Promise<string | null> {
  const period = await em.findOne(PoliticalGroupMember, { personId, ...currentOn(today) });
  return period?.group.id ?? null;
}

/** A group by its name (case-insensitive), for imports: the existing one, or a new one with `fields`. */
export async function findOrCreateGroup(
  em: EntityManager,
  fields: PoliticalGroupFields,
): Promise<{ group: PoliticalGroup; created: boolean }> {
  const checked = checkFields(fields);
  const existing = await em.findOne(PoliticalGroup, { name: { $ilike: checked.name.replace(/[\\%_]/g, '\\$&') } });
  if (existing) return { group: existing, created: false };
  return { group: em.create(PoliticalGroup, { id: uuidv7(), ...checked }), created: true };
}

export async function createPoliticalGroup({ em }: BodyContext, fields: PoliticalGroupFields): Promise<PoliticalGroup> {
  const { group, created } = await findOrCreateGroup(em, fields);
  if (!created) throw new CartableError(ErrorCode.Conflict, 'Un groupe politique porte déjà ce nom.');
  await em.flush();
  return group;
}

/**
 * Moves an official to a group (or out of any, `groupId` null) from `from` on: their open period ends the
 * day before — or is dropped if it had not started yet — so they belong to one group at a time. Only an
 * official of the body may belong to a group; the caller flushes (imports do, in their transaction).
 */
export async function joinGroup(em: EntityManager, personId: string, group: PoliticalGroup | null, from: string): Promise<void> {
  const later = await em.count(PoliticalGroupMember, { personId, startDate: { $gt: from } });
  if (later > 0) throw new CartableError(ErrorCode.Conflict, 'Cet élu a déjà un groupe à une date postérieure.');
  const current = await em.findOne(PoliticalGroupMember, { personId, $or: [{ endDate: null }, { endDate: { $gte: from } }] });
  if (current && current.group.id === group?.id) return;
  if (current && current.startDate === from) em.remove(current);
  else if (current) current.endDate = addDays(from, -1);
  await em.flush();
  if (group) em.create(PoliticalGroupMember, { id: uuidv7(), group, personId, startDate: from, endDate: null });
}

export async function assignPoliticalGroup(
  { em, platformEm, bodyId }: BodyContext,
  input: { personId: string; groupId: string | null; from: string },
): Promise<void> {
  const membership = await platformEm.findOne(Membership, { person: input.personId, body: bodyId });
  if (!membership) throw new NotFoundError('Personne introuvable dans cet organisme.');
  if (!membership.roles.includes('OFFICIAL')) {
    throw new BadUserInputError('Seul un élu peut appartenir à un groupe politique.', { field: 'personId' });
  }
  const group = input.groupId === null ? null : await em.findOne(PoliticalGroup, { id: input.groupId });
  if (input.groupId !== null && !group) throw groupNotFound();
  await em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:group-member:${input.personId}`]);
    await joinGroup(tx, input.personId, group && tx.getReference(PoliticalGroup, group.id), input.from);
  });
}

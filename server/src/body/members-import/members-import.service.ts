import { CartableError, ErrorCode } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { Membership } from '../../platform/people/membership.entity.js';
import { inviteIfNew, seatPerson } from '../../platform/people/membership.service.js';
import { AssemblyMember, type AssemblyRole } from '../assemblies/assembly-member.entity.js';
import { Assembly } from '../assemblies/assembly.entity.js';
import { findOrCreateGroup, joinGroup } from '../groups/political-group.service.js';
import { PoliticalGroup } from '../groups/political-group.entity.js';
import { MemberIdentity } from './member-identity.entity.js';
import { readMembersCsv, type ImportFormat, type ImportRow } from './members-csv.js';
import { zonedDate } from '../../common/time.js';
import type { BodyContext } from '../../tenancy/body-context.js';

export interface PlannedRow extends ImportRow {
  /** RNE: later lines of the same person (one line per function held), folded into this one. */
  mergedLines: number[];
  assembly: Assembly | null;
}

export interface ImportPlan {
  format: ImportFormat;
  rows: PlannedRow[];
  /** Names of the groups the import creates. */
  newGroups: string[];
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
const personKey = (row: { familyName: string; givenName: string; birthDate?: string | null }) =>
  row.birthDate ? `${fold(row.familyName)}|${fold(row.givenName)}|${row.birthDate}` : null;
const rank: Record<AssemblyRole, number> = { PRESIDENT: 0, VICE_PRESIDENT: 1, MEMBRE: 2, SUPPLEANT: 3 };

/** The RNE lists an official once per function: their lines become one, with the highest function. */
function foldRneLines(rows: ImportRow[]): PlannedRow[] {
  const byPerson = new Map<string, PlannedRow>();
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    const key = personKey(row);
    const first = key ? byPerson.get(key) : undefined;
    if (first && first.errors.length === 0 && row.errors.length === 0 && fold(first.email) === fold(row.email)) {
      first.mergedLines.push(row.line);
      if (rank[row.role] < rank[first.role]) first.role = row.role;
      continue;
    }
    const plannedRow: PlannedRow = { ...row, mergedLines: [], assembly: null };
    if (key && !first) byPerson.set(key, plannedRow);
    planned.push(plannedRow);
  }
  return planned;
}

/**
 * Reads a file and checks each line against the file itself and the body: duplicates by email and by
 * name + birth date (within the file and against the body's members), assemblies named, one commune
 * (RNE). Nothing is written.
 */
export async function planImport({ em, platformEm, body }: BodyContext, text: string): Promise<ImportPlan> {
  const { format, rows: read } = readMembersCsv(text);
  const rows = format === 'RNE' ? foldRneLines(read) : read.map((row) => ({ ...row, mergedLines: [], assembly: null }));

  const members = await platformEm.find(Membership, { body: body.id }, { populate: ['person'] });
  const memberEmails = new Set(members.map((membership) => fold(membership.person.email)));
  const identities = await em.find(MemberIdentity, { personId: { $in: members.map((membership) => membership.person.id) } });
  const memberKeys = new Set(identities.map(personKey).filter((key) => key !== null));
  const assemblies = await em.find(Assembly, {});
  const plenary = assemblies.find((assembly) => assembly.kind.startsWith('CONSEIL_')) ?? null;

  const emailLines = new Map<string, number>();
  const personLines = new Map<string, number>();
  const communeLine = rows.find((row) => row.communeCode);
  for (const row of rows) {
    const email = fold(row.email);
    if (email) {
      const earlier = emailLines.get(email);
      if (earlier !== undefined) row.errors.push(`Adresse électronique déjà présente ligne ${earlier}.`);
      else emailLines.set(email, row.line);
      if (memberEmails.has(email)) row.errors.push(`Déjà membre de l’organisme (${row.email}).`);
    }
    const key = personKey(row);
    if (key) {
      const earlier = personLines.get(key);
      if (earlier !== undefined) row.errors.push(`Mêmes nom, prénom et date de naissance que la ligne ${earlier}.`);
      else personLines.set(key, row.line);
      if (memberKeys.has(key)) row.errors.push('Une personne de mêmes nom, prénom et date de naissance est déjà membre de l’organisme.');
    }
    if (format === 'RNE') {
      if (communeLine && row.communeCode !== communeLine.communeCode) {
        row.errors.push(
          `Autre commune (${row.communeCode ?? 'aucune'}) que celle de la ligne ${communeLine.line} (${communeLine.communeCode}) : importez une commune à la fois.`,
        );
      }
      if (!plenary) row.errors.push('L’organisme n’a pas de conseil où siéger.');
      row.assembly = plenary;
    } else if (row.assemblyName) {
      row.assembly = assemblies.find((assembly) => fold(assembly.name) === fold(row.assemblyName!)) ?? null;
      if (!row.assembly) row.errors.push(`Assemblée inconnue : « ${row.assemblyName} ».`);
    }
  }
  const groupNames = [...new Set(rows.flatMap((row) => (row.groupName ? [row.groupName] : [])))];
  const existing = groupNames.length === 0 ? [] : await em.find(PoliticalGroup, {});
  const known = new Set(existing.map((group) => fold(group.name)));
  const newGroups = groupNames.filter(
    (name, at) => !known.has(fold(name)) && groupNames.findIndex((other) => fold(other) === fold(name)) === at,
  );
  return { format, rows, newGroups };
}

/** Colours given to the groups an import creates, in turn (contrast ≥ 4.5:1 with white text). */
const groupColors = ['#1F5FAD', '#B3261E', '#2E7D32', '#6A1B9A', '#A34400', '#00695C', '#4E342E', '#37474F'];

/** « Groupe Écologiste et Citoyen » → « GEC »: the initials of its significant words. */
export function initialsOf(name: string): string {
  const words = name.split(/[\s'’-]+/).filter((word) => word.length > 2 && !/^(des|les|aux|pour|une)$/i.test(word));
  const initials = words
    .map((word) => word[0]!.toUpperCase())
    .join('')
    .slice(0, 6);
  return initials || name.slice(0, 6);
}

export class ImportHasErrors extends CartableError {
  constructor(rows: PlannedRow[]) {
    const failing = rows.filter((row) => row.errors.length > 0);
    super(
      ErrorCode.BadUserInput,
      `Le fichier contient des erreurs sur ${failing.length} ligne${failing.length > 1 ? 's' : ''} : rien n’a été importé.`,
      {
        reason: 'IMPORT_HAS_ERRORS',
        lines: failing.map((row) => ({ line: row.line, errors: row.errors })),
      },
    );
  }
}

/**
 * Imports every line or none: the file is checked again, then members, their identity, seats and groups
 * are written in one transaction (accounts made in the identity server for new people are linked again
 * by a later import if it rolls back). Invitations go out once it is committed.
 */
export async function importMembers(ctx: BodyContext, text: string) {
  const { em, body, services, logger } = ctx;
  const today = zonedDate(ctx.now(), body.timeZone);
  const plan = await planImport(ctx, text);
  if (plan.rows.some((row) => row.errors.length > 0)) throw new ImportHasErrors(plan.rows);
  const seated = await em.transactional(async (tx) => {
    const groups = new Map<string, PoliticalGroup>();
    const outcomes = [];
    for (const row of plan.rows) {
      const outcome = await seatPerson(tx, services, body, {
        email: row.email,
        displayName: `${row.givenName} ${row.familyName}`,
        roles: ['OFFICIAL'],
        mandateStart: row.mandateStart,
        mandateEnd: row.mandateEnd,
      });
      const personId = outcome.person.id;
      await tx.upsert(MemberIdentity, { personId, familyName: row.familyName, givenName: row.givenName, birthDate: row.birthDate });
      if (row.assembly) {
        tx.create(AssemblyMember, {
          id: uuidv7(),
          assembly: tx.getReference(Assembly, row.assembly.id),
          personId,
          role: row.role,
          votingRight: true,
          titulaireSeatId: null,
          mandateStart: row.mandateStart,
          mandateEnd: row.mandateEnd,
        });
      }
      if (row.groupName) {
        const key = fold(row.groupName);
        let group = groups.get(key);
        if (!group) {
          const color = groupColors[plan.newGroups.findIndex((name) => fold(name) === key) % groupColors.length] ?? groupColors[0]!;
          group = (await findOrCreateGroup(tx, { name: row.groupName, shortName: row.groupShortName ?? initialsOf(row.groupName), color }))
            .group;
          groups.set(key, group);
        }
        await joinGroup(tx, personId, group, row.mandateStart ?? today);
      }
      await tx.flush();
      outcomes.push(outcome);
    }
    return outcomes;
  });
  for (const outcome of seated) await inviteIfNew({ identity: services.identity, logger }, body, outcome);
  return {
    format: plan.format,
    imported: seated.length,
    linkedExistingAccounts: seated.filter((outcome) => outcome.linkedExistingAccount).length,
    groupsCreated: plan.newGroups,
  };
}

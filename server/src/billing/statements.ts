import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode } from '../common/errors.js';
import { addDays, zonedDate, zonedDateTime } from '../common/time.js';
import { contractForMonth, contractWeights, groupementTimeZone } from '../platform/groupement/contract.service.js';
import type { GroupementContract } from '../platform/groupement/contract.entity.js';
import { CostStatement } from './billing.entity.js';
import { shareMonthlyCosts, statementTotals, type SharingDevice, type StatementLine, type StatementTotals } from './cost-sharing.js';

/** A calendar month of the groupement (`YYYY-MM`): its first days as dates and its bounds as instants. */
export interface Month {
  month: string;
  firstDay: string;
  nextFirstDay: string;
  start: Date;
  end: Date;
}

export function parseMonth(month: string): Month {
  // The API's Month scalar has refused anything else, in French.
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new Error(`Not a month: ${JSON.stringify(month)}`);
  const [year, monthNumber] = [Number(match[1]), Number(match[2])];
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
  const firstDay = `${month}-01`;
  const nextFirstDay = `${next}-01`;
  return {
    month,
    firstDay,
    nextFirstDay,
    start: zonedDateTime(firstDay, '00:00', groupementTimeZone),
    end: zonedDateTime(nextFirstDay, '00:00', groupementTimeZone),
  };
}

export interface Statement extends StatementTotals {
  bodyId: string;
  month: string;
  /** Frozen by the coordinator's closing of the month; provisional (computed from today's data) otherwise. */
  closed: boolean;
  closedAt: Date | null;
  contractId: string;
  lines: StatementLine[];
}

/**
 * The month's lines of every body that shares costs then: bodies created before the month ended and not
 * archived before it began. A seat counts from the later of its mandate start and its creation in
 * Cartable, until its mandate end; a device is charged to its last holder of the month; a hand-over
 * during the month charges the set-up.
 */
export async function computeMonth(
  em: EntityManager,
  month: Month,
): Promise<{ contract: GroupementContract; lines: Map<string, StatementLine[]> } | null> {
  const contract = await contractForMonth(em, month.firstDay, month.nextFirstDay);
  if (!contract) return null;
  const bounds = [month.end, month.start];
  const billable = `select id, slug from body
     where status <> 'PROVISIONING' and created_at < ? and (archived_at is null or archived_at >= ?)`;
  const bodies = await em.execute<{ id: string; slug: string }[]>(billable, bounds);
  // A month before any member body existed (a contract may start before the platform) shares nothing.
  if (bodies.length === 0) return null;
  const supportBodyIds = bodies.map((body) => body.id);
  // The holder pays for tablets whose holder sits nowhere, even in a month it was not billable itself.
  if (!bodies.some((body) => body.id === contract.holderBody.id)) {
    bodies.push(...(await em.execute<{ id: string; slug: string }[]>('select id, slug from body where id = ?', [contract.holderBody.id])));
  }
  // Staff-only accounts (secretariat, administrators) take a seat only when the contract bills them.
  const seatRoles = contract.billStaffSeats ? '' : `and 'OFFICIAL' = any(m.roles)`;
  const seats = await em.execute<{ person_id: string; display_name: string; body_ids: string[] }[]>(
    `select m.person_id, p.display_name, array_agg(m.body_id order by m.body_id)::text[] as body_ids
       from membership m
       join person p on p.id = m.person_id
       join (${billable}) b on b.id = m.body_id
      where greatest(m.mandate_start, (m.created_at at time zone '${groupementTimeZone}')::date) < ?::date
        and (m.mandate_end is null or m.mandate_end >= ?::date) ${seatRoles}
      group by m.person_id, p.display_name
      order by p.display_name, m.person_id`,
    [...bounds, month.nextFirstDay, month.firstDay],
  );
  const allocations = await em.execute<
    { device_id: string; serial_number: string; person_id: string; display_name: string; allocated_at: Date; ended_at: Date | null }[]
  >(
    `select a.device_id, d.serial_number, a.person_id, p.display_name, a.allocated_at, a.ended_at
       from device_allocation a
       join device d on d.id = a.device_id
       join person p on p.id = a.person_id
      where a.allocated_at < ? and (a.ended_at is null or a.ended_at > ?)
      order by d.serial_number, a.allocated_at`,
    bounds,
  );
  const charged = (row: (typeof allocations)[number]): SharingDevice => ({
    deviceId: row.device_id,
    serialNumber: row.serial_number,
    personId: row.person_id,
    personName: row.display_name,
  });
  const lastHolders = new Map(allocations.map((row) => [row.device_id, charged(row)]));
  const daysInMonth = monthDays(month).length;
  if (contract.prorateByDay) {
    for (const [deviceId, device] of lastHolders)
      device.days = daysLent(
        month,
        allocations.filter((row) => row.device_id === deviceId),
      );
  }
  const handovers = allocations.filter((row) => new Date(row.allocated_at) >= month.start).map(charged);
  const lines = shareMonthlyCosts(
    {
      seatPriceCents: contract.seatPriceCents,
      devicePriceCents: contract.devicePriceCents,
      setupPriceCents: contract.setupPriceCents,
      rule: contract.sharingRule,
      weights: await contractWeights(em, contract.id),
      holderBodyId: contract.holderBody.id,
      daysInMonth: contract.prorateByDay ? daysInMonth : undefined,
      support:
        contract.supportPriceCents === null || contract.supportPriceCents === undefined
          ? undefined
          : { priceCents: contract.supportPriceCents, sharing: contract.supportSharing, bodyIds: supportBodyIds },
    },
    bodies,
    seats.map((row) => ({ personId: row.person_id, personName: row.display_name, bodyIds: row.body_ids })),
    [...lastHolders.values()],
    handovers,
  );
  return { contract, lines };
}

/** The calendar days of a month (`YYYY-MM-DD`). */
function monthDays(month: Month): string[] {
  const days: string[] = [];
  for (let day = month.firstDay; day < month.nextFirstDay; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * Days of the month a device was lent, over all its loans: from the day of the hand-over to the day of
 * the return, both included (groupement's calendar).
 */
function daysLent(month: Month, loans: readonly { allocated_at: Date; ended_at: Date | null }[]): number {
  const lent = new Set<string>();
  for (const loan of loans) {
    const from = zonedDate(new Date(loan.allocated_at), groupementTimeZone);
    const to = loan.ended_at ? zonedDate(new Date(loan.ended_at), groupementTimeZone) : month.nextFirstDay;
    for (const day of monthDays(month)) if (day >= from && day <= to) lent.add(day);
  }
  return lent.size;
}

function frozen(statement: CostStatement, month: string): Statement {
  return {
    bodyId: statement.bodyId,
    month,
    closed: true,
    closedAt: statement.closedAt,
    contractId: statement.contractId,
    lines: statement.lines,
    ...statementTotals(statement.lines),
  };
}

function provisional(bodyId: string, month: string, contractId: string, lines: StatementLine[]): Statement {
  return { bodyId, month, closed: false, closedAt: null, contractId, lines, ...statementTotals(lines) };
}

/** Every body's statement for a month: frozen ones once the month is closed, computed ones before. */
export async function statementsOfMonth(em: EntityManager, month: Month): Promise<Statement[]> {
  const closed = await em.find(CostStatement, { month: month.firstDay });
  if (closed.length > 0) return closed.map((statement) => frozen(statement, month.month));
  const computed = await computeMonth(em, month);
  if (!computed) return [];
  return [...computed.lines].map(([bodyId, lines]) => provisional(bodyId, month.month, computed.contract.id, lines));
}

/** One body's statement for a month; null when no contract covers the month or the body shares no cost then. */
export async function statementOf(em: EntityManager, bodyId: string, month: Month): Promise<Statement | null> {
  const closed = await em.findOne(CostStatement, { bodyId, month: month.firstDay });
  if (closed) return frozen(closed, month.month);
  if ((await em.count(CostStatement, { month: month.firstDay })) > 0) return null;
  const computed = await computeMonth(em, month);
  const lines = computed?.lines.get(bodyId);
  return computed && lines ? provisional(bodyId, month.month, computed.contract.id, lines) : null;
}

/**
 * Freezes every body's statement of a finished month, in one transaction; returns them. A month is
 * closed once: its statements are then what the bodies are invoiced for (see invoicing.ts).
 */
export async function closeMonth(em: EntityManager, month: Month, closedBy: string, now = new Date()): Promise<Statement[]> {
  if (month.end > now) throw new BadUserInputError('Un mois ne peut être clôturé qu’une fois terminé.', { field: 'month' });
  return em.fork().transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:close-month:${month.firstDay}`]);
    if ((await tx.count(CostStatement, { month: month.firstDay })) > 0)
      throw new CartableError(ErrorCode.Conflict, 'Ce mois est déjà clôturé.');
    const computed = await computeMonth(tx, month);
    if (!computed) throw new BadUserInputError('Aucun marché du groupement ne couvre ce mois.', { field: 'month' });
    const statements = [...computed.lines].map(([bodyId, lines]) =>
      tx.create(CostStatement, {
        bodyId,
        month: month.firstDay,
        contractId: computed.contract.id,
        lines,
        totalCents: statementTotals(lines).totalCents,
        closedAt: now,
        closedBy,
      }),
    );
    await tx.flush();
    return statements.map((statement) => frozen(statement, month.month));
  });
}

import { createHash } from 'node:crypto';
import { LockMode, raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { violatedConstraint } from '../../db/constraint-violation.js';
import type { GraphqlContext } from '../../graphql/context.js';
import type { StoragePort } from '../../storage/storage.port.js';
import { Body } from '../bodies/body.entity.js';
import { Membership } from '../people/membership.entity.js';
import { Person } from '../people/person.entity.js';
import { Device, DeviceAllocation, SupportTicket, type AllocationEndReason, type DeviceState } from './device.entity.js';
import { createLoanConvention } from './loan-convention.js';
import { contractInForce } from '../groupement/contract.service.js';

export interface NewDevice {
  serialNumber: string;
  model: string;
  purchasedOn?: string | null;
  notes?: string | null;
}

export const serialNumberPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const invalidSerialMessage = 'Numéro de série invalide : lettres, chiffres, « . », « _ », « / » ou « - », 64 caractères au plus.';

const stateLabels: Record<DeviceState, string> = {
  IN_STOCK: 'en stock',
  ALLOCATED: 'attribuée',
  IN_REPAIR: 'en réparation',
  LOST: 'perdue',
};

export const duplicateSerialMessage = 'Ce numéro de série est déjà inventorié.';
export const oneDevicePerPersonMessage = 'Cet élu dispose déjà d’une tablette : un seul équipement par élu, tous organismes confondus.';

/** The rows of a new device, ready to insert; the serial number is kept as typed (unique case-insensitively). */
export function deviceRow(input: NewDevice) {
  return {
    id: uuidv7(),
    serialNumber: input.serialNumber.trim(),
    model: input.model.trim(),
    state: 'IN_STOCK' as const,
    purchasedOn: input.purchasedOn ?? null,
    notes: input.notes?.trim() || null,
  };
}

/** Inserts devices in one transaction; a serial number already inventoried refuses them all. */
export async function insertDevices(em: EntityManager, inputs: readonly NewDevice[]): Promise<Device[]> {
  try {
    return await em.fork().transactional(async (tx) => {
      const devices = inputs.map((input) => tx.create(Device, deviceRow(input)));
      await tx.flush();
      return devices;
    });
  } catch (error) {
    if (violatedConstraint(error) === 'device_serial_number_key') throw new CartableError(ErrorCode.Conflict, duplicateSerialMessage);
    throw error;
  }
}

/** A device by id; NOT_FOUND otherwise. Inside a transaction, `lock` holds its row until the end of it. */
export async function findDevice(em: EntityManager, deviceId: string, lock = false): Promise<Device> {
  const device = await em.findOne(Device, { id: deviceId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!device) throw new NotFoundError('Tablette introuvable.');
  return device;
}

/** The bodies in which a person sits as an official (archived bodies excluded). */
async function officialSeats(em: EntityManager, personId: string) {
  return em.find(
    Membership,
    { person: personId, roles: { $contains: ['OFFICIAL'] }, body: { status: { $ne: 'ARCHIVED' } } },
    { populate: ['body'], orderBy: { body: { name: 'asc' } } },
  );
}

const conventionKey = (allocationId: string) => `platform/loan-conventions/${allocationId}.pdf`;

/**
 * Lends an in-stock device to an official and writes their loan convention. The database enforces one
 * active device per person across all bodies (a partial unique index): when two allocations race, one
 * insert wins and the other is refused here with a typed error.
 */
export async function allocateDevice(
  context: Pick<GraphqlContext, 'platformEm' | 'viewer'>,
  storage: StoragePort,
  deviceId: string,
  personId: string,
  /** When the hand-over happened, for history loaded afterwards (the demo); the database's clock otherwise. */
  at?: Date,
): Promise<DeviceAllocation> {
  const person = await context.platformEm.findOne(Person, { id: personId });
  if (!person) throw new NotFoundError('Personne introuvable.');
  const seats = await officialSeats(context.platformEm, person.id);
  if (seats.length === 0) {
    throw new BadUserInputError('Seul un élu siégeant dans un organisme du groupement peut recevoir une tablette.', { field: 'personId' });
  }
  const allocationId = uuidv7();
  try {
    await context.platformEm.fork().transactional(async (tx) => {
      const device = await findDevice(tx, deviceId, true);
      if (device.state !== 'IN_STOCK') {
        throw new CartableError(ErrorCode.Conflict, `Cette tablette n’est pas disponible (${stateLabels[device.state]}).`);
      }
      // The database's clock, like the acceptance's; raw rows carry timestamps as text.
      const now = at ?? new Date((await tx.execute<[{ now: string }]>('select now() as now'))[0].now);
      const contract = await contractInForce(tx, now);
      const pdf = await createLoanConvention({
        lender: contract ? (await tx.findOneOrFail(Body, { id: contract.holderBody.id })).name : 'Le coordonnateur du groupement',
        official: { displayName: person.displayName, email: person.email },
        bodies: seats.map((seat) => seat.body.name),
        device: { model: device.model, serialNumber: device.serialNumber },
        allocatedAt: now,
        allocationId,
      });
      await tx.execute(
        `insert into device_allocation (id, device_id, person_id, allocated_by, allocated_at, convention_key, convention_sha256)
         values (?, ?, ?, ?, ?, ?, ?)`,
        [
          allocationId,
          device.id,
          person.id,
          context.viewer.personId,
          now,
          conventionKey(allocationId),
          createHash('sha256').update(pdf).digest('hex'),
        ],
      );
      device.state = 'ALLOCATED';
      await tx.flush();
      await storage.write(conventionKey(allocationId), Buffer.from(pdf), 'application/pdf');
    });
  } catch (error) {
    const constraint = violatedConstraint(error);
    if (constraint === 'device_allocation_one_active_per_person') throw new CartableError(ErrorCode.Conflict, oneDevicePerPersonMessage);
    if (constraint === 'device_allocation_one_active_per_device') {
      throw new CartableError(ErrorCode.Conflict, 'Cette tablette vient d’être attribuée à quelqu’un d’autre.');
    }
    throw error;
  }
  return context.platformEm.findOneOrFail(DeviceAllocation, { id: allocationId }, { populate: ['device', 'person'], refresh: true });
}

/** What ends a loan, and the state the device goes to. */
const endings = {
  RETURNED: { from: ['ALLOCATED'], to: 'IN_STOCK' },
  LOST: { from: ['ALLOCATED', 'IN_STOCK'], to: 'LOST' },
  REPAIR: { from: ['ALLOCATED', 'IN_STOCK'], to: 'IN_REPAIR' },
} as const satisfies Record<AllocationEndReason, { from: readonly DeviceState[]; to: DeviceState }>;

/**
 * Records a return, a loss or a departure for repair, in one transaction: the device changes state and
 * its active loan, if any, ends with that reason and the note; a device lent to nobody keeps the note.
 */
export async function recordDeviceEvent(
  em: EntityManager,
  deviceId: string,
  reason: AllocationEndReason,
  note: string | null,
): Promise<Device> {
  return em.fork().transactional(async (tx) => {
    const device = await findDevice(tx, deviceId, true);
    const ending = endings[reason];
    if (!(ending.from as readonly DeviceState[]).includes(device.state)) {
      throw new CartableError(ErrorCode.Conflict, `Impossible pour une tablette ${stateLabels[device.state]}.`);
    }
    const ended = await tx.nativeUpdate(
      DeviceAllocation,
      { device: device.id, endedAt: null },
      { endedAt: raw('now()'), endReason: reason, endNote: note },
    );
    device.state = ending.to;
    if (ended === 0 && note) device.notes = note;
    await tx.flush();
    return device;
  });
}

/** A repaired device goes back to stock. */
export async function recordDeviceRepaired(em: EntityManager, deviceId: string): Promise<Device> {
  const device = await findDevice(em, deviceId);
  const updated = await em.nativeUpdate(Device, { id: device.id, state: 'IN_REPAIR' }, { state: 'IN_STOCK', updatedAt: new Date() });
  if (updated === 0) throw new CartableError(ErrorCode.Conflict, `Impossible pour une tablette ${stateLabels[device.state]}.`);
  return em.findOneOrFail(Device, { id: device.id }, { refresh: true });
}

export async function activeLoanOf(em: EntityManager, personId: string): Promise<DeviceAllocation | null> {
  return em.findOne(DeviceAllocation, { person: personId, endedAt: null }, { populate: ['device', 'person'] });
}

/**
 * The official accepts the loan convention of their active loan. They name the SHA-256 of the document
 * they read, so that what is accepted is exactly what was generated; the time comes from the database.
 */
export async function acceptLoanConvention(
  context: Pick<GraphqlContext, 'platformEm' | 'viewer'>,
  allocationId: string,
  sha256: string,
): Promise<DeviceAllocation> {
  const loan = await context.platformEm.findOne(DeviceAllocation, {
    id: allocationId,
    person: context.viewer.requirePersonId(),
    endedAt: null,
  });
  if (!loan) throw new NotFoundError('Mise à disposition introuvable.');
  if (loan.acceptedAt) throw new CartableError(ErrorCode.Conflict, 'Cette convention a déjà été acceptée.');
  if (sha256.toLowerCase() !== loan.conventionSha256) {
    throw new BadUserInputError('Cette convention n’est pas celle qui vous a été remise : rechargez-la avant de l’accepter.', {
      field: 'conventionSha256',
    });
  }
  await context.platformEm.execute('update device_allocation set accepted_at = now() where id = ? and accepted_at is null', [loan.id]);
  return context.platformEm.findOneOrFail(DeviceAllocation, { id: loan.id }, { populate: ['device', 'person'], refresh: true });
}

export interface NewTicket {
  subject: string;
  description: string;
}

/** A support ticket on a device: by the coordinator, or by the official who holds it (NOT_FOUND otherwise). */
export async function openSupportTicket(
  context: Pick<GraphqlContext, 'platformEm' | 'viewer'>,
  deviceId: string,
  input: NewTicket,
): Promise<SupportTicket> {
  const device = await findDevice(context.platformEm, deviceId);
  if (!context.viewer.isCoordinator) {
    const holds = await context.platformEm.count(DeviceAllocation, {
      device: device.id,
      person: context.viewer.requirePersonId(),
      endedAt: null,
    });
    if (holds === 0) throw new NotFoundError('Tablette introuvable.');
  }
  const ticket = context.platformEm.create(SupportTicket, {
    id: uuidv7(),
    device,
    openedBy: context.viewer.requirePersonId(),
    subject: input.subject.trim(),
    description: input.description.trim(),
    status: 'OPEN',
    resolution: null,
    openedAt: new Date(),
    resolvedAt: null,
  });
  await context.platformEm.flush();
  return ticket;
}

export async function resolveSupportTicket(em: EntityManager, ticketId: string, resolution: string): Promise<SupportTicket> {
  const ticket = await em.findOne(SupportTicket, { id: ticketId }, { populate: ['device', 'openedBy'] });
  if (!ticket) throw new NotFoundError('Demande introuvable.');
  if (ticket.status === 'RESOLVED') throw new CartableError(ErrorCode.Conflict, 'Cette demande est déjà résolue.');
  ticket.status = 'RESOLVED';
  ticket.resolution = resolution.trim();
  ticket.resolvedAt = new Date();
  await em.flush();
  return ticket;
}

/** Officials (in bodies that are not archived) who hold no device, under each body they sit in. */
export async function officialsWithoutDevice(em: EntityManager) {
  const rows = await em.execute<{ body_id: string; person_id: string }[]>(
    `select m.body_id, m.person_id
       from membership m
       join body b on b.id = m.body_id
       join person p on p.id = m.person_id
      where 'OFFICIAL' = any (m.roles) and b.status <> 'ARCHIVED'
        and not exists (select 1 from device_allocation a where a.person_id = m.person_id and a.ended_at is null)
      order by b.name, p.display_name`,
  );
  const bodies = await em.find(Body, { id: { $in: [...new Set(rows.map((row) => row.body_id))] } });
  const people = await em.find(Person, { id: { $in: [...new Set(rows.map((row) => row.person_id))] } });
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  const bodyById = byId(bodies);
  const personById = byId(people);
  const groups = new Map<string, { body: Body; officials: Person[] }>();
  for (const row of rows) {
    const group = groups.get(row.body_id) ?? { body: bodyById.get(row.body_id)!, officials: [] };
    group.officials.push(personById.get(row.person_id)!);
    groups.set(row.body_id, group);
  }
  return [...groups.values()];
}

export async function deviceCountsByState(em: EntityManager): Promise<{ state: DeviceState; count: number }[]> {
  const rows = await em.execute<{ state: DeviceState; count: string }[]>('select state, count(*) as count from device group by state');
  const counts = new Map(rows.map((row) => [row.state, Number(row.count)]));
  return (['IN_STOCK', 'ALLOCATED', 'IN_REPAIR', 'LOST'] as const).map((state) => ({ state, count: counts.get(state) ?? 0 }));
}

import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Person } from '../people/person.entity.js';

/** IN_STOCK → ALLOCATED → (returned) IN_STOCK; ALLOCATED or IN_STOCK → IN_REPAIR → IN_STOCK; → LOST. */
export const deviceStates = ['IN_STOCK', 'ALLOCATED', 'IN_REPAIR', 'LOST'] as const;
export type DeviceState = (typeof deviceStates)[number];

export const allocationEndReasons = ['RETURNED', 'LOST', 'REPAIR'] as const;
export type AllocationEndReason = (typeof allocationEndReasons)[number];

export const ticketStatuses = ['OPEN', 'RESOLVED'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** A tablet of the groupement's inventory. */
const DeviceSchema = defineEntity({
  name: 'Device',
  schema: 'platform',
  tableName: 'device',
  properties: {
    id: p.uuid().primary(),
    serialNumber: p.string(),
    model: p.string(),
    state: p.enum(deviceStates),
    purchasedOn: p.date().nullable(),
    notes: p.text().nullable(),
    ...timestampProperties,
  },
});
export class Device extends DeviceSchema.class {}
DeviceSchema.setClass(Device);

/** A loan of a device to a person; active while `endedAt` is null (at most one per person, per device). */
const DeviceAllocationSchema = defineEntity({
  name: 'DeviceAllocation',
  schema: 'platform',
  tableName: 'device_allocation',
  properties: {
    id: p.uuid().primary(),
    device: () => p.manyToOne(Device),
    person: () => p.manyToOne(Person),
    allocatedBy: p.uuid(),
    allocatedAt: p.datetime(),
    conventionKey: p.string(),
    conventionSha256: p.string(),
    acceptedAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
    endReason: p.enum(allocationEndReasons).nullable(),
    endNote: p.text().nullable(),
  },
});
export class DeviceAllocation extends DeviceAllocationSchema.class {}
DeviceAllocationSchema.setClass(DeviceAllocation);

/** A support request about a device. */
const SupportTicketSchema = defineEntity({
  name: 'SupportTicket',
  schema: 'platform',
  tableName: 'support_ticket',
  properties: {
    id: p.uuid().primary(),
    device: () => p.manyToOne(Device),
    openedBy: () => p.manyToOne(Person),
    subject: p.string(),
    description: p.text(),
    status: p.enum(ticketStatuses),
    resolution: p.text().nullable(),
    openedAt: p.datetime(),
    resolvedAt: p.datetime().nullable(),
  },
});
export class SupportTicket extends SupportTicketSchema.class {}
SupportTicketSchema.setClass(SupportTicket);

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Viewer } from '../auth/viewer.js';
import { CostStatement, IssuedInvoice } from '../billing/billing.entity.js';
import { sharingRules } from '../billing/cost-sharing.js';
import { issueMonthInvoices, type InvoicingDeps } from '../billing/invoicing.js';
import { closeMonth, parseMonth } from '../billing/statements.js';
import { zonedDate, zonedDateTime } from '../common/time.js';
import { groupementTimeZone } from '../platform/groupement/contract.service.js';
import type { StoragePort } from '../storage/storage.port.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Device, DeviceAllocation } from '../platform/devices/device.entity.js';
import { allocateDevice, insertDevices, openSupportTicket, recordDeviceEvent } from '../platform/devices/device.service.js';
import { GroupementContract } from '../platform/groupement/contract.entity.js';
import { saveContract } from '../platform/groupement/contract.service.js';
import { emailIs, Person } from '../platform/people/person.entity.js';
import { demoDirectory } from './load-demo.js';

const demoGroupementSchema = z.object({
  contract: z.object({
    reference: z.string(),
    holder: z.string(),
    supplier: z.string(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    seatPriceCents: z.number().int(),
    devicePriceCents: z.number().int(),
    setupPriceCents: z.number().int(),
    sharingRule: z.enum(sharingRules),
    supplierSiret: z.string(),
    supplierVatNumber: z.string(),
    supplierAddress: z.string(),
  }),
  bodies: z.record(
    z.string(),
    z.object({
      siret: z.string(),
      chorusServiceCode: z.string().optional(),
      engagementRequired: z.boolean().optional(),
      engagementNumber: z.string().optional(),
    }),
  ),
  devices: z.array(
    z.object({
      serialNumber: z.string(),
      model: z.string(),
      purchasedOn: z.iso.date(),
      holder: z.email().optional(),
      /** The hand-over happened on this day of last month (the demo's invoiced month). */
      handedOverDayOfLastMonth: z.number().int().min(1).max(28).optional(),
      repair: z.object({ subject: z.string(), description: z.string() }).optional(),
    }),
  ),
});

/**
 * The demo groupement's contract and tablets (`tenants/demo/groupement.json`), after `loadDemoData`:
 * claire.martin and two others hold a tablet (with its loan convention; claire.martin's since the 6th of
 * last month), one is in repair with a ticket. The bodies and seats date from the month before last
 * (left open); last month is closed and invoiced (Factur-X), the four bodies having their SIRET. Idempotent.
 */
export async function loadDemoGroupement(
  em: EntityManager,
  storage: StoragePort,
  invoicing: InvoicingDeps,
): Promise<{ devices: number; loans: number; invoices: number }> {
  const demo = demoGroupementSchema.parse(JSON.parse(await readFile(path.join(demoDirectory, 'groupement.json'), 'utf8')));
  const coordinator = await em.findOneOrFail(Person, { platformRoles: { $contains: ['COORDINATOR'] } });
  if (!(await em.findOne(GroupementContract, { reference: demo.contract.reference }))) {
    const { holder, ...terms } = demo.contract;
    const holderBody = await em.findOneOrFail(Body, { slug: holder });
    await saveContract(em, { ...terms, holderBodyId: holderBody.id, weights: [] });
  }
  for (const [slug, settings] of Object.entries(demo.bodies)) {
    await em.nativeUpdate(Body, { slug, siret: null }, { ...settings });
  }
  const thisMonth = parseMonth(zonedDate(new Date(), groupementTimeZone).slice(0, 7));
  const previous = parseMonth(zonedDate(new Date(thisMonth.start.getTime() - 1), groupementTimeZone).slice(0, 7));
  // The demo's history: its bodies and seats were there from the month before last (left open, for the
  // coordinator to close and invoice).
  const beforePrevious = parseMonth(zonedDate(new Date(previous.start.getTime() - 1), groupementTimeZone).slice(0, 7));
  await em.execute('update body set created_at = least(created_at, ?)', [beforePrevious.start]);
  await em.execute('update membership set created_at = least(created_at, ?)', [beforePrevious.start]);
  const known = new Set((await em.find(Device, {}, { fields: ['serialNumber'] })).map((device) => device.serialNumber));
  await insertDevices(
    em,
    demo.devices.filter((device) => !known.has(device.serialNumber)),
  );
  const context = { platformEm: em, viewer: new Viewer(coordinator.id, coordinator.platformRoles, new Map()) };
  for (const entry of demo.devices) {
    const device = await em.findOneOrFail(Device, { serialNumber: entry.serialNumber }, { refresh: true });
    if (device.state !== 'IN_STOCK') continue;
    if (entry.holder) {
      const holder = await em.findOneOrFail(Person, emailIs(entry.holder));
      const at = entry.handedOverDayOfLastMonth
        ? zonedDateTime(`${previous.month}-${String(entry.handedOverDayOfLastMonth).padStart(2, '0')}`, '10:00', groupementTimeZone)
        : undefined;
      if ((await em.count(DeviceAllocation, { person: holder.id, endedAt: null })) === 0)
        await allocateDevice(context, storage, device.id, holder.id, at);
    }
    if (entry.repair) {
      await openSupportTicket(context, device.id, entry.repair);
      await recordDeviceEvent(em, device.id, 'REPAIR', entry.repair.description);
    }
  }
  if ((await em.count(CostStatement, { month: previous.firstDay })) === 0) await closeMonth(em, previous, coordinator.id);
  if ((await em.count(IssuedInvoice, { month: previous.firstDay })) === 0)
    await issueMonthInvoices(em, invoicing, previous, coordinator.id, null);
  return {
    devices: await em.count(Device, {}),
    loans: await em.count(DeviceAllocation, { endedAt: null }),
    invoices: await em.count(IssuedInvoice, { month: previous.firstDay }),
  };
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Viewer } from '../auth/viewer.js';
import { sharingRules } from '../billing/cost-sharing.js';
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
  }),
  devices: z.array(
    z.object({
      serialNumber: z.string(),
      model: z.string(),
      purchasedOn: z.iso.date(),
      holder: z.email().optional(),
      repair: z.object({ subject: z.string(), description: z.string() }).optional(),
    }),
  ),
});

/**
 * The demo groupement's contract and tablets (`tenants/demo/groupement.json`), after `loadDemoData`:
 * claire.martin and two others hold a tablet (with its loan convention), one is in repair with a ticket.
 * Idempotent. Billing stays off without a Stripe key: the statements are computed, nothing is invoiced.
 */
export async function loadDemoGroupement(em: EntityManager, storage: StoragePort): Promise<{ devices: number; loans: number }> {
  const demo = demoGroupementSchema.parse(JSON.parse(await readFile(path.join(demoDirectory, 'groupement.json'), 'utf8')));
  const coordinator = await em.findOneOrFail(Person, { platformRoles: { $contains: ['COORDINATOR'] } });
  if (!(await em.findOne(GroupementContract, { reference: demo.contract.reference }))) {
    const { holder, ...terms } = demo.contract;
    const holderBody = await em.findOneOrFail(Body, { slug: holder });
    // Billing syncs are queued at start-up for whatever is behind (see BillingServices.syncPending).
    await saveContract(em, { requestSync: async () => undefined }, { ...terms, holderBodyId: holderBody.id, weights: [] });
  }
  const known = new Set((await em.find(Device, {}, { fields: ['serialNumber'] })).map((device) => device.serialNumber));
  await insertDevices(em, demo.devices.filter((device) => !known.has(device.serialNumber)));
  const context = { platformEm: em, viewer: new Viewer(coordinator.id, coordinator.platformRoles, new Map()) };
  for (const entry of demo.devices) {
    const device = await em.findOneOrFail(Device, { serialNumber: entry.serialNumber }, { refresh: true });
    if (device.state !== 'IN_STOCK') continue;
    if (entry.holder) {
      const holder = await em.findOneOrFail(Person, emailIs(entry.holder));
      if ((await em.count(DeviceAllocation, { person: holder.id, endedAt: null })) === 0) await allocateDevice(context, storage, device.id, holder.id);
    }
    if (entry.repair) {
      await openSupportTicket(context, device.id, entry.repair);
      await recordDeviceEvent(em, device.id, 'REPAIR', entry.repair.description);
    }
  }
  return { devices: await em.count(Device, {}), loans: await em.count(DeviceAllocation, { endedAt: null }) };
}

import { Body } from '../../src/platform/bodies/body.entity.js';
import { emailIs, Person } from '../../src/platform/people/person.entity.js';
import type { TestHarness } from './harness.js';

/** The demo person of a username (`claire.martin` → claire.martin@demo.cartable.fr). */
export async function personId(harness: TestHarness, username: string): Promise<string> {
  return (await harness.runtime.orm.em.fork().findOneOrFail(Person, emailIs(`${username}@demo.cartable.fr`))).id;
}

export async function bodyIdOf(harness: TestHarness, slug: string): Promise<string> {
  return (await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug })).id;
}

/** GraphQL as `username`; fails the test on any error. */
export async function graphqlAs<Data>(
  harness: TestHarness,
  username: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Data> {
  const result = await harness.graphql<Data>(query, variables, await harness.token(username));
  if (result.errors) throw new Error(`${username}: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

export const contractMutation = `mutation ($input: ContractInput!) { createContract(input: $input) { id reference sharingRule weights { bodyId weight } } }`;

/** The demo contract's terms: 15 € a seat, 20 € a tablet per month, 49.99 € a set-up; held by the Région. */
export async function contractInput(harness: TestHarness, overrides: Record<string, unknown> = {}) {
  return {
    reference: 'GC-2026-NUM-01',
    holderBodyId: await bodyIdOf(harness, 'region-bfc'),
    supplier: 'Tablettes & Services SAS',
    startsOn: '2026-01-01',
    endsOn: '2029-12-31',
    seatPriceCents: 1500,
    devicePriceCents: 2000,
    setupPriceCents: 4999,
    sharingRule: 'EQUAL',
    // Whole months and staff seats, as these tests were written; invoicing.int.test.ts covers the defaults.
    prorateByDay: false,
    billStaffSeats: true,
    ...overrides,
  };
}

export const allocateMutation =
  'mutation ($deviceId: UUID!, $personId: UUID!) { allocateDevice(deviceId: $deviceId, personId: $personId) { id conventionSha256 acceptedAt device { id state } person { id } } }';

export async function addDevice(harness: TestHarness, serialNumber: string, model = 'Samsung Galaxy Tab S9'): Promise<string> {
  const data = await graphqlAs<{ addDevice: { id: string } }>(
    harness,
    'coordination',
    'mutation ($input: DeviceInput!) { addDevice(input: $input) { id } }',
    { input: { serialNumber, model } },
  );
  return data.addDevice.id;
}

/** A contract, a tablet lent to claire.martin and a ticket on it, made by the coordinator through the API. */
export async function seedGroupement(harness: TestHarness) {
  const contract = await graphqlAs<{ createContract: { id: string } }>(harness, 'coordination', contractMutation, {
    input: await contractInput(harness),
  });
  const claireDeviceId = await addDevice(harness, 'R52W70CLAIRE');
  const loan = await graphqlAs<{ allocateDevice: { id: string } }>(harness, 'coordination', allocateMutation, {
    deviceId: claireDeviceId,
    personId: await personId(harness, 'claire.martin'),
  });
  const ticket = await graphqlAs<{ openSupportTicket: { id: string } }>(
    harness,
    'coordination',
    'mutation ($id: UUID!) { openSupportTicket(deviceId: $id, input: { subject: "Écran fissuré" }) { id } }',
    { id: claireDeviceId },
  );
  return {
    contractId: contract.createContract.id,
    claireDeviceId,
    claireLoanId: loan.allocateDevice.id,
    ticketId: ticket.openSupportTicket.id,
    paulPersonId: await personId(harness, 'paul.bernard'),
  };
}

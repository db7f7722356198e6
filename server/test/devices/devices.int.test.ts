import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceAllocation } from '../../src/platform/devices/device.entity.js';
import { addDevice, allocateMutation, contractInput, contractMutation, graphqlAs, personId } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
  await graphqlAs(harness, 'coordination', contractMutation, { input: await contractInput(harness) });
});
afterAll(() => harness?.close());

const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] | undefined }) =>
  result.errors?.map((error) => error.extensions?.code);
const importMutation =
  'mutation ($csv: String!) { importDevices(csv: $csv) { imported { serialNumber model purchasedOn state } errors { line serialNumber message } } }';
const allocate = async (deviceId: string, person: string) =>
  harness.graphql<{ allocateDevice: { id: string; conventionSha256: string } }>(
    allocateMutation,
    { deviceId, personId: person },
    await harness.token('coordination'),
  );

describe('inventory', () => {
  it('refuses a serial number already inventoried, whatever its case', async () => {
    await addDevice(harness, 'SN-DUP-001');
    const again = await harness.graphql(
      'mutation { addDevice(input: { serialNumber: "sn-dup-001", model: "iPad" }) { id } }',
      {},
      await harness.token('coordination'),
    );
    expect(again.errors?.[0]).toMatchObject({ message: 'Ce numéro de série est déjà inventorié.', extensions: { code: 'CONFLICT' } });
  });

  it('imports nothing from a file with errors, reports each line, then imports the corrected file', async () => {
    const token = await harness.token('coordination');
    const wrong = await harness.graphql<{
      importDevices: { imported: unknown[]; errors: { line: number; serialNumber: string | null; message: string }[] };
    }>(
      importMutation,
      {
        csv: 'Numéro de série;Modèle;Date d’achat\nCSV-001;Galaxy Tab S9;14/03/2026\nSN-DUP-001;iPad;\nCSV-003;;\nCSV-004;iPad;2026-13-01\n',
      },
      token,
    );
    expect(wrong.data!.importDevices).toEqual({
      imported: [],
      errors: [
        { line: 3, serialNumber: 'SN-DUP-001', message: 'Ce numéro de série est déjà inventorié.' },
        { line: 4, serialNumber: 'CSV-003', message: 'Le modèle est obligatoire (200 caractères au plus).' },
        { line: 5, serialNumber: 'CSV-004', message: 'Date d’achat invalide : « 2026-13-01 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).' },
      ],
    });
    const devices = await harness.graphql<{ devices: { serialNumber: string }[] }>('{ devices { serialNumber } }', {}, token);
    expect(devices.data!.devices.map((device) => device.serialNumber)).not.toContain('CSV-001');

    const fixed = await harness.graphql<{ importDevices: { imported: unknown[]; errors: unknown[] } }>(
      importMutation,
      { csv: 'Numéro de série;Modèle;Date d’achat\nCSV-001;Galaxy Tab S9;14/03/2026\nCSV-003;iPad 10;\nCSV-004;iPad 10;2026-12-01\n' },
      token,
    );
    expect(fixed.data!.importDevices).toEqual({
      errors: [],
      imported: [
        { serialNumber: 'CSV-001', model: 'Galaxy Tab S9', purchasedOn: '2026-03-14', state: 'IN_STOCK' },
        { serialNumber: 'CSV-003', model: 'iPad 10', purchasedOn: null, state: 'IN_STOCK' },
        { serialNumber: 'CSV-004', model: 'iPad 10', purchasedOn: '2026-12-01', state: 'IN_STOCK' },
      ],
    });
  });
});

describe('one active device per person, across all bodies', () => {
  it('lends a tablet to claire.martin and refuses her a second one, in French', async () => {
    const claire = await personId(harness, 'claire.martin');
    const first = await allocate(await addDevice(harness, 'ONE-001'), claire);
    expect(first.errors).toBeUndefined();
    const second = await allocate(await addDevice(harness, 'ONE-002'), claire);
    expect(second.errors?.[0]).toMatchObject({
      message: 'Cet élu dispose déjà d’une tablette : un seul équipement par élu, tous organismes confondus.',
      extensions: { code: 'CONFLICT' },
    });
  });

  it('lets exactly one of two racing allocations win; the other gets the typed error, not a 500', async () => {
    const paul = await personId(harness, 'paul.bernard');
    const devices = [await addDevice(harness, 'RACE-001'), await addDevice(harness, 'RACE-002')];
    const results = await Promise.all(devices.map((device) => allocate(device, paul)));
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    const won = results.filter((result) => !result.errors);
    const lost = results.filter((result) => result.errors);
    expect(won).toHaveLength(1);
    expect(lost.map(codeOf)).toEqual([['CONFLICT']]);
    expect(await harness.runtime.orm.em.fork().count(DeviceAllocation, { person: paul, endedAt: null })).toBe(1);
    // The loser's device stays in stock.
    const states = await harness.graphql<{ devices: { serialNumber: string; state: string }[] }>(
      '{ devices { serialNumber state } }',
      {},
      await harness.token('coordination'),
    );
    expect(
      states
        .data!.devices.filter((device) => device.serialNumber.startsWith('RACE'))
        .map((device) => device.state)
        .sort(),
    ).toEqual(['ALLOCATED', 'IN_STOCK']);
  });

  it('is the database that refuses a second active loan, whatever the code path', async () => {
    const em = harness.runtime.orm.em.fork();
    const claire = await personId(harness, 'claire.martin');
    const device = await addDevice(harness, 'RAW-001');
    const insert = em.execute(
      `insert into device_allocation (id, device_id, person_id, allocated_by, convention_key, convention_sha256)
       values (gen_random_uuid(), ?, ?, ?, 'x', repeat('0', 64))`,
      [device, claire, claire],
    );
    await expect(insert).rejects.toMatchObject({ code: '23505', constraint: 'device_allocation_one_active_per_person' });
  });

  it('refuses a tablet to someone who is not an official of the groupement', async () => {
    const secretariat = await personId(harness, 'secretariat.ville');
    const result = await allocate(await addDevice(harness, 'STAFF-001'), secretariat);
    expect(codeOf(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('loan convention', () => {
  it('gives the official their convention (PDF), which they accept by its hash, timestamped once', async () => {
    const claire = await harness.token('claire.martin');
    const mine = await harness.graphql<{
      myDevice: {
        id: string;
        conventionSha256: string;
        conventionUrl: string;
        acceptedAt: string | null;
        device: { serialNumber: string };
      };
    }>('{ myDevice { id conventionSha256 conventionUrl acceptedAt device { serialNumber } } }', {}, claire);
    const loan = mine.data!.myDevice;
    expect(loan).toMatchObject({ acceptedAt: null, device: { serialNumber: 'ONE-001' } });
    const pdf = await harness.http
      .get(new URL(loan.conventionUrl).pathname + new URL(loan.conventionUrl).search)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(loan.conventionSha256);

    const accept = 'mutation ($id: UUID!, $sha: String!) { acceptLoanConvention(loanId: $id, conventionSha256: $sha) { acceptedAt } }';
    const wrongHash = await harness.graphql(accept, { id: loan.id, sha: '0'.repeat(64) }, claire);
    expect(codeOf(wrongHash)).toEqual(['BAD_USER_INPUT']);
    const before = Date.now();
    const accepted = await harness.graphql<{ acceptLoanConvention: { acceptedAt: string } }>(
      accept,
      { id: loan.id, sha: loan.conventionSha256 },
      claire,
    );
    expect(accepted.errors).toBeUndefined();
    expect(Math.abs(Date.parse(accepted.data!.acceptLoanConvention.acceptedAt) - before)).toBeLessThan(60_000);
    const twice = await harness.graphql(accept, { id: loan.id, sha: loan.conventionSha256 }, claire);
    expect(codeOf(twice)).toEqual(['CONFLICT']);
  });

  it('keeps another official away from a loan and its convention', async () => {
    const claireLoan = await harness.runtime.orm.em
      .fork()
      .findOneOrFail(DeviceAllocation, { person: await personId(harness, 'claire.martin'), endedAt: null });
    const paul = await harness.token('paul.bernard');
    const accept = await harness.graphql(
      'mutation ($id: UUID!) { acceptLoanConvention(loanId: $id, conventionSha256: "x") { id } }',
      { id: claireLoan.id },
      paul,
    );
    expect(codeOf(accept)).toEqual(['NOT_FOUND']);
    const mine = await harness.graphql<{ myDevice: { device: { serialNumber: string } } }>(
      '{ myDevice { device { serialNumber } } }',
      {},
      paul,
    );
    expect(mine.data!.myDevice.device.serialNumber).toMatch(/^RACE-/);
    const history = await harness.graphql('{ myDevice { device { loans { id } } } }', {}, paul);
    expect(codeOf(history)).toEqual(['FORBIDDEN']);
  });
});

describe('return, loss, repair and support', () => {
  it('records a return (back in stock, the official may get another), a repair and a loss', async () => {
    const token = await harness.token('coordination');
    const claire = await personId(harness, 'claire.martin');
    const { id: deviceId } = (
      await harness.graphql<{ myDevice: { device: { id: string } } }>(
        '{ myDevice { device { id } } }',
        {},
        await harness.token('claire.martin'),
      )
    ).data!.myDevice.device;
    const event =
      'mutation ($id: UUID!, $event: AllocationEndReason!) { recordDeviceEvent(deviceId: $id, event: $event, note: "Fin de mandat") { state } }';
    expect((await harness.graphql(event, { id: deviceId, event: 'RETURNED' }, token)).data).toEqual({
      recordDeviceEvent: { state: 'IN_STOCK' },
    });
    expect(codeOf(await harness.graphql(event, { id: deviceId, event: 'RETURNED' }, token))).toEqual(['CONFLICT']);
    expect((await harness.graphql(event, { id: deviceId, event: 'REPAIR' }, token)).data).toEqual({
      recordDeviceEvent: { state: 'IN_REPAIR' },
    });
    expect(codeOf(await allocate(deviceId, claire))).toEqual(['CONFLICT']);
    const repaired = await harness.graphql(
      'mutation ($id: UUID!) { recordDeviceRepaired(deviceId: $id) { state } }',
      { id: deviceId },
      token,
    );
    expect(repaired.data).toEqual({ recordDeviceRepaired: { state: 'IN_STOCK' } });
    const again = await allocate(deviceId, claire);
    expect(again.errors).toBeUndefined();
    expect((await harness.graphql(event, { id: deviceId, event: 'LOST' }, token)).data).toEqual({ recordDeviceEvent: { state: 'LOST' } });

    const loans = await harness.graphql<{ device: { currentLoan: null; loans: { endReason: string }[] } }>(
      'query ($id: UUID!) { device(id: $id) { currentLoan { id } loans { endReason } } }',
      { id: deviceId },
      token,
    );
    expect(loans.data!.device).toEqual({ currentLoan: null, loans: [{ endReason: 'LOST' }, { endReason: 'RETURNED' }] });
  });

  it('takes support tickets from the coordinator and from the official holding the tablet', async () => {
    const paul = await harness.token('paul.bernard');
    const { id: deviceId } = (await harness.graphql<{ myDevice: { device: { id: string } } }>('{ myDevice { device { id } } }', {}, paul))
      .data!.myDevice.device;
    const open =
      'mutation ($id: UUID!) { openSupportTicket(deviceId: $id, input: { subject: "L’écran ne s’allume plus", description: "Depuis hier soir." }) { id status openedBy { displayName } } }';
    const byPaul = await harness.graphql<{ openSupportTicket: { id: string; status: string; openedBy: { displayName: string } } }>(
      open,
      { id: deviceId },
      paul,
    );
    expect(byPaul.data!.openSupportTicket).toMatchObject({ status: 'OPEN', openedBy: { displayName: 'Paul Bernard' } });
    const claireTry = await harness.graphql(open, { id: deviceId }, await harness.token('claire.martin'));
    expect(codeOf(claireTry)).toEqual(['NOT_FOUND']);
    const ticketId = byPaul.data!.openSupportTicket.id;

    // Each official lists the tickets they opened, and no one else's.
    const mine = '{ mySupportTickets(status: OPEN) { id subject status device { serialNumber } } }';
    const paulOpen = await harness.graphql<{ mySupportTickets: { id: string; subject: string; device: { serialNumber: string } }[] }>(
      mine,
      {},
      paul,
    );
    expect(paulOpen.data!.mySupportTickets).toEqual([
      { id: ticketId, subject: 'L’écran ne s’allume plus', status: 'OPEN', device: { serialNumber: expect.stringMatching(/^RACE-/) } },
    ]);
    for (const username of ['claire.martin', 'secretariat.ville']) {
      expect((await harness.graphql(mine, {}, await harness.token(username))).data, username).toEqual({ mySupportTickets: [] });
    }

    const token = await harness.token('coordination');
    const resolved = await harness.graphql(
      'mutation ($id: UUID!) { resolveSupportTicket(ticketId: $id, resolution: "Tablette échangée.") { status resolution } }',
      { id: ticketId },
      token,
    );
    expect(resolved.data).toEqual({ resolveSupportTicket: { status: 'RESOLVED', resolution: 'Tablette échangée.' } });
    expect((await harness.graphql(mine, {}, paul)).data).toEqual({ mySupportTickets: [] });
    expect((await harness.graphql('{ mySupportTickets { id status resolution } }', {}, paul)).data).toEqual({
      mySupportTickets: [{ id: ticketId, status: 'RESOLVED', resolution: 'Tablette échangée.' }],
    });
    const open2 = await harness.graphql<{ supportTickets: unknown[] }>('{ supportTickets(status: OPEN) { id } }', {}, token);
    expect(open2.data!.supportTickets).toEqual([]);
  });
});

describe('views and refusals', () => {
  it('lists officials without a tablet under each of their bodies, and tablets per state', async () => {
    const token = await harness.token('coordination');
    const views = await harness.graphql<{
      officialsWithoutDevice: { body: { slug: string }; officials: { displayName: string }[] }[];
      deviceCounts: { state: string; count: number }[];
    }>('{ officialsWithoutDevice { body { slug } officials { displayName } } deviceCounts { state count } }', {}, token);
    // claire.martin lost her tablet: she appears under each of her three bodies; paul.bernard holds one.
    const groups = views.data!.officialsWithoutDevice.map(
      (group) => [group.body.slug, group.officials.map((person) => person.displayName)] as const,
    );
    expect(groups.filter(([, names]) => names.includes('Claire Martin')).map(([slug]) => slug)).toEqual([
      'departement-doubs',
      'grand-besancon-metropole',
      'ville-besancon',
    ]);
    expect(groups.flatMap(([, names]) => names)).not.toContain('Paul Bernard');
    // Only officials: no secretariat, no coordinator.
    expect(
      groups.flatMap(([, names]) => names).filter((name) => name.startsWith('Secrétariat') || name.startsWith('Coordination')),
    ).toEqual([]);
    expect(groups.map(([slug]) => slug)).toEqual(['departement-doubs', 'grand-besancon-metropole', 'region-bfc', 'ville-besancon']);
    expect(views.data!.deviceCounts).toEqual([
      { state: 'IN_STOCK', count: 8 },
      { state: 'ALLOCATED', count: 1 },
      { state: 'IN_REPAIR', count: 0 },
      { state: 'LOST', count: 1 },
    ]);
  });

  it('keeps the inventory and its operations to the coordinator', async () => {
    for (const username of ['secretariat.ville', 'claire.martin']) {
      const token = await harness.token(username);
      for (const query of [
        '{ devices { id } }',
        '{ deviceCounts { count } }',
        '{ officialsWithoutDevice { officials { id } } }',
        '{ supportTickets { id } }',
        'mutation { importDevices(csv: "a;b") { errors { line } } }',
        'mutation { addDevice(input: { serialNumber: "X1", model: "Y" }) { id } }',
      ]) {
        expect(codeOf(await harness.graphql(query, {}, token)), `${username}: ${query}`).toEqual(['FORBIDDEN']);
      }
    }
  });
});

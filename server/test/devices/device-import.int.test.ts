import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBody, buildMembership, buildPerson, tokenFor } from '../helpers/factories.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demo: false });
});
afterAll(() => harness?.close());

const importDevices = async (token: string, csv: string) =>
  harness.graphql<{
    importDevices: { imported: { serialNumber: string }[]; errors: { line: number; serialNumber: string | null; message: string }[] };
  }>(
    'mutation ($csv: String!) { importDevices(csv: $csv) { imported { serialNumber } errors { line serialNumber message } } }',
    { csv },
    token,
  );

describe('importDevices: CSV the parser refuses', () => {
  it('names the line and the fault in French, and imports nothing', async () => {
    const token = await tokenFor(harness, await buildPerson(harness, { platformRoles: ['COORDINATOR'] }));
    const strayCharacter = await importDevices(token, 'Numéro de série;Modèle\nSN-0001;iPad\nSN-0002;"iPad"10\n');
    expect(strayCharacter.data!.importDevices).toEqual({
      imported: [],
      errors: [{ line: 3, serialNumber: null, message: 'Fichier CSV illisible : caractère inattendu après un guillemet fermant.' }],
    });
    const unclosed = await importDevices(token, 'Numéro de série;Modèle\r\n\r\nSN-0001;"iPad\r\nSN-0002;iPad\r\n');
    expect(unclosed.data!.importDevices.errors).toEqual([
      { line: 3, serialNumber: null, message: 'Fichier CSV illisible : guillemet ouvrant sans guillemet fermant.' },
    ]);
    expect((await importDevices(token, 'Numéro de série;Modèle\nSN-0001;iPad\n')).data!.importDevices.imported).toEqual([
      { serialNumber: 'SN-0001' },
    ]);
  });

  it('is the coordinator’s: a secretariat of a member body is refused', async () => {
    const secretariat = await buildPerson(harness);
    await buildMembership(harness, secretariat, await buildBody(harness), { roles: ['SECRETARIAT', 'BODY_ADMIN'] });
    const refused = await importDevices(await tokenFor(harness, secretariat), 'Numéro de série;Modèle\nSN-0009;iPad\n');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

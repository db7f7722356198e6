import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCircuits } from '../../src/demo/load-demo-circuits.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let bodyId: string;

beforeAll(async () => {
  harness = await startHarness();
  bodyId = (await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug: 'ville-besancon' })).id;
});
afterAll(() => harness?.close());

describe('the demo’s validation circuit', () => {
  it('puts a projet in « Projets » and in Claire Martin’s « À viser », waiting for her visa; once, and without subjecting the demo’s meetings to it', async () => {
    expect(await loadDemoCircuits(harness.runtime.orm.em.fork(), harness.runtime.environment)).toEqual({ circuits: 1, projets: 1 });
    expect(await loadDemoCircuits(harness.runtime.orm.em.fork(), harness.runtime.environment)).toEqual({ circuits: 0, projets: 0 });

    const projets = await harness.graphql<{ projets: { title: string; status: string }[] }>(
      'query ($bodyId: UUID!) { projets(bodyId: $bodyId) { title status } }',
      { bodyId },
      await harness.token('secretariat.ville'),
    );
    expect(projets.data!.projets).toEqual([{ title: 'Convention de mise à disposition du gymnase Résal', status: 'IN_VALIDATION' }]);
    const toVisa = 'query ($bodyId: UUID!) { projetsToVisa(bodyId: $bodyId) { title waitingForMe } }';
    const claire = await harness.graphql<{ projetsToVisa: unknown[] }>(toVisa, { bodyId }, await harness.token('claire.martin'));
    expect(claire.data!.projetsToVisa).toEqual([{ title: 'Convention de mise à disposition du gymnase Résal', waitingForMe: true }]);
    const paul = await harness.graphql<{ projetsToVisa: unknown[] }>(toVisa, { bodyId }, await harness.token('paul.bernard'));
    expect(paul.data!.projetsToVisa).toEqual([{ title: 'Convention de mise à disposition du gymnase Résal', waitingForMe: false }]);
    const settings = await harness.graphql<{ circuitSettings: { itemKinds: string[] } }>(
      'query ($bodyId: UUID!) { circuitSettings(bodyId: $bodyId) { itemKinds } }',
      { bodyId },
      await harness.token('secretariat.ville'),
    );
    expect(settings.data?.circuitSettings.itemKinds ?? settings.errors).toEqual([]);
  });
});

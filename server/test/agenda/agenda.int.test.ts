import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { numberAgenda } from '../../src/body/agenda/agenda-numbering.js';
import { addAgendaItem, agendaOf, moveAgendaItem, removeAgendaItem, updateAgendaItem } from '../../src/body/agenda/agenda.service.js';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { uuidv7 } from '../../src/common/ids.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import type { SystemContext } from '../../src/tenancy/body-context.js';
import { systemContextIn } from '../helpers/body-context.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let em: () => EntityManager;
let ctx: () => SystemContext;
let meetingId: string;

const outline = async () =>
  numberAgenda(await agendaOf(em(), meetingId)).map((item) => [
    item.number,
    item.title,
    ...(item.children.length ? [item.children.map((child) => `${child.number} ${child.title}`)] : []),
  ]);

beforeAll(async () => {
  harness = await startHarness();
  const ville = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug: 'ville-besancon' });
  em = () => harness.runtime.orm.em.fork({ schema: bodySchemaName(ville.id) });
  ctx = () => systemContextIn(harness, ville);
});
afterAll(() => harness?.close());

beforeEach(async () => {
  const tx = em();
  const assembly = await tx.findOneOrFail(Assembly, { kind: 'CONSEIL_MUNICIPAL' });
  const meeting = tx.create(Meeting, {
    id: uuidv7(),
    assembly,
    title: 'Séance de test',
    startsAt: new Date('2027-03-01T17:00:00Z'),
    place: null,
    status: 'DRAFT',
  });
  await tx.flush();
  meetingId = meeting.id;
});

const add = (title: string, place = {}) => addAgendaItem(ctx(), meetingId, { title, kind: 'DELIBERATION' }, place);

describe('agenda', () => {
  it('numbers consecutively when items are inserted, nested, moved and removed', async () => {
    const budget = await add('Budget primitif');
    const taxes = await add('Taux de fiscalité');
    await add('Approbation du procès-verbal', { position: 1 });
    expect(await outline()).toEqual([
      ['1', 'Approbation du procès-verbal'],
      ['2', 'Budget primitif'],
      ['3', 'Taux de fiscalité'],
    ]);

    const annexA = await add('Annexe A — investissements', { parentId: budget.id });
    await add('Annexe B — fonctionnement', { parentId: budget.id });
    await add('Annexe 0 — synthèse', { parentId: budget.id, position: 1 });
    expect(await outline()).toEqual([
      ['1', 'Approbation du procès-verbal'],
      ['2', 'Budget primitif', ['2.1 Annexe 0 — synthèse', '2.2 Annexe A — investissements', '2.3 Annexe B — fonctionnement']],
      ['3', 'Taux de fiscalité'],
    ]);

    await moveAgendaItem(ctx(), taxes.id, { position: 1 });
    await moveAgendaItem(ctx(), annexA.id, { parentId: null, position: 4 });
    expect(await outline()).toEqual([
      ['1', 'Taux de fiscalité'],
      ['2', 'Approbation du procès-verbal'],
      ['3', 'Budget primitif', ['3.1 Annexe 0 — synthèse', '3.2 Annexe B — fonctionnement']],
      ['4', 'Annexe A — investissements'],
    ]);

    await moveAgendaItem(ctx(), annexA.id, { parentId: taxes.id });
    await removeAgendaItem(ctx(), budget.id);
    await updateAgendaItem(ctx(), taxes.id, { title: 'Taux de fiscalité 2027', kind: 'DELIBERATION', icpe: true });
    expect(await outline()).toEqual([
      ['1', 'Taux de fiscalité 2027', ['1.1 Annexe A — investissements']],
      ['2', 'Approbation du procès-verbal'],
    ]);
    expect((await em().findOneOrFail(AgendaItem, taxes.id)).icpe).toBe(true);
  });

  it('refuses impossible positions and nesting, in French', async () => {
    const first = await add('Premier point');
    const child = await add('Sous-point', { parentId: first.id });
    const second = await add('Second point');
    await expect(add('Trop loin', { position: 4 })).rejects.toMatchObject({
      message: 'Position impossible : choisissez entre 1 et 3.',
      extensions: { code: 'BAD_USER_INPUT', field: 'position' },
    });
    await expect(add('Zéro', { position: 0 })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(moveAgendaItem(ctx(), second.id, { position: 3 })).rejects.toMatchObject({ extensions: { field: 'position' } });
    await expect(add('Petit-fils', { parentId: child.id })).rejects.toMatchObject({
      message: 'Un sous-point ne peut pas avoir lui-même de sous-points.',
    });
    await expect(moveAgendaItem(ctx(), first.id, { parentId: second.id })).rejects.toMatchObject({
      message: 'Un point qui a des sous-points ne peut pas devenir un sous-point.',
    });
    await expect(moveAgendaItem(ctx(), first.id, { parentId: first.id })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(add('   ')).rejects.toMatchObject({ message: 'Le titre du point est obligatoire.' });
    expect(await outline()).toEqual([
      ['1', 'Premier point', ['1.1 Sous-point']],
      ['2', 'Second point'],
    ]);
  });

  it('never duplicates nor skips a number under concurrent edits', async () => {
    const seeds = await Promise.all(['A', 'B', 'C'].map(async (title) => add(title)));
    await Promise.all([
      ...Array.from({ length: 12 }, (_, index) => add(`Concurrent ${index}`, { position: 1 + (index % 3) })),
      ...seeds.map((seed, index) => moveAgendaItem(ctx(), seed.id, { position: index + 1 })),
    ]);
    const items = await agendaOf(em(), meetingId);
    expect(items).toHaveLength(15);
    expect(items.map((item) => item.position).sort((left, right) => left - right)).toEqual(
      Array.from({ length: 15 }, (_, index) => index + 1),
    );
  });

  it('freezes the agenda once the meeting is convened', async () => {
    await add('Point');
    await em().nativeUpdate(Meeting, { id: meetingId }, { status: 'CONVENED' });
    await expect(add('Point tardif')).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });
});

import { TableNotFoundException, type EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Viewer } from '../../src/auth/viewer.js';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { BodyScope } from '../../src/tenancy/body-scope.js';
import { latestMigration, migrateSchema } from '../../src/tenancy/schema-migrator.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/**
 * Two bodies hold rows with IDENTICAL primary keys and different payloads. Every read and write path,
 * taken through the one helper (`BodyScope.enter`), must stay in its own body's schema; a query that
 * bypasses the helper must fail instead of reading anyone's rows.
 */
const sharedAssemblyId = '01900000-0000-7000-8000-00000000a001';
const sharedMeetingId = '01900000-0000-7000-8000-00000000e001';
const otherMeetingId = '01900000-0000-7000-8000-00000000e002';

let harness: TestHarness;
let ville: Body;
let metropole: Body;
/** claire.martin sits in both bodies, so one viewer can enter both. */
let scope: BodyScope;

const emFor = (body: Body): EntityManager => {
  // A fresh scope per call: each unit of work gets its own identity map, as a request would.
  return new BodyScope(
    harness.runtime.orm.em.fork(),
    scope.viewer,
    latestMigration(harness.runtime.bodyMigrations),
    { type: null },
    harness.runtime.environment,
  ).context(body, 'read').em;
};

async function countRows(body: Body, table: 'assembly' | 'meeting'): Promise<number> {
  const [row] = await harness.runtime.orm.em
    .fork()
    .execute<[{ count: number }]>(`select count(*)::int as count from "${bodySchemaName(body.id)}"."${table}"`);
  return row.count;
}

async function titleIn(body: Body, id: string): Promise<string | null> {
  const rows = await harness.runtime.orm.em
    .fork()
    .execute<{ title: string }[]>(`select title from "${bodySchemaName(body.id)}"."meeting" where id = ?`, [id]);
  return rows[0]?.title ?? null;
}

beforeAll(async () => {
  harness = await startHarness();
  const em = harness.runtime.orm.em.fork();
  ville = await em.findOneOrFail(Body, { slug: 'ville-besancon' });
  metropole = await em.findOneOrFail(Body, { slug: 'grand-besancon-metropole' });
  const claire = new Viewer(
    'claire',
    [],
    new Map([
      [ville.id, ['OFFICIAL'] as const],
      [metropole.id, ['OFFICIAL'] as const],
    ]),
  );
  scope = new BodyScope(em, claire, latestMigration(harness.runtime.bodyMigrations), { type: null }, harness.runtime.environment);
  for (const [body, label] of [
    [ville, 'Ville'],
    [metropole, 'Métropole'],
  ] as const) {
    // Seeding names the schema itself, so that the assertions below test the helper, not the seeding.
    await harness.runtime.orm.em.fork({ schema: bodySchemaName(body.id) }).transactional(async (tx) => {
      const assembly = tx.create(Assembly, { id: sharedAssemblyId, kind: 'COMMISSION', name: `Commission ${label}` });
      tx.create(Meeting, {
        id: sharedMeetingId,
        assembly,
        title: `Séance ${label}`,
        startsAt: new Date('2027-01-15T17:00:00Z'),
        place: `Salle ${label}`,
        // Convened, so that officials see it (drafts are the secretariat's).
        status: 'CONVENED',
      });
    });
  }
});
afterAll(() => harness?.close());

describe('reads stay in the body schema', () => {
  it('findOne by a primary key that both bodies use', async () => {
    expect((await emFor(ville).findOneOrFail(Meeting, sharedMeetingId)).title).toBe('Séance Ville');
    expect((await emFor(metropole).findOneOrFail(Meeting, sharedMeetingId)).title).toBe('Séance Métropole');
  });

  it('populate with the joined strategy', async () => {
    const meeting = await emFor(metropole).findOneOrFail(Meeting, sharedMeetingId, {
      populate: ['assembly'],
      strategy: 'joined',
    });
    expect(meeting.assembly.name).toBe('Commission Métropole');
  });

  it('populate with the select-in strategy, on a collection', async () => {
    const assembly = await emFor(ville).findOneOrFail(Assembly, sharedAssemblyId, {
      populate: ['meetings'],
      strategy: 'select-in',
    });
    expect(assembly.meetings.getItems().map((meeting) => meeting.title)).toEqual(['Séance Ville']);
  });

  it('lazy loading: a reference, then an uninitialised collection', async () => {
    const em = emFor(metropole);
    const meeting = await em.findOneOrFail(Meeting, sharedMeetingId);
    await em.populate(meeting, ['assembly']);
    expect(meeting.assembly.name).toBe('Commission Métropole');
    const assembly = em.getReference(Assembly, sharedAssemblyId);
    const items = await assembly.meetings.loadItems();
    expect(items.map((item) => item.title)).toEqual(['Séance Métropole']);
  });

  it('count, and query builder with a collection sub-query', async () => {
    expect(await emFor(ville).count(Meeting, { assembly: sharedAssemblyId })).toBe(1);
    const withMeetings = await emFor(metropole)
      .createQueryBuilder(Assembly, 'a')
      .where({ meetings: { $some: { title: 'Séance Métropole' } } })
      .getResultList();
    expect(withMeetings.map((assembly) => assembly.name)).toEqual(['Commission Métropole']);
    const crossed = await emFor(ville)
      .createQueryBuilder(Assembly, 'a')
      .where({ meetings: { $some: { title: 'Séance Métropole' } } })
      .getResultList();
    expect(crossed).toEqual([]);
  });

  it('nested transactions keep the schema', async () => {
    const title = await emFor(ville).transactional((outer) =>
      outer.transactional(async (inner) => (await inner.findOneOrFail(Meeting, sharedMeetingId)).title),
    );
    expect(title).toBe('Séance Ville');
  });
});

describe('writes stay in the body schema', () => {
  it('flush of a change, native update, upsert, insert and native delete', async () => {
    const villeMeetings = await countRows(ville, 'meeting');
    const metropoleMeetings = await countRows(metropole, 'meeting');

    const em = emFor(ville);
    const meeting = await em.findOneOrFail(Meeting, sharedMeetingId);
    meeting.title = 'Séance Ville (modifiée)';
    await em.flush();
    expect(await titleIn(ville, sharedMeetingId)).toBe('Séance Ville (modifiée)');
    expect(await titleIn(metropole, sharedMeetingId)).toBe('Séance Métropole');

    await emFor(metropole).nativeUpdate(Meeting, { id: sharedMeetingId }, { place: 'Salle Métropole 2' });
    expect((await emFor(ville).findOneOrFail(Meeting, sharedMeetingId)).place).toBe('Salle Ville');

    await emFor(metropole).upsert(Meeting, {
      id: otherMeetingId,
      assembly: sharedAssemblyId,
      title: 'Séance ajoutée Métropole',
      startsAt: new Date('2027-02-01T17:00:00Z'),
      place: null,
      status: 'DRAFT',
    });
    expect(await countRows(metropole, 'meeting')).toBe(metropoleMeetings + 1);
    expect(await countRows(ville, 'meeting')).toBe(villeMeetings);

    await emFor(ville).insert(Meeting, {
      id: otherMeetingId,
      assembly: sharedAssemblyId,
      title: 'Séance ajoutée Ville',
      startsAt: new Date('2027-02-02T17:00:00Z'),
      place: null,
      status: 'DRAFT',
    });
    expect(await titleIn(ville, otherMeetingId)).toBe('Séance ajoutée Ville');
    expect(await titleIn(metropole, otherMeetingId)).toBe('Séance ajoutée Métropole');

    await emFor(ville).nativeDelete(Meeting, { id: otherMeetingId });
    expect(await titleIn(ville, otherMeetingId)).toBeNull();
    expect(await titleIn(metropole, otherMeetingId)).toBe('Séance ajoutée Métropole');

    const removable = await emFor(metropole).findOneOrFail(Meeting, otherMeetingId);
    const em2 = emFor(metropole);
    em2.remove(em2.getReference(Meeting, removable.id));
    await em2.flush();
    expect(await countRows(metropole, 'meeting')).toBe(metropoleMeetings);
    expect(await countRows(ville, 'meeting')).toBe(villeMeetings);
  });
});

describe('a query that loses its schema fails loudly', () => {
  it('an EntityManager not forked by the helper cannot find any body table', async () => {
    const bypass = harness.runtime.orm.em.fork();
    await expect(bypass.find(Meeting, {})).rejects.toBeInstanceOf(TableNotFoundException);
    await expect(bypass.execute('select * from meeting')).rejects.toBeInstanceOf(TableNotFoundException);
  });

  it('no body table exists in the platform or public schema', async () => {
    const rows = await harness.runtime.orm.em
      .fork()
      .execute<{ table_name: string }[]>(
        "select table_name from information_schema.tables where table_schema in ('platform', 'public') and table_name in ('assembly', 'meeting')",
      );
    expect(rows).toEqual([]);
  });

  it('migrating a schema does not leave its search_path on the pooled connection', async () => {
    const em = harness.runtime.orm.em.fork();
    const before = await em.execute<[{ search_path: string }]>('show search_path');
    await migrateSchema(em, bodySchemaName(ville.id), harness.runtime.bodyMigrations);
    const after = await harness.runtime.orm.em.fork().execute<[{ search_path: string }]>('show search_path');
    expect(before[0].search_path).toBe('platform');
    expect(after[0].search_path).toBe('platform');
  });

  it("the helper refuses a body outside the caller's memberships, and one whose schema is behind", async () => {
    const em = harness.runtime.orm.em.fork();
    const doubs = await em.findOneOrFail(Body, { slug: 'departement-doubs' });
    expect(() => scope.context(doubs, 'read')).toThrow('Organisme introuvable.');
    expect(() => scope.context(ville, 'prepare')).toThrow('Organisme introuvable.');
    const behind = Object.assign(new Body(), { ...ville, schemaVersion: null });
    expect(() => scope.context(behind, 'read')).toThrow(expect.objectContaining({ extensions: { code: 'BODY_SCHEMA_BEHIND' } }));
  });
});

describe('through GraphQL', () => {
  const query = `query ($slug: String!, $id: UUID!) { body(slug: $slug) { meeting(id: $id) { title assembly { name } } } }`;

  it("the same meeting id answers with each body's own row", async () => {
    const token = await harness.token('claire.martin');
    const fromVille = await harness.graphql<{ body: { meeting: { title: string } } }>(
      query,
      { slug: 'ville-besancon', id: sharedMeetingId },
      token,
    );
    const fromMetropole = await harness.graphql<{ body: { meeting: { title: string; assembly: { name: string } } } }>(
      query,
      { slug: 'grand-besancon-metropole', id: sharedMeetingId },
      token,
    );
    expect(fromVille.data?.body.meeting.title).toMatch(/^Séance Ville/);
    expect(fromMetropole.data?.body.meeting).toEqual({
      title: 'Séance Métropole',
      assembly: { name: 'Commission Métropole' },
    });
  });

  it('a member of one body gets NOT_FOUND for the same id in another body', async () => {
    const token = await harness.token('paul.bernard');
    const result = await harness.graphql(query, { slug: 'grand-besancon-metropole', id: sharedMeetingId }, token);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ message: 'Organisme introuvable.', extensions: { code: 'NOT_FOUND' } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/statement-trace.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { findBodyById } from '../../src/tenancy/body-row.js';
import { buildBody } from '../helpers/factories.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Every request into a body reads its row with `findBodyById` (a prepared statement mapped by the ORM):
// it must hand out what `findOne` would — the entity the EntityManager manages, tracked for changes.
let harness: TestHarness;
let body: Body;
beforeAll(async () => {
  harness = await startHarness({ demo: false, environment: { JOBS_CONCURRENCY: '0' } });
  body = await buildBody(harness);
});
afterAll(() => harness?.close());

describe('findBodyById', () => {
  it('reads the row once, as the managed entity, whose changes are flushed and nothing else', async () => {
    const em = harness.runtime.orm.em.fork();
    const counter = countStatements();
    const found = await findBodyById(em, body.id);
    const again = await findBodyById(em, body.id);
    counter.stop();
    expect(found).toBeInstanceOf(Body);
    expect(again).toBe(found);
    expect(counter.statements).toHaveLength(1);
    expect(found).toMatchObject({ id: body.id, slug: body.slug, status: 'ACTIVE', schemaVersion: body.schemaVersion, population: 1200 });
    expect(found!.createdAt).toBeInstanceOf(Date);
    expect(await em.findOne(Body, { id: body.id })).toBe(found);

    // Unchanged, a flush writes nothing; changed, only the change.
    const unchanged = countStatements();
    await em.flush();
    unchanged.stop();
    expect(unchanged.statements).toEqual([]);
    found!.mailSenderName = 'Mairie de test';
    const changed = countStatements();
    await em.flush();
    changed.stop();
    expect(changed.statements.filter((sql) => /^update/i.test(sql.trim()))).toHaveLength(1);
    expect((await harness.runtime.orm.em.fork().findOne(Body, { id: body.id }))!.mailSenderName).toBe('Mairie de test');
  });

  it('finds nothing for an unknown or malformed id, without a statement for the malformed one', async () => {
    const em = harness.runtime.orm.em.fork();
    expect(await findBodyById(em, '01a24cd4-0000-7000-8000-000000000000')).toBeNull();
    const counter = countStatements();
    expect(await findBodyById(em, 'not-a-uuid')).toBeNull();
    counter.stop();
    expect(counter.statements).toEqual([]);
  });

  it('reads inside a transaction with it', async () => {
    await harness.runtime.orm.em.fork().transactional(async (tx) => {
      await tx.execute('update platform.body set mail_reply_to = ? where id = ?', ['greffe@example.org', body.id]);
      // The transaction's own write is seen: the read is in it.
      expect((await findBodyById(tx, body.id))!.mailReplyTo).toBe('greffe@example.org');
    });
  });
});

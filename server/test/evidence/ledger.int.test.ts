import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { appendToLedger, entryHash, verifyLedger } from '../../src/evidence/ledger.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let ville: Body;
let metropole: Body;
const emOf = (body: Body): EntityManager => harness.runtime.orm.em.fork({ schema: bodySchemaName(body.id) });
const sql = (body: Body, statement: string) =>
  harness.runtime.orm.em.fork().execute(statement.replaceAll('$schema', `"${bodySchemaName(body.id)}"`));

beforeAll(async () => {
  harness = await startHarness();
  const em = harness.runtime.orm.em.fork();
  ville = await em.findOneOrFail(Body, { slug: 'ville-besancon' });
  metropole = await em.findOneOrFail(Body, { slug: 'grand-besancon-metropole' });
});
afterAll(() => harness?.close());

const entries = (count: number, label: string) =>
  Array.from({ length: count }, (_, index) => ({
    kind: 'CONVOCATION_SENT',
    subjectId: '01900000-0000-7000-8000-000000000001',
    payload: {
      recipient: `${label}-${index}`,
      channel: 'EMAIL',
      documents: [{ sha256: 'a'.repeat(64) }],
      sentAt: new Date('2027-01-10T09:00:00Z'),
    },
  }));

describe('evidence ledger', () => {
  it('chains entries per body and verifies them', async () => {
    const appended = await appendToLedger(emOf(ville), ville.id, entries(3, 'ville'));
    expect(appended.map((entry) => entry.sequence)).toEqual([1, 2, 3]);
    expect(appended[1]!.previousHash).toBe(appended[0]!.hash);
    await appendToLedger(emOf(metropole), metropole.id, entries(2, 'metropole'));
    expect(await verifyLedger(emOf(ville), ville.id)).toEqual({ ok: true, entries: 3, head: appended[2]!.hash });
    expect((await verifyLedger(emOf(metropole), metropole.id)).ok).toBe(true);
  });

  it('never forks under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, index) => appendToLedger(emOf(ville), ville.id, entries(2, `concurrent-${index}`))));
    expect(await verifyLedger(emOf(ville), ville.id)).toMatchObject({ ok: true, entries: 23 });
  });

  it('detects an altered entry, and a forger who recomputes its hash breaks the next link', async () => {
    await sql(ville, `update $schema.ledger_entry set payload = jsonb_set(payload, '{channel}', '"PAPER"') where sequence = 5`);
    expect(await verifyLedger(emOf(ville), ville.id)).toMatchObject({
      ok: false,
      entries: 4,
      firstBroken: { sequence: 5, reason: 'CONTENT_ALTERED' },
    });
    const forged = await emOf(ville).findOneOrFail(LedgerEntry, 5);
    await sql(ville, `update $schema.ledger_entry set hash = '${entryHash(forged)}' where sequence = 5`);
    expect(await verifyLedger(emOf(ville), ville.id)).toMatchObject({
      ok: false,
      entries: 5,
      firstBroken: { sequence: 6, reason: 'CHAIN_BROKEN' },
    });
  });

  it('detects a removed entry', async () => {
    await sql(metropole, `delete from $schema.ledger_entry where sequence = 1`);
    expect(await verifyLedger(emOf(metropole), metropole.id)).toMatchObject({
      ok: false,
      entries: 0,
      firstBroken: { sequence: 1, reason: 'SEQUENCE_GAP' },
    });
  });

  it("refuses an entry moved into another body's chain", async () => {
    await sql(metropole, `delete from $schema.ledger_entry`);
    await harness.runtime.orm.em
      .fork()
      .execute(
        `insert into "${bodySchemaName(metropole.id)}".ledger_entry select * from "${bodySchemaName(ville.id)}".ledger_entry where sequence = 1`,
      );
    expect(await verifyLedger(emOf(metropole), metropole.id)).toMatchObject({
      ok: false,
      firstBroken: { sequence: 1, reason: 'CHAIN_BROKEN' },
    });
  });
});

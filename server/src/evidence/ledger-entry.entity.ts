import { defineEntity, p } from '@mikro-orm/postgresql';

/** One entry of a body's evidence ledger (see evidence/ledger.ts). Never updated, never deleted. */
const LedgerEntrySchema = defineEntity({
  name: 'LedgerEntry',
  schema: '*',
  tableName: 'ledger_entry',
  properties: {
    sequence: p.bigint('number').primary(),
    recordedAt: p.datetime(),
    kind: p.string(),
    subjectId: p.uuid().nullable(),
    payload: p.json<Record<string, unknown>>(),
    previousHash: p.string(),
    hash: p.string(),
  },
});

export class LedgerEntry extends LedgerEntrySchema.class {}
LedgerEntrySchema.setClass(LedgerEntry);

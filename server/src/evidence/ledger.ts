import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from './canonical-json.js';
import { insertRows } from '../db/bulk-insert.js';
import { quoteSchema } from '../tenancy/schema-name.js';
import { LedgerEntry } from './ledger-entry.entity.js';

export interface NewLedgerEntry {
  kind: string;
  subjectId?: string | null;
  payload: Record<string, unknown>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The chain of each body starts from a hash of its id, so no entry can be moved into another body's chain. */
export function genesisHash(bodyId: string): string {
  return sha256(`cartable-ledger-genesis:${bodyId}`);
}

/** What an entry's hash covers: the previous hash, then the canonical encoding of the entry itself. */
export function entryHash(entry: Pick<LedgerEntry, 'sequence' | 'recordedAt' | 'kind' | 'subjectId' | 'payload' | 'previousHash'>): string {
  const content = canonicalJson({
    sequence: entry.sequence,
    recordedAt: entry.recordedAt.toISOString(),
    kind: entry.kind,
    subjectId: entry.subjectId ?? null,
    payload: entry.payload,
  });
  return sha256(`${entry.previousHash}\n${content}`);
}

/** An entry as appended: the row written to `ledger_entry`. */
export type AppendedEntry = Pick<LedgerEntry, 'sequence' | 'recordedAt' | 'kind' | 'subjectId' | 'payload' | 'previousHash' | 'hash'>;

/**
 * Appends entries to the body's ledger inside the caller's transaction (the EntityManager of that body's
 * schema; one is opened when there is none). Appends of one body are serialised by an advisory lock, so
 * the chain never forks: the lock, then the last entry read in a later statement (whose snapshot sees
 * every append committed before the lock was granted), then the chain computed here in order and written
 * in one multi-row insert — three statements for any number of entries.
 */
export async function appendToLedger(em: EntityManager, bodyId: string, entries: readonly NewLedgerEntry[]): Promise<AppendedEntry[]> {
  const append = async (tx: EntityManager) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:ledger:${bodyId}`]);
    const [last] = await tx.execute<{ sequence: string; hash: string }[]>(
      `select sequence, hash from ${quoteSchema(tx.schema!)}.ledger_entry order by sequence desc limit 1`,
    );
    let sequence = last ? Number(last.sequence) : 0;
    let previousHash = last?.hash ?? genesisHash(bodyId);
    const recordedAt = new Date();
    const created = entries.map((entry) => {
      sequence += 1;
      const fields = {
        sequence,
        recordedAt,
        kind: entry.kind,
        subjectId: entry.subjectId ?? null,
        payload: JSON.parse(JSON.stringify(entry.payload)) as Record<string, unknown>,
        previousHash,
      };
      const hash = entryHash(fields);
      previousHash = hash;
      return { ...fields, hash };
    });
    await insertRows(tx, [
      {
        table: 'ledger_entry',
        columns: {
          sequence: 'bigint',
          recorded_at: 'timestamptz',
          kind: 'text',
          subject_id: 'uuid',
          payload: 'jsonb',
          previous_hash: 'text',
          hash: 'text',
        },
        rows: created.map((entry) => ({
          sequence: entry.sequence,
          recorded_at: entry.recordedAt,
          kind: entry.kind,
          subject_id: entry.subjectId,
          payload: entry.payload,
          previous_hash: entry.previousHash,
          hash: entry.hash,
        })),
      },
    ]);
    return created;
  };
  return em.isInTransaction() ? append(em) : em.transactional(append);
}

export interface LedgerVerification {
  ok: boolean;
  entries: number;
  /** Hash of the last entry: the value an external anchor (timestamp token) must match. */
  head: string;
  firstBroken?: { sequence: number; reason: 'CONTENT_ALTERED' | 'CHAIN_BROKEN' | 'SEQUENCE_GAP' };
}

/** Recomputes the whole chain, page by page, and reports the first entry that does not hold. */
export async function verifyLedger(em: EntityManager, bodyId: string, pageSize = 1_000): Promise<LedgerVerification> {
  let previousHash = genesisHash(bodyId);
  let expectedSequence = 1;
  let count = 0;
  for (;;) {
    const page = await em
      .fork()
      .find(LedgerEntry, { sequence: { $gte: expectedSequence } }, { orderBy: { sequence: 'asc' }, limit: pageSize });
    for (const entry of page) {
      const broken = (sequence: number, reason: NonNullable<LedgerVerification['firstBroken']>['reason']): LedgerVerification => ({
        ok: false,
        entries: count,
        head: previousHash,
        firstBroken: { sequence, reason },
      });
      if (entry.sequence !== expectedSequence) return broken(expectedSequence, 'SEQUENCE_GAP');
      if (entry.previousHash !== previousHash) return broken(entry.sequence, 'CHAIN_BROKEN');
      if (entryHash(entry) !== entry.hash) return broken(entry.sequence, 'CONTENT_ALTERED');
      previousHash = entry.hash;
      expectedSequence += 1;
      count += 1;
    }
    if (page.length < pageSize) return { ok: true, entries: count, head: previousHash };
  }
}

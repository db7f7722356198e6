import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from './canonical-json.js';
import { insertRows, type RowsInsert } from '../db/bulk-insert.js';
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

/** The last entry of a body's chain (sequence 0 and the genesis hash when it is empty). */
export interface LedgerHead {
  sequence: number;
  hash: string;
}

/**
 * Locks the body's chain until the end of the transaction (appends of one body are serialised: the chain
 * never forks) and reads its last entry committed, in one statement: `platform.ledger_head` (platform
 * migration 0022) takes the advisory lock, then reads with a snapshot taken after it was granted.
 */
export async function lockLedgerHead(tx: EntityManager, bodyId: string): Promise<LedgerHead> {
  const [head] = await tx.execute<{ sequence: string | null; hash: string | null }[]>(
    'select sequence, hash from platform.ledger_head(?, ?)',
    [tx.schema!, `cartable:ledger:${bodyId}`],
  );
  return head?.hash ? { sequence: Number(head.sequence), hash: head.hash } : { sequence: 0, hash: genesisHash(bodyId) };
}

/** The entries chained after the head, in order, recorded at the same instant. */
export function chainEntries(head: LedgerHead, entries: readonly NewLedgerEntry[], recordedAt = new Date()): AppendedEntry[] {
  let { sequence, hash: previousHash } = head;
  return entries.map((entry) => {
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
}

/** The rows of chained entries, for `insertRows` or `oneStatement` in the body's schema. */
export function ledgerRows(entries: readonly AppendedEntry[]): RowsInsert {
  return {
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
    rows: entries.map((entry) => ({
      sequence: entry.sequence,
      recorded_at: entry.recordedAt,
      kind: entry.kind,
      subject_id: entry.subjectId,
      payload: entry.payload,
      previous_hash: entry.previousHash,
      hash: entry.hash,
    })),
  };
}

/**
 * Appends entries to the body's ledger inside the caller's transaction (the EntityManager of that body's
 * schema; one is opened when there is none): the chain's head locked and read, then the entries chained
 * here in order and written in one multi-row insert — two statements for any number of entries. A caller
 * writing other rows in the same statement uses `lockLedgerHead`, `chainEntries` and `ledgerRows` (a send:
 * body/convocations/send/record-send.ts).
 */
export async function appendToLedger(em: EntityManager, bodyId: string, entries: readonly NewLedgerEntry[]): Promise<AppendedEntry[]> {
  const append = async (tx: EntityManager) => {
    const created = chainEntries(await lockLedgerHead(tx, bodyId), entries);
    await insertRows(tx, [ledgerRows(created)]);
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

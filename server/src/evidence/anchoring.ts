import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../common/ids.js';
import { Convocation } from '../body/convocations/convocation.entity.js';
import { manifestBytes } from '../body/convocations/send/manifest.js';
import { canonicalJson } from './canonical-json.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { TimestampAnchor } from './timestamp-anchor.entity.js';
import type { TimestampAuthority } from './timestamping/timestamp-authority.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/**
 * Timestamps a send manifest (RFC 3161): the exact canonical bytes are kept with the token, so the proof
 * bundle can hand both to `openssl ts -verify -data`. Idempotent: a manifest is anchored once.
 */
export async function anchorManifest(tsa: TimestampAuthority, em: EntityManager, convocationId: string): Promise<TimestampAnchor | null> {
  const convocation = await em.findOne(Convocation, { id: convocationId });
  if (!convocation) return null;
  const existing = await em.findOne(TimestampAnchor, { convocationId, kind: 'MANIFEST' });
  if (existing) return existing;
  const content = manifestBytes(convocation.manifest);
  const digest = sha256(content);
  if (digest.toString('hex') !== convocation.manifestSha256) throw new Error(`manifest of convocation ${convocationId} no longer matches its recorded hash`);
  return stampAndStore(tsa, em, content, digest, { meetingId: convocation.meetingId, kind: 'MANIFEST', convocationId, firstSequence: null, lastSequence: null });
}

/** Obtains the token over `digest` and stores it with the exact bytes it covers. */
async function stampAndStore(
  tsa: TimestampAuthority,
  em: EntityManager,
  content: Buffer,
  digest: Buffer,
  subject: Pick<TimestampAnchor, 'meetingId' | 'kind' | 'convocationId' | 'firstSequence' | 'lastSequence'>,
): Promise<TimestampAnchor> {
  const token = await tsa.timestamp(digest);
  const anchor = em.create(TimestampAnchor, {
    id: uuidv7(),
    ...subject,
    content,
    contentSha256: digest.toString('hex'),
    token: token.response,
    genTime: token.genTime,
    authority: tsa.description,
  });
  await em.flush();
  return anchor;
}

/** The entries of a batch as a third party re-hashes them (see docs/architecture.md, Evidence: the proof file). */
export function eventBatchBytes(bodyId: string, meetingId: string, entries: readonly LedgerEntry[]): Buffer {
  return Buffer.from(
    canonicalJson({
      format: 'cartable/ledger-batch@1',
      bodyId,
      meetingId,
      entries: entries.map((entry) => ({
        sequence: entry.sequence,
        recordedAt: entry.recordedAt.toISOString(),
        kind: entry.kind,
        subjectId: entry.subjectId ?? null,
        payload: entry.payload,
        previousHash: entry.previousHash,
        hash: entry.hash,
      })),
    }),
    'utf8',
  );
}

/**
 * Timestamps the meeting's ledger entries recorded since its last batch (receipts, answers, deliveries).
 * Batches of one meeting are serialised by an advisory lock, so their ranges never overlap.
 */
export async function anchorMeetingEvents(tsa: TimestampAuthority, bodyId: string, em: EntityManager, meetingId: string): Promise<TimestampAnchor | null> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:anchor:${meetingId}`]);
    const [last] = await tx.find(TimestampAnchor, { meetingId, kind: 'EVENTS' }, { orderBy: { lastSequence: 'desc' }, limit: 1 });
    const entries = await tx.find(LedgerEntry, { subjectId: meetingId, sequence: { $gt: last?.lastSequence ?? 0 } }, { orderBy: { sequence: 'asc' }, limit: 5_000 });
    if (entries.length === 0) return null;
    const content = eventBatchBytes(bodyId, meetingId, entries);
    return stampAndStore(tsa, tx, content, sha256(content), {
      meetingId,
      kind: 'EVENTS',
      convocationId: null,
      firstSequence: entries[0]!.sequence,
      lastSequence: entries.at(-1)!.sequence,
    });
  });
}

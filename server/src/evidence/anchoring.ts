import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../common/ids.js';
import { canonicalJson } from './canonical-json.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { TimestampAnchor } from './timestamp-anchor.entity.js';
import type { TimestampAuthority } from './timestamping/timestamp-authority.js';
import type { BodyContext } from '../tenancy/body-context.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/** What a convocation's send manifest is now (its recorded hash and its canonical bytes), for `verifyAnchors`. */
export interface AnchoredManifest {
  sha256: string;
  bytes: Buffer;
}

/**
 * Obtains the token over `digest` and stores it with the exact bytes it covers (a batch of ledger entries
 * here, a send manifest in body/convocations/manifest-anchoring.ts).
 */
export async function anchorContent(
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
export async function anchorMeetingEvents(ctx: BodyContext, meetingId: string): Promise<TimestampAnchor | null> {
  const { bodyId } = ctx;
  const tsa = ctx.services.timestamps;
  return ctx.em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:anchor:${meetingId}`]);
    const [last] = await tx.find(TimestampAnchor, { meetingId, kind: 'EVENTS' }, { orderBy: { lastSequence: 'desc' }, limit: 1 });
    const entries = await tx.find(
      LedgerEntry,
      { subjectId: meetingId, sequence: { $gt: last?.lastSequence ?? 0 } },
      { orderBy: { sequence: 'asc' }, limit: 5_000 },
    );
    if (entries.length === 0) return null;
    const content = eventBatchBytes(bodyId, meetingId, entries);
    return anchorContent(tsa, tx, content, sha256(content), {
      meetingId,
      kind: 'EVENTS',
      convocationId: null,
      firstSequence: entries[0]!.sequence,
      lastSequence: entries.at(-1)!.sequence,
    });
  });
}

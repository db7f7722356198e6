import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnchoredManifest } from './anchoring.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { TimestampAnchor } from './timestamp-anchor.entity.js';
import { verifyTimestampToken } from './timestamping/timestamp-authority.js';

export interface AnchorProblem {
  anchorId: string;
  kind: string;
  reason: 'CONTENT_ALTERED' | 'TOKEN_INVALID' | 'MANIFEST_ALTERED' | 'ENTRY_REWRITTEN';
  detail: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/**
 * Checks every timestamp of a body against what is stored now: the token still signs the kept bytes,
 * a manifest still hashes to its token's digest, and each entry of a timestamped batch is still in the
 * ledger with the same hash. A chain recomputed after the fact (by someone able to bypass the database's
 * protections) passes `verifyLedger` but not this: the tokens pin the hashes as they were. `manifestOf`
 * reads the manifest a convocation holds now (`storedManifest` of body/convocations/manifest-anchoring.ts).
 */
export async function verifyAnchors(
  em: EntityManager,
  trustedPem: string,
  manifestOf: (em: EntityManager, convocationId: string) => Promise<AnchoredManifest | null>,
): Promise<{ anchors: number; problems: AnchorProblem[] }> {
  const anchors = await em.find(TimestampAnchor, {}, { orderBy: { createdAt: 'asc' } });
  const problems: AnchorProblem[] = [];
  for (const anchor of anchors) {
    const problem = (reason: AnchorProblem['reason'], detail: string) =>
      problems.push({ anchorId: anchor.id, kind: anchor.kind, reason, detail });
    const content = Buffer.from(anchor.content);
    const digest = sha256(content);
    if (digest.toString('hex') !== anchor.contentSha256) {
      problem('CONTENT_ALTERED', 'the timestamped bytes no longer match their recorded hash');
      continue;
    }
    try {
      await verifyTimestampToken(Buffer.from(anchor.token), digest, trustedPem);
    } catch (error) {
      problem('TOKEN_INVALID', error instanceof Error ? error.message : String(error));
      continue;
    }
    if (anchor.kind === 'MANIFEST') {
      const manifest = await manifestOf(em, anchor.convocationId!);
      if (!manifest || manifest.sha256 !== anchor.contentSha256 || !sha256(manifest.bytes).equals(digest)) {
        problem('MANIFEST_ALTERED', `convocation ${anchor.convocationId} no longer holds the manifest that was timestamped`);
      }
      continue;
    }
    const batch = JSON.parse(content.toString('utf8')) as { entries: { sequence: number; hash: string }[] };
    const stored = new Map(
      (await em.find(LedgerEntry, { sequence: { $in: batch.entries.map((entry) => entry.sequence) } })).map((entry) => [
        entry.sequence,
        entry.hash,
      ]),
    );
    const rewritten = batch.entries.find((entry) => stored.get(entry.sequence) !== entry.hash);
    if (rewritten) problem('ENTRY_REWRITTEN', `ledger entry ${rewritten.sequence} differs from the timestamped one`);
  }
  return { anchors: anchors.length, problems };
}

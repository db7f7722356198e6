import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { anchorContent, type AnchoredManifest } from '../../evidence/anchoring.js';
import { TimestampAnchor } from '../../evidence/timestamp-anchor.entity.js';
import { defineTask, type TaskDefinition } from '../../jobs/job-runner.js';
import type { ModuleServices } from '../../module/feature-module.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { enterBodyAsSystem } from '../../tenancy/system-scope.js';
import { Convocation } from './convocation.entity.js';
import { manifestBytes } from './send/manifest.js';
import { convocationTaskNames } from './task-names.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/**
 * Timestamps a send manifest (RFC 3161): the exact canonical bytes are kept with the token, so the proof
 * bundle can hand both to `openssl ts -verify -data`. Idempotent: a manifest is anchored once.
 */
export async function anchorManifest(ctx: BodyContext, convocationId: string): Promise<TimestampAnchor | null> {
  const { em } = ctx;
  const convocation = await em.findOne(Convocation, { id: convocationId });
  if (!convocation) return null;
  const existing = await em.findOne(TimestampAnchor, { convocationId, kind: 'MANIFEST' });
  if (existing) return existing;
  const content = manifestBytes(convocation.manifest);
  const digest = sha256(content);
  if (digest.toString('hex') !== convocation.manifestSha256)
    throw new Error(`manifest of convocation ${convocationId} no longer matches its recorded hash`);
  return anchorContent(ctx.services.timestamps, em, content, digest, {
    meetingId: convocation.meetingId,
    kind: 'MANIFEST',
    convocationId,
    firstSequence: null,
    lastSequence: null,
  });
}

/** The manifest a convocation holds now, for `verifyAnchors` (evidence/anchor-verification.ts). */
export async function storedManifest(em: EntityManager, convocationId: string): Promise<AnchoredManifest | null> {
  const convocation = await em.findOne(Convocation, { id: convocationId });
  return convocation ? { sha256: convocation.manifestSha256, bytes: manifestBytes(convocation.manifest) } : null;
}

/** The job that anchors a manifest once its convocation is sent (enqueued by send/record-send.ts). A TSA outage retries. */
export function manifestAnchoringTasks(services: ModuleServices): TaskDefinition[] {
  return [
    defineTask({
      name: convocationTaskNames.anchorManifest,
      payload: z.object({ bodyId: z.uuid(), convocationId: z.uuid() }),
      async run({ bodyId, convocationId }) {
        const ctx = await enterBodyAsSystem(services.orm, services.environment, bodyId, convocationTaskNames.anchorManifest);
        if (ctx) await anchorManifest(ctx, convocationId);
      },
    }),
  ];
}

import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { renderAttendanceSheet } from '../../attendance/attendance-sheet.js';
import { CartableError } from '../../../common/errors.js';
import type { Logger } from '../../../common/logger.js';
import type { SignedLinks } from '../../../http/signed-links.js';
import type { BodyEnvironment } from '../../../tenancy/body-context.js';
import { enterBodyAsSystem } from '../../../tenancy/system-scope.js';
import { renderAttestation } from './attestation.js';
import { writeProofBundle } from './bundle.js';
import { meetingProof } from './meeting-proof.js';

export const proofLinkPurpose = 'cartable-proof';
export const proofPath = '/proof';
export const proofGrantSchema = z.object({ bodyId: z.uuid(), meetingId: z.uuid(), personId: z.uuid(), expiresAt: z.iso.datetime() });

const proofFiles = new Set(['attestation.pdf', 'preuve.tar', 'emargement.pdf']);

/**
 * `GET /proof/<link>/attestation.pdf` and `/preuve.tar`: the proof file of a meeting, and
 * `/emargement.pdf` its attendance sheet, for a link issued to the body's secretariat by `Meeting.proof`
 * (see proof.resolver.ts).
 */
export function createProofRouter(deps: { orm: MikroORM; links: SignedLinks; environment: BodyEnvironment; logger: Logger }): Router {
  const router = Router();
  router.get('/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(proofLinkPurpose, proofGrantSchema, request.params.token);
      const file = request.params.file;
      if (!grant || !proofFiles.has(file)) {
        response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
        return;
      }
      const ctx = await enterBodyAsSystem(deps.orm, deps.environment, grant.bodyId, 'proof-link');
      if (!ctx) {
        response.status(404).json({ error: 'not_found' });
        return;
      }
      response.setHeader('cache-control', 'private, no-store');
      if (file === 'emargement.pdf') {
        const sheet = await renderAttendanceSheet(ctx, grant.meetingId);
        response.type('application/pdf').setHeader('content-disposition', `attachment; filename="emargement-${grant.meetingId}.pdf"`);
        response.end(Buffer.from(sheet));
        return;
      }
      const proof = await meetingProof(ctx, grant.meetingId);
      const attestation = await renderAttestation(proof, ctx.services.timestamps.description);
      if (file === 'attestation.pdf') {
        response.type('application/pdf').setHeader('content-disposition', `attachment; filename="attestation-${grant.meetingId}.pdf"`);
        response.end(Buffer.from(attestation));
        return;
      }
      response.type('application/x-tar').setHeader('content-disposition', `attachment; filename="preuve-${grant.meetingId}.tar"`);
      await writeProofBundle(ctx, proof, attestation, response);
    } catch (error) {
      if (error instanceof CartableError) {
        response.status(409).json({ error: error.code, message: error.message });
        return;
      }
      if (response.headersSent) {
        deps.logger.error({ err: error }, 'proof bundle interrupted');
        response.destroy(error as Error);
        return;
      }
      next(error);
    }
  });
  return router;
}

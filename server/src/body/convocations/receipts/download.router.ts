import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import type { SignedLinks } from '../../../http/signed-links.js';
import type { StoragePort } from '../../../storage/storage.port.js';
import type { BodyEnvironment } from '../../../tenancy/body-context.js';
import { enterBodyAsSystem } from '../../../tenancy/system-scope.js';
import { DocumentVersion } from '../../documents/document.entity.js';
import { recordDownload } from './receipts.service.js';

export const downloadPath = '/downloads';
export const downloadLinkPurpose = 'cartable-document-download';
export const downloadGrantSchema = z.object({ bodyId: z.uuid(), versionId: z.uuid(), personId: z.uuid(), expiresAt: z.iso.datetime() });

/**
 * `GET /downloads/<link>/<file>`: an official's document link. Records the first download of each
 * version by a convened official (a receipt, chained in the ledger), then redirects to the storage's own
 * short-lived URL, where Range requests work as usual.
 */
export function createDownloadRouter(deps: {
  orm: MikroORM;
  links: SignedLinks;
  storage: StoragePort;
  environment: BodyEnvironment;
}): Router {
  const router = Router();
  router.get('/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(downloadLinkPurpose, downloadGrantSchema, request.params.token);
      const scope = grant ? await enterBodyAsSystem(deps.orm, deps.environment, grant.bodyId, 'document download link') : null;
      const version = grant && scope ? await scope.em.findOne(DocumentVersion, { id: grant.versionId }, { populate: ['document'] }) : null;
      if (!grant || !scope || !version) {
        response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
        return;
      }
      // A receipt is of a meeting document; a library document is read without one.
      if (version.document.meeting)
        await recordDownload(scope, { meetingId: version.document.meeting.id, versionId: version.id, personId: grant.personId });
      const target = await deps.storage.createDownloadUrl(version.storageKey, {
        expiresInSeconds: 300,
        fileName: version.fileName,
        contentType: version.contentType,
      });
      response.setHeader('cache-control', 'private, no-store');
      response.redirect(302, target);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

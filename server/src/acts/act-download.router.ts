import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import type { SignedLinks } from '../http/signed-links.js';
import type { BodyEnvironment } from '../tenancy/body-context.js';
import { enterBodyAsSystem } from '../tenancy/system-scope.js';
import { Deliberation } from './deliberation.entity.js';
import { ProcesVerbal } from './proces-verbal.entity.js';

export const actLinkPurpose = 'cartable-act';
export const actsPath = '/acts';
const grantSchema = z.object({ bodyId: z.uuid(), deliberationId: z.uuid().optional(), procesVerbalId: z.uuid().optional(), expiresAt: z.iso.datetime() });

/** `GET /acts/<link>/<file>.pdf`: the current PDF of a délibération or a procès-verbal, for a link issued by their `pdfUrl`. */
export function createActDownloadRouter(deps: { orm: MikroORM; links: SignedLinks; environment: BodyEnvironment }): Router {
  const router = Router();
  router.get('/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(actLinkPurpose, grantSchema, request.params.token);
      const scope = grant ? await enterBodyAsSystem(deps.orm, deps.environment, grant.bodyId, 'act-link') : null;
      const act =
        scope && grant!.deliberationId
          ? await scope.em.findOne(Deliberation, { id: grant!.deliberationId }, { populate: ['pdf'] })
          : scope && grant!.procesVerbalId
            ? await scope.em.findOne(ProcesVerbal, { id: grant!.procesVerbalId }, { populate: ['pdf'] })
            : null;
      if (!act?.pdf) {
        response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
        return;
      }
      response.setHeader('cache-control', 'private, no-store');
      response.type('application/pdf').setHeader('content-disposition', `inline; filename="${request.params.file.replace(/[^\w.-]/g, '_')}"`);
      response.end(Buffer.from(act.pdf));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

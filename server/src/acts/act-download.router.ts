import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { CartableError, ErrorCode, NotFoundError } from '../common/errors.js';
import type { SignedLinks } from '../http/signed-links.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import type { Body } from '../platform/bodies/body.entity.js';
import type { BodyEnvironment } from '../tenancy/body-context.js';
import { enterBodyAsSystem } from '../tenancy/system-scope.js';
import { actesArchive, type ActesFacts } from './actes-archive.js';
import { ActSettings, Deliberation } from './deliberation.entity.js';
import { ProcesVerbal } from './proces-verbal.entity.js';
import { renderRegistre } from './registre.js';

export const actLinkPurpose = 'cartable-act';
export const actsPath = '/acts';
const grantSchema = z.object({
  bodyId: z.uuid(),
  deliberationId: z.uuid().optional(),
  procesVerbalId: z.uuid().optional(),
  /** The @CTES operator's files of the délibération, rather than its PDF. */
  actes: z.boolean().optional(),
  /** The registre pages of that year. */
  registreYear: z.number().int().optional(),
  expiresAt: z.iso.datetime(),
});

/** YYYY-MM-DD in the body's time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * What the ACTES files of a signed act need: the body's SIRET (its SIREN names the files), its department
 * code (a setting) and the séance's date. Refused with a French message naming what is missing.
 */
export async function actesFacts(em: EntityManager, platformEm: EntityManager, body: Body, act: Deliberation): Promise<ActesFacts> {
  if (act.status !== 'SIGNED')
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      'Les fichiers pour le contrôle de légalité se préparent pour une délibération signée par tous ses signataires.',
      { reason: 'NOT_SIGNED' },
    );
  const [row] = await platformEm.execute<{ siret: string | null }[]>('select siret from platform.body where id = ?', [body.id]);
  if (!row?.siret || !/^\d{14}$/.test(row.siret)) {
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      'Le SIRET de l’organisme n’est pas renseigné : les noms des fichiers ACTES portent son SIREN. Renseignez-le dans la facturation de l’organisme.',
      { reason: 'SIRET_MISSING' },
    );
  }
  const settings = await em.findOneOrFail(ActSettings, { id: true });
  if (!settings.actesDepartment) {
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      'Le code du département pour les fichiers ACTES n’est pas renseigné : indiquez-le dans les paramètres des actes.',
      { reason: 'ACTES_DEPARTMENT_MISSING' },
    );
  }
  const meeting = await em.findOne(Meeting, { id: act.meetingId });
  if (!meeting) throw new NotFoundError('Séance introuvable.');
  return { siret: row.siret, department: settings.actesDepartment, decisionDate: localDate(meeting.startsAt, body.timeZone) };
}

/**
 * `GET /acts/<link>/<file>`, for a link issued to the secretariat: the current PDF of a délibération or a
 * procès-verbal (`pdfUrl`), the @CTES operator's files of a signed act (`actesArchive`, .tar.gz), or the
 * registre pages of a year (`registreUrl`).
 */
export function createActDownloadRouter(deps: { orm: MikroORM; links: SignedLinks; environment: BodyEnvironment }): Router {
  const router = Router();
  router.get('/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(actLinkPurpose, grantSchema, request.params.token);
      const scope = grant ? await enterBodyAsSystem(deps.orm, deps.environment, grant.bodyId, 'act-link') : null;
      const notFound = () => void response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
      if (!grant || !scope) return notFound();
      const fileName = request.params.file.replace(/[^\w.-]/g, '_');
      response.setHeader('cache-control', 'private, no-store');
      if (grant.registreYear !== undefined) {
        const pdf = await renderRegistre(scope.em, scope.platformEm, scope.body, grant.registreYear);
        if (!pdf) return notFound();
        response.type('application/pdf').setHeader('content-disposition', `attachment; filename="${fileName}"`);
        return void response.end(pdf);
      }
      const act = grant.deliberationId
        ? await scope.em.findOne(Deliberation, { id: grant.deliberationId }, { populate: ['pdf'] })
        : grant.procesVerbalId
          ? await scope.em.findOne(ProcesVerbal, { id: grant.procesVerbalId }, { populate: ['pdf'] })
          : null;
      if (!act?.pdf) return notFound();
      if (grant.actes && act instanceof Deliberation) {
        const archive = await actesArchive(act, act.pdf, await actesFacts(scope.em, scope.platformEm, scope.body, act));
        response.type('application/gzip').setHeader('content-disposition', `attachment; filename="${archive.name}"`);
        return void response.end(archive.bytes);
      }
      response.type('application/pdf').setHeader('content-disposition', `inline; filename="${fileName}"`);
      response.end(Buffer.from(act.pdf));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Router, type Response } from 'express';
import { toCsv } from '../common/csv.js';
import { frenchDate, frenchDateTime } from '../common/french.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { Body } from '../platform/bodies/body.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import { scdlMatiere } from './actes-nomenclature.js';
import { ActSettings, Deliberation } from './deliberation.entity.js';
import { numberedActsOf, renderDeliberationList } from './deliberation-list.js';
import { isUuid } from '../common/ids.js';
import { ProcesVerbal } from './proces-verbal.entity.js';
import { localDate } from './act-download.router.js';
import { bodyArticles } from '../legal/body-articles.js';

export const publicPath = '/public';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const publicityLabels = {
  PAPER_DISPLAY: 'par affichage',
  PAPER_PUBLICATION: 'par publication sur papier',
} as const;

/** SCDL « Délibérations » 2.1.5 (schema.data.gouv.fr `scdl/deliberations`), in its order. */
export const scdlColumns = [
  'COLL_NOM',
  'COLL_SIRET',
  'DELIB_ID',
  'DELIB_DATE',
  'DELIB_MATIERE_CODE',
  'DELIB_MATIERE_NOM',
  'DELIB_OBJET',
  'BUDGET_ANNEE',
  'BUDGET_NOM',
  'PREF_ID',
  'PREF_DATE',
  'VOTE_EFFECTIF',
  'VOTE_REEL',
  'VOTE_POUR',
  'VOTE_CONTRE',
  'VOTE_ABSTENTION',
  'DELIB_URL',
] as const;

interface PublishedAct {
  act: Deliberation;
  meeting: Meeting;
  url: string;
}

interface PublishedProcesVerbal {
  pv: ProcesVerbal;
  meeting: Meeting;
  url: string;
}

/**
 * The public side of the acts, without login (L2131-1, R2131-1): `/public/<slug>/actes` (accessible
 * HTML, in French), `/public/<slug>/actes.atom` (Atom feed), `/public/<slug>/actes/<id>.pdf` (the signed
 * PDF at a permanent URL) and `/public/<slug>/deliberations.csv` (open data, SCDL Délibérations 2.1.5).
 * Only published acts are shown; nothing is ever taken down.
 */
export function createPublicActsRouter(deps: { orm: MikroORM; publicUrl: string }): Router {
  const router = Router();

  const published = async (
    slug: string,
  ): Promise<{
    body: Body;
    em: EntityManager;
    acts: PublishedAct[];
    procesVerbaux: PublishedProcesVerbal[];
    settings: ActSettings;
  } | null> => {
    const platformEm = deps.orm.em.fork();
    const body = await platformEm.findOne(Body, { slug, status: { $in: ['ACTIVE', 'ARCHIVED'] } });
    if (!body) return null;
    const em = deps.orm.em.fork({ schema: bodySchemaName(body.id), clear: true });
    const acts = await em.find(Deliberation, { publishedAt: { $ne: null } }, { orderBy: { publishedAt: 'desc', numberLabel: 'desc' } });
    const procesVerbaux = await em.find(ProcesVerbal, { publishedAt: { $ne: null } }, { orderBy: { publishedAt: 'desc' } });
    const meetingIds = [...acts.map((act) => act.meetingId), ...procesVerbaux.map((pv) => pv.meetingId)];
    const meetings = new Map(
      (await em.find(Meeting, { id: { $in: meetingIds } }, { populate: ['assembly'] })).map((meeting) => [meeting.id, meeting]),
    );
    const base = `${deps.publicUrl}${publicPath}/${body.slug}`;
    return {
      body,
      em,
      settings: await em.findOneOrFail(ActSettings, { id: true }),
      acts: acts.map((act) => ({ act, meeting: meetings.get(act.meetingId)!, url: `${base}/actes/${act.id}.pdf` })),
      procesVerbaux: procesVerbaux.map((pv) => ({ pv, meeting: meetings.get(pv.meetingId)!, url: `${base}/proces-verbaux/${pv.id}.pdf` })),
    };
  };

  const notFound = (response: Response) => response.status(404).type('text/plain; charset=utf-8').send('Organisme introuvable.');

  router.get('/:slug/actes', async (request, response, next) => {
    try {
      const found = await published(request.params.slug);
      if (!found) return void notFound(response);
      response.setHeader('cache-control', 'public, max-age=60');
      response
        .type('text/html; charset=utf-8')
        .send(actsPage(found.body, found.acts, found.procesVerbaux, found.settings, `${deps.publicUrl}${publicPath}/${found.body.slug}`));
    } catch (error) {
      next(error);
    }
  });

  router.get('/:slug/actes.atom', async (request, response, next) => {
    try {
      const found = await published(request.params.slug);
      if (!found) return void notFound(response);
      response
        .type('application/atom+xml; charset=utf-8')
        .send(actsFeed(found.body, found.acts, `${deps.publicUrl}${publicPath}/${found.body.slug}`));
    } catch (error) {
      next(error);
    }
  });

  /** A published document's signed PDF at its permanent URL (`<id>.pdf`), or 404 with `missing`. */
  const servePublishedPdf = (
    path: string,
    missing: string,
    pick: (
      found: NonNullable<Awaited<ReturnType<typeof published>>>,
      id: string,
    ) => { document: Deliberation | ProcesVerbal; fileName: string } | undefined,
  ) =>
    router.get(path, async (request, response, next) => {
      try {
        const id = /^([0-9a-f-]{36})\.pdf$/.exec(String(request.params.file))?.[1];
        const found = id ? await published(String(request.params.slug)) : null;
        const entry = found ? pick(found, id!) : undefined;
        if (!found || !entry) return void response.status(404).type('text/plain; charset=utf-8').send(missing);
        await found.em.populate(entry.document, ['pdf']);
        response.setHeader('cache-control', 'public, max-age=3600');
        response.type('application/pdf').setHeader('content-disposition', `inline; filename="${entry.fileName}"`);
        response.end(Buffer.from(entry.document.pdf!));
      } catch (error) {
        next(error);
      }
    });

  servePublishedPdf('/:slug/actes/:file', 'Acte introuvable ou non publié.', (found, id) => {
    const act = found.acts.find((entry) => entry.act.id === id)?.act;
    return act && { document: act, fileName: `deliberation-${act.numberLabel}.pdf` };
  });

  servePublishedPdf('/:slug/proces-verbaux/:file', 'Procès-verbal introuvable ou non publié.', (found, id) => {
    const entry = found.procesVerbaux.find(({ pv }) => pv.id === id);
    return entry && { document: entry.pv, fileName: `proces-verbal-${localDate(entry.meeting.startsAt, found.body.timeZone)}.pdf` };
  });

  router.get('/:slug/seances/:meetingId/liste-des-deliberations.pdf', async (request, response, next) => {
    try {
      const found = await published(request.params.slug);
      const meetingId = request.params.meetingId;
      const meeting = found && isUuid(meetingId) ? await found.em.findOne(Meeting, { id: meetingId }, { populate: ['assembly'] }) : null;
      const acts = meeting ? await numberedActsOf(found!.em, meeting.id) : [];
      if (!found || !meeting || acts.length === 0)
        return void response.status(404).type('text/plain; charset=utf-8').send('Séance introuvable ou sans délibération.');
      response.setHeader('cache-control', 'public, max-age=300');
      response.type('application/pdf').setHeader('content-disposition', `inline; filename="liste-des-deliberations-${meeting.id}.pdf"`);
      response.end(await renderDeliberationList(found.body, meeting, acts));
    } catch (error) {
      next(error);
    }
  });

  router.get('/:slug/deliberations.csv', async (request, response, next) => {
    try {
      const found = await published(request.params.slug);
      if (!found) return void notFound(response);
      const [row] = await deps.orm.em
        .fork()
        .execute<{ siret: string | null }[]>('select siret from platform.body where id = ?', [found.body.id]);
      const siret = row?.siret ?? null;
      if (!siret || !/^\d{14}$/.test(siret)) {
        response.status(409).json({
          error: 'SIRET_MISSING',
          message: `Le SIRET de l’organisme « ${found.body.name} » n’est pas renseigné : l’export SCDL des délibérations l’exige (COLL_SIRET). Renseignez-le dans les paramètres de l’organisme.`,
        });
        return;
      }
      const lines = found.acts.map(({ act, meeting, url }) => {
        const matiere = scdlMatiere(act.matiereCode);
        return [
          found.body.name,
          siret,
          act.numberLabel,
          localDate(meeting.startsAt, found.body.timeZone),
          matiere.code,
          matiere.name,
          act.title,
          null,
          null,
          act.prefectureId ?? null,
          act.acknowledgedAt ? localDate(act.acknowledgedAt, found.body.timeZone) : null,
          act.voteEffectif,
          act.voteVotants,
          act.votePour,
          act.voteContre,
          act.voteAbstention,
          url,
        ];
      });
      response.setHeader('cache-control', 'public, max-age=300');
      response.type('text/csv; charset=utf-8').setHeader('content-disposition', `inline; filename="deliberations-${found.body.slug}.csv"`);
      response.send(toCsv([scdlColumns, ...lines]));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function actsPage(body: Body, acts: PublishedAct[], procesVerbaux: PublishedProcesVerbal[], settings: ActSettings, base: string): string {
  const notice =
    settings.publicityMode === 'ELECTRONIC'
      ? `<p>Les actes ci-dessous sont publiés sous forme électronique (${bodyArticles(body.kind).actsPublication}) ; ils restent en ligne au moins deux mois, sans limite de durée ici.</p>`
      : `<p>Depuis le ${escapeHtml(settings.publicityModeSince ? frenchDate(new Date(`${String(settings.publicityModeSince)}T12:00:00Z`), body.timeZone) : '—')}, la publicité légale des actes de ${escapeHtml(body.name)} se fait ${publicityLabels[settings.publicityMode]} ; cette page les reprend à titre d’information.</p>`;
  const rows = acts
    .map(
      ({ act, meeting, url }) => `<tr>
<th scope="row">${escapeHtml(act.numberLabel ?? '')}</th>
<td>${escapeHtml(act.title)}<br><span class="meta">${escapeHtml(act.matiereCode)} — ${escapeHtml(act.matiereName)}</span></td>
<td>${escapeHtml(frenchDate(meeting.startsAt, body.timeZone))}<br><span class="meta">${escapeHtml(meeting.assembly.name)}</span></td>
<td>${escapeHtml(frenchDateTime(act.publishedAt!, body.timeZone))}</td>
<td>${escapeHtml(act.publishedByName ?? '')}, ${escapeHtml(act.publishedByQuality ?? '')}</td>
<td><a href="${escapeHtml(url)}">Délibération n° ${escapeHtml(act.numberLabel ?? '')} (PDF signé)</a></td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Actes publiés — ${escapeHtml(body.name)}</title>
<link rel="alternate" type="application/atom+xml" title="Actes publiés — ${escapeHtml(body.name)}" href="${escapeHtml(base)}/actes.atom">
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1a1a24; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #767680; padding: .5rem; text-align: left; vertical-align: top; }
thead th { background: #ececf2; }
.meta { color: #4a4a55; font-size: .9em; }
a { color: #0b4fa8; }
a:focus { outline: 3px solid #0b4fa8; outline-offset: 2px; }
@media (max-width: 48rem) { table, thead, tbody, tr, th, td { display: block; } thead { position: absolute; left: -9999px; } td, th { border: none; border-bottom: 1px solid #ccc; } }
</style>
</head>
<body>
<header><p>${escapeHtml(body.name)}</p><h1>Actes publiés</h1></header>
<main>
${notice}
${meetingLists(acts, body, base)}
<p><a href="${escapeHtml(base)}/actes.atom">S’abonner au flux Atom des actes</a> · <a href="${escapeHtml(base)}/deliberations.csv">Données ouvertes des délibérations (CSV, format SCDL)</a></p>
${
  acts.length === 0
    ? '<p>Aucun acte n’est publié pour le moment.</p>'
    : `<table>
<caption>${acts.length} acte(s) publié(s), du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Numéro</th><th scope="col">Objet</th><th scope="col">Séance</th><th scope="col">Mise en ligne</th><th scope="col">Auteur et qualité</th><th scope="col">Document</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
${procesVerbauxSection(procesVerbaux, body)}
</main>
</body>
</html>
`;
}

/** The procès-verbaux arrêtés and published (L2121-15), newest first. */
function procesVerbauxSection(procesVerbaux: PublishedProcesVerbal[], body: Body): string {
  if (procesVerbaux.length === 0) return '';
  const rows = procesVerbaux
    .map(
      ({ pv, meeting, url }) => `<tr>
<th scope="row">${escapeHtml(frenchDate(meeting.startsAt, body.timeZone))}<br><span class="meta">${escapeHtml(meeting.assembly.name)}</span></th>
<td>${escapeHtml(pv.arreteAt ? frenchDate(pv.arreteAt, body.timeZone) : '')}</td>
<td>${escapeHtml(frenchDateTime(pv.publishedAt!, body.timeZone))}</td>
<td>${escapeHtml(pv.publishedByName ?? '')}, ${escapeHtml(pv.publishedByQuality ?? '')}</td>
<td><a href="${escapeHtml(url)}">Procès-verbal de la séance du ${escapeHtml(frenchDate(meeting.startsAt, body.timeZone))} (PDF signé)</a></td>
</tr>`,
    )
    .join('\n');
  return `<h2>Procès-verbaux des séances</h2>
<table>
<caption>${procesVerbaux.length} procès-verbal(aux) arrêté(s) et publié(s), du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Séance</th><th scope="col">Arrêté le</th><th scope="col">Mise en ligne</th><th scope="col">Auteur et qualité</th><th scope="col">Document</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** One link per séance to its liste des délibérations (L2121-25). */
function meetingLists(acts: PublishedAct[], body: Body, base: string): string {
  const meetings = new Map(acts.map(({ meeting }) => [meeting.id, meeting]));
  if (meetings.size === 0) return '';
  const items = [...meetings.values()]
    .map(
      (meeting) =>
        `<li><a href="${escapeHtml(base)}/seances/${meeting.id}/liste-des-deliberations.pdf">Liste des délibérations de la séance du ${escapeHtml(frenchDate(meeting.startsAt, body.timeZone))} (${escapeHtml(meeting.assembly.name)}, PDF)</a></li>`,
    )
    .join('\n');
  return `<h2>Listes des délibérations par séance</h2>\n<ul>\n${items}\n</ul>\n<h2>Actes</h2>`;
}

function actsFeed(body: Body, acts: PublishedAct[], base: string): string {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const updated = (acts[0]?.act.publishedAt ?? body.createdAt).toISOString();
  const entries = acts
    .map(
      ({ act, meeting, url }) => `<entry>
<id>urn:uuid:${act.id}</id>
<title>${xml(`Délibération n° ${act.numberLabel} — ${act.title}`)}</title>
<updated>${act.publishedAt!.toISOString()}</updated>
<published>${act.publishedAt!.toISOString()}</published>
<author><name>${xml(`${act.publishedByName}, ${act.publishedByQuality}`)}</name></author>
<link rel="alternate" type="application/pdf" href="${xml(url)}"/>
<summary>${xml(`Séance du ${frenchDate(meeting.startsAt, body.timeZone)} (${meeting.assembly.name}) — ${act.matiereName}`)}</summary>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<id>${xml(`${base}/actes`)}</id>
<title>${xml(`Actes publiés — ${body.name}`)}</title>
<updated>${updated}</updated>
<link rel="self" href="${xml(`${base}/actes.atom`)}"/>
<link rel="alternate" type="text/html" href="${xml(`${base}/actes`)}"/>
${entries}
</feed>
`;
}

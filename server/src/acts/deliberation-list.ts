import type { EntityManager } from '@mikro-orm/postgresql';
import { frenchDate, frenchDateTime } from '../common/french.js';
import { TextPdfWriter } from '../media/pdf-text.js';
import type { Meeting } from '../body/meetings/meeting.entity.js';
import type { Body } from '../platform/bodies/body.entity.js';
import { Deliberation } from './deliberation.entity.js';
import { bodyArticles, cited } from '../legal/body-articles.js';

/** The numbered délibérations of a meeting, in number order: those a liste des délibérations names. */
export async function numberedActsOf(em: EntityManager, meetingId: string): Promise<Deliberation[]> {
  return em.find(Deliberation, { meetingId, number: { $ne: null } }, { orderBy: { year: 'asc', number: 'asc' } });
}

/**
 * The liste des délibérations examinées at a séance (L2121-25: displayed at the mairie and put online
 * within a week): number, object, result and vote of each, as a PDF/A.
 */
export async function renderDeliberationList(
  body: Body,
  meeting: Meeting,
  acts: readonly Deliberation[],
  now = new Date(),
): Promise<Buffer> {
  const writer = await TextPdfWriter.create(
    {
      title: `Liste des délibérations — séance du ${frenchDate(meeting.startsAt, body.timeZone)}`,
      author: body.name,
      footer: `${body.name} — liste des délibérations${cited(bodyArticles(body.kind).deliberationList)}, éditée le ${frenchDateTime(now, body.timeZone)}`,
      createdAt: now,
    },
    { archival: true },
  );
  writer
    .text(body.name, { size: 15, bold: true })
    .text(`Liste des délibérations examinées — ${meeting.assembly.name}`, { size: 13, bold: true })
    .text(`Séance du ${frenchDateTime(meeting.startsAt, body.timeZone)}${meeting.place ? `, ${meeting.place}` : ''}`, {
      size: 10,
      gapAfter: 10,
    });
  writer.table(
    ['Numéro', 'Objet', 'Décision', 'Vote (pour / contre / abstentions)'],
    acts.map((act) => [
      act.numberLabel ?? '',
      act.title,
      act.voteResult === 'ADOPTED' ? 'Adoptée' : 'Rejetée',
      `${act.votePour} / ${act.voteContre} / ${act.voteAbstention}`,
    ]),
    [0.15, 0.5, 0.13, 0.22],
  );
  return Buffer.from(await writer.save());
}

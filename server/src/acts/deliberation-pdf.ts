import { frenchDate, frenchDateTime } from '../common/french.js';
import { TextPdfWriter } from '../media/pdf-text.js';
import type { Deliberation } from './deliberation.entity.js';

export interface DeliberationDocumentContext {
  bodyName: string;
  timeZone: string;
  assemblyName: string;
  meetingStartsAt: Date;
  meetingPlace: string | null;
  presidentName: string;
  secretaryNames: string[];
  /** The voters' names and choices when the item was voted by scrutin public (empty otherwise). */
  publicBallot: string[];
}

const paragraphs = (text: string) =>
  text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The délibération as a PDF/A-2b document: heading, number and title, visas, considérants, dispositif,
 * the vote, the signatories (whose electronic signatures are then added in incremental updates).
 */
export async function renderDeliberationPdf(act: Deliberation, context: DeliberationDocumentContext, now: Date): Promise<Buffer> {
  const writer = await TextPdfWriter.create(
    {
      title: `Délibération n° ${act.numberLabel} — ${act.title}`,
      author: context.bodyName,
      footer: `${context.bodyName} — délibération n° ${act.numberLabel} (version ${act.version})`,
      createdAt: now,
    },
    { archival: true },
  );
  writer
    .text(context.bodyName, { size: 15, bold: true })
    .text(`Extrait du registre des délibérations — ${context.assemblyName}`, { size: 11 })
    .text(
      `Séance du ${frenchDateTime(context.meetingStartsAt, context.timeZone)}${context.meetingPlace ? `, ${context.meetingPlace}` : ''}`,
      { size: 10, gapAfter: 10 },
    )
    .text(`Délibération n° ${act.numberLabel}`, { size: 13, bold: true })
    .text(act.title, { size: 12, bold: true, gapAfter: 6 })
    .text(`Matière : ${act.matiereCode} — ${act.matiereName}`, { size: 9 });
  if (act.rapporteur) writer.text(`Rapporteur : ${act.rapporteur}`, { size: 9 });
  writer.text(`Président de séance : ${context.presidentName} — secrétaire(s) de séance : ${context.secretaryNames.join(', ')}`, {
    size: 9,
    gapAfter: 10,
  });
  writer.text(
    `Membres en exercice : ${act.voteEffectif} — votants : ${act.voteVotants} (présents ou représentés ayant pris part au vote)`,
    { size: 9, gapAfter: 10 },
  );
  for (const line of paragraphs(act.visas)) writer.text(line, { size: 10 });
  writer.space(6);
  for (const line of paragraphs(act.considerants)) writer.text(line, { size: 10 });
  writer.space(6).text('Après en avoir délibéré, le conseil :', { size: 10, bold: true, gapAfter: 4 });
  for (const line of paragraphs(act.dispositif)) writer.text(line, { size: 10, indent: 12 });
  writer
    .space(8)
    .text(`Vote : pour ${act.votePour}, contre ${act.voteContre}, abstention(s) ${act.voteAbstention}.`, { size: 10, bold: true })
    .text(act.voteResult === 'ADOPTED' ? 'La délibération est adoptée.' : 'La délibération est rejetée.', {
      size: 10,
      bold: true,
      gapAfter: 6,
    });
  for (const line of context.publicBallot) writer.text(line, { size: 9, indent: 8 });
  writer
    .space(8)
    .text(`Fait et délibéré le ${frenchDate(context.meetingStartsAt, context.timeZone)}.`, { size: 10, gapAfter: 10 })
    .text(`Le président de séance, ${context.presidentName}`, { size: 10 })
    .text(`Le(s) secrétaire(s) de séance, ${context.secretaryNames.join(', ')}`, { size: 10, gapAfter: 6 })
    .text('Signé électroniquement (signatures PAdES incorporées à ce fichier).', { size: 8 });
  return Buffer.from(await writer.save());
}

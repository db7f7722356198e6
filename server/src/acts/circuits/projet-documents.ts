import { buffer } from 'node:stream/consumers';
import { storeGeneratedDocument } from '../../body/documents/document.service.js';
import { TextPdfWriter } from '../../media/pdf-text.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { ProjetDocument, type Projet } from './circuit.entity.js';

const paragraphs = (text: string) =>
  text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The rapport and the projet de délibération as approved, as one PDF. */
export async function renderProjetPdf(projet: Projet, bodyName: string, now: Date): Promise<Uint8Array> {
  const writer = await TextPdfWriter.create({
    title: `Rapport — ${projet.title}`,
    author: bodyName,
    footer: `${bodyName} — rapport (version ${projet.version})`,
    createdAt: now,
  });
  writer.text(bodyName, { size: 15, bold: true }).text(projet.title, { size: 13, bold: true, gapAfter: 6 });
  if (projet.rapporteur) writer.text(`Rapporteur : ${projet.rapporteur}`, { size: 9, gapAfter: 8 });
  writer.heading('Rapport');
  for (const paragraph of paragraphs(projet.rapport)) writer.text(paragraph, { size: 10, gapAfter: 4 });
  if (projet.projetText) {
    writer.space(8).heading('Projet de délibération');
    for (const paragraph of paragraphs(projet.projetText)) writer.text(paragraph, { size: 10, gapAfter: 4 });
  }
  return writer.save();
}

/**
 * As an approved projet goes on the agenda, its rapport (rendered) and its attached files become the
 * item's documents, through the same verification as an upload: they then leave with the convocation.
 * `em` is the placement's transaction: the rows commit with the item, or not at all.
 */
export async function storeProjetDocuments(ctx: PersonContext, projet: Projet, meetingId: string, agendaItemId: string): Promise<void> {
  const { body, em } = ctx;
  const rapport = projet.rapport ? await renderProjetPdf(projet, body.name, ctx.now()) : null;
  if (rapport) {
    await storeGeneratedDocument(ctx, {
      meetingId,
      agendaItemId,
      kind: 'RAPPORT',
      title: `Rapport — ${projet.title}`.slice(0, 300),
      fileName: 'rapport.pdf',
      bytes: rapport,
    });
  }
  for (const attached of await em.find(ProjetDocument, { projetId: projet.id }, { orderBy: { createdAt: 'asc' } })) {
    const bytes = await buffer(await ctx.services.documents.storage.read(attached.storageKey));
    await storeGeneratedDocument(ctx, {
      meetingId,
      agendaItemId,
      kind: 'ANNEXE',
      title: attached.title,
      fileName: attached.fileName,
      bytes,
    });
  }
}

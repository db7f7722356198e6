import { PDFDocument, StandardFonts } from 'pdf-lib';
import { testPublicUrl, type TestHarness } from './harness.js';

/** A PDF whose pages hold exactly these texts (wrapped), to control what the text layer reads. */
export async function textPdf(pages: readonly string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    document.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 11, font, maxWidth: 495, lineHeight: 15 });
  }
  return document.save();
}

/**
 * Uploads a PDF as the secretariat's browser does (ticket, direct POST, completion) and returns the
 * document id; with `documentId`, a new version of that document.
 */
export async function uploadDocument(
  harness: TestHarness,
  token: string,
  target: { bodyId: string; meetingId: string; documentId?: string; title?: string },
  bytes: Uint8Array,
): Promise<string> {
  const ticket = await harness.graphql<{ requestDocumentUpload: { uploadId: string; url: string; fields: { name: string; value: string }[] } }>(
    'mutation ($bodyId: ID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } } }',
    {
      bodyId: target.bodyId,
      input: {
        meetingId: target.meetingId,
        documentId: target.documentId ?? null,
        kind: 'RAPPORT',
        title: target.title ?? 'Rapport',
        fileName: 'rapport.pdf',
        contentType: 'application/pdf',
        sizeBytes: bytes.length,
      },
    },
    token,
  );
  if (!ticket.data) throw new Error(`upload refused: ${JSON.stringify(ticket.errors)}`);
  const { uploadId, url, fields } = ticket.data.requestDocumentUpload;
  const post = harness.http.post(url.replace(testPublicUrl, ''));
  for (const field of fields) post.field(field.name, field.value);
  const stored = await post.attach('file', Buffer.from(bytes), { filename: 'rapport.pdf', contentType: 'application/pdf' });
  if (stored.status !== 204) throw new Error(`storage refused the file: ${stored.status}`);
  const completed = await harness.graphql<{ completeDocumentUpload: string }>(
    'mutation ($bodyId: ID!, $uploadId: ID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId: target.bodyId, uploadId },
    token,
  );
  if (!completed.data) throw new Error(`verification refused the file: ${JSON.stringify(completed.errors)}`);
  return completed.data.completeDocumentUpload;
}

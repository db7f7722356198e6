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

export interface DocumentTicket {
  uploadId: string;
  url: string | null;
  fields: { name: string; value: string }[];
  parts: { partSize: number; partCount: number } | null;
}

export const requestDocumentUploadMutation =
  'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } parts { partSize partCount } } }';

export interface PartUrl {
  partNumber: number;
  url: string;
  sizeBytes: number;
}

/** `requestDocumentUploadParts`: the PUT URL of each part asked for. */
export async function requestPartUrls(harness: TestHarness, token: string, bodyId: string, uploadId: string, partNumbers: number[]) {
  return harness.graphql<{ requestDocumentUploadParts: PartUrl[] }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!, $partNumbers: [Int!]!) { requestDocumentUploadParts(bodyId: $bodyId, uploadId: $uploadId, partNumbers: $partNumbers) { partNumber url sizeBytes } }',
    { bodyId, uploadId, partNumbers },
    token,
  );
}

/** PUTs one part as the browser does: to the local storage through the app, or straight to S3. */
export async function putPart(harness: TestHarness, url: string, bytes: Uint8Array): Promise<number> {
  if (url.startsWith(testPublicUrl)) {
    return (await harness.http.put(url.replace(testPublicUrl, '')).set('content-type', 'application/octet-stream').send(Buffer.from(bytes)))
      .status;
  }
  return (await fetch(url, { method: 'PUT', body: Buffer.from(bytes) })).status;
}

/** Sends every part of an upload in parts, a few URLs at a time. */
export async function sendAllParts(
  harness: TestHarness,
  token: string,
  bodyId: string,
  ticket: DocumentTicket,
  bytes: Uint8Array,
): Promise<void> {
  const { partSize, partCount } = ticket.parts!;
  const numbers = Array.from({ length: partCount }, (_, index) => index + 1);
  for (let first = 0; first < numbers.length; first += 10) {
    const urls = await requestPartUrls(harness, token, bodyId, ticket.uploadId, numbers.slice(first, first + 10));
    if (!urls.data) throw new Error(`part URLs refused: ${JSON.stringify(urls.errors)}`);
    for (const part of urls.data.requestDocumentUploadParts) {
      const status = await putPart(harness, part.url, bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize));
      if (status !== 200) throw new Error(`storage refused part ${part.partNumber}: ${status}`);
    }
  }
}

/**
 * Uploads a PDF as the secretariat's browser does (ticket, direct POST or parts, completion) and returns
 * the document id; with `documentId`, a new version of that document.
 */
export async function uploadDocument(
  harness: TestHarness,
  token: string,
  target: { bodyId: string; meetingId: string; documentId?: string; title?: string },
  bytes: Uint8Array,
): Promise<string> {
  const ticket = await harness.graphql<{ requestDocumentUpload: DocumentTicket }>(
    requestDocumentUploadMutation,
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
  const { uploadId, url, fields, parts } = ticket.data.requestDocumentUpload;
  if (parts) {
    await sendAllParts(harness, token, target.bodyId, ticket.data.requestDocumentUpload, bytes);
  } else {
    const post = harness.http.post(url!.replace(testPublicUrl, ''));
    for (const field of fields) post.field(field.name, field.value);
    const stored = await post.attach('file', Buffer.from(bytes), { filename: 'rapport.pdf', contentType: 'application/pdf' });
    if (stored.status !== 204) throw new Error(`storage refused the file: ${stored.status}`);
  }
  const completed = await harness.graphql<{ completeDocumentUpload: string }>(
    'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
    { bodyId: target.bodyId, uploadId },
    token,
  );
  if (!completed.data) throw new Error(`verification refused the file: ${JSON.stringify(completed.errors)}`);
  return completed.data.completeDocumentUpload;
}

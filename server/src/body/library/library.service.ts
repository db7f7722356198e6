import { NotFoundError } from '../../common/errors.js';
import type { BodyContext, PersonContext } from '../../tenancy/body-context.js';
import { Document, DocumentVersion, type LibraryCategory } from '../documents/document.entity.js';
import { authoriseUpload, completeGeneratedUpload, type UploadRequestInput } from '../documents/document.service.js';

export interface LibraryUploadInput extends Omit<UploadRequestInput, 'meetingId' | 'agendaItemId' | 'kind'> {
  category: LibraryCategory;
}

/** Library documents are documents with no meeting: this is what tells them apart. */
const inLibrary = { meeting: null, libraryCategory: { $ne: null } } as const;

/**
 * Authorises the upload of a library document (or of a new version of one, which may move it to another
 * section): the same ticket, checks and completion (`completeUpload`) as a meeting document.
 */
export async function requestLibraryUpload(ctx: PersonContext, input: LibraryUploadInput) {
  return authoriseUpload(
    ctx,
    { ...input, kind: 'AUTRE' },
    input.sizeBytes > ctx.services.documents.partSize,
    { meeting: null, agendaItemId: null, libraryCategory: input.category },
    async () => {
      if (input.documentId && (await ctx.em.count(Document, { id: input.documentId, ...inLibrary })) === 0) {
        throw new NotFoundError('Document introuvable dans la bibliothèque.');
      }
    },
  );
}

/** The body's library, by section then title, each document with its versions (newest first); or the one document `documentId`. */
export async function libraryOf({ em }: BodyContext, documentId?: string) {
  const documents = await em.find(
    Document,
    { ...inLibrary, ...(documentId ? { id: documentId } : {}) },
    { orderBy: { libraryCategory: 'asc', title: 'asc' } },
  );
  if (documentId && documents.length === 0) throw new NotFoundError('Document introuvable dans la bibliothèque.');
  const versions = await em.find(
    DocumentVersion,
    { document: { $in: documents.map((document) => document.id) } },
    { orderBy: { version: 'desc' } },
  );
  return documents.map((document) => ({ document, versions: versions.filter((version) => version.document.id === document.id) }));
}

/** Stores a library document the server produced (demo data), through the same checks as an upload. */
export async function storeGeneratedLibraryDocument(
  ctx: PersonContext,
  input: { category: LibraryCategory; title: string; fileName: string; bytes: Uint8Array },
) {
  const { uploadId } = await requestLibraryUpload(ctx, {
    category: input.category,
    title: input.title,
    fileName: input.fileName,
    contentType: 'application/pdf',
    sizeBytes: input.bytes.length,
  });
  return completeGeneratedUpload(ctx, uploadId, input.bytes);
}

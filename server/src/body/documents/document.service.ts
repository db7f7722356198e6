import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import type { Logger } from '../../common/logger.js';
import type { InspectPdf, PdfInspections } from '../../media/pdf-inspector.js';
import type { StoragePort } from '../../storage/storage.port.js';
import type { BodyContext, PersonContext } from '../../tenancy/body-context.js';
import { AgendaItem } from '../agenda/agenda-item.entity.js';
import { findDraftMeeting, findMeetingAcceptingDocuments } from '../meetings/meeting.service.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { Document, DocumentPage, DocumentVersion, PendingUpload, type DocumentKind, type LibraryCategory } from './document.entity.js';
import {
  joinParts,
  partCountOf,
  rejected,
  releaseStorage,
  resumableLifetimeSeconds,
  sweepExpiredUploads,
} from './resumable-upload.service.js';

const pdfContentType = 'application/pdf';
const uploadLifetimeSeconds = 15 * 60;

declare module '../../tenancy/body-context.js' {
  interface BodyServices {
    /** Document storage, its limits and the PDF inspections. */
    documents: DocumentServices;
  }
}

export interface DocumentServices {
  storage: StoragePort;
  maxBytes: number;
  /** Files larger than this are uploaded in parts of this size (resumable); smaller ones in one POST. */
  partSize: number;
  /** The queue of PDF inspections (a few at a time, see PDF_INSPECTIONS); completions run in it. */
  inspections: PdfInspections;
  logger: Logger;
}

export interface UploadRequestInput {
  meetingId: string;
  agendaItemId?: string | null;
  /** Replace this document by a new version. */
  documentId?: string | null;
  kind: DocumentKind;
  title: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

const draftMeeting = (em: EntityManager, meetingId: string, lock = false) =>
  findDraftMeeting(em, meetingId, {
    lock,
    refusal: 'Un document envoyé aux élus ne se supprime plus : remplacez-le par une nouvelle version, elle partira en complément.',
  });

/** Where an upload goes: a meeting (and maybe one of its agenda items), or a section of the library. */
export type UploadPlace =
  | { meeting: Meeting; agendaItemId: string | null; libraryCategory: null }
  | { meeting: null; agendaItemId: null; libraryCategory: LibraryCategory };

/**
 * Authorises one direct upload to storage: a PDF of exactly the declared size (at most the configured
 * one; the storage refuses another size), under a key that is prefixed by the body id and impossible to
 * guess — in one POST, or in parts when the file is larger than one part (`inParts`, see
 * resumable-upload.service.ts). Nothing is a document until `completeUpload` checks it. Cleans up the
 * body's expired uploads first.
 */
export async function requestUpload(
  ctx: PersonContext,
  input: UploadRequestInput,
  inParts = input.sizeBytes > ctx.services.documents.partSize,
) {
  const { em } = ctx;
  const meeting = await findMeetingAcceptingDocuments(em, input.meetingId);
  return authoriseUpload(ctx, input, inParts, { meeting, agendaItemId: input.agendaItemId ?? null, libraryCategory: null }, async () => {
    if (input.agendaItemId && (await em.count(AgendaItem, { id: input.agendaItemId, meeting: meeting.id })) === 0) {
      throw new NotFoundError('Point de l’ordre du jour introuvable.');
    }
    if (input.documentId && (await em.count(Document, { id: input.documentId, meeting: meeting.id })) === 0) {
      throw new NotFoundError('Document introuvable.');
    }
  });
}

/**
 * The checks of the file every upload passes (type, size, name, title), then `checkPlace` (the place's
 * own: the agenda item, the replaced document), then the ticket: see `requestUpload`.
 */
export async function authoriseUpload(
  ctx: PersonContext,
  input: Omit<UploadRequestInput, 'meetingId' | 'agendaItemId'>,
  inParts: boolean,
  place: UploadPlace,
  checkPlace: () => Promise<void>,
) {
  const { body, em } = ctx;
  const services = ctx.services.documents;
  if (input.contentType !== pdfContentType) {
    throw rejected('Seuls les documents PDF sont acceptés.', 'WRONG_TYPE');
  }
  if (!Number.isInteger(input.sizeBytes) || input.sizeBytes < 1) throw rejected('Le fichier est vide.', 'EMPTY_FILE');
  if (input.sizeBytes > services.maxBytes) {
    throw rejected(`Le fichier dépasse la taille maximale de ${Math.round(services.maxBytes / 1_048_576)} Mo.`, 'TOO_LARGE');
  }
  const fileName = input.fileName.trim().replace(/[\\/\u0000-\u001f]/g, '_');
  if (!fileName || fileName.length > 255) throw rejected('Nom de fichier invalide.', 'BAD_FILE_NAME');
  const title = input.title.trim();
  if (!title || title.length > 300) throw rejected('Le titre doit compter de 1 à 300 caractères.', 'BAD_TITLE');
  await checkPlace();
  await sweepExpiredUploads(ctx);
  const id = uuidv7();
  const storageKey = `${body.id}/documents/${id}/${randomBytes(16).toString('hex')}.pdf`;
  const target = inParts
    ? null
    : await services.storage.createUpload({
        key: storageKey,
        contentType: pdfContentType,
        sizeBytes: input.sizeBytes,
        expiresInSeconds: uploadLifetimeSeconds,
      });
  const parts = inParts ? { partSize: services.partSize, partCount: partCountOf(input.sizeBytes, services.partSize) } : null;
  const expiresAt = target?.expiresAt ?? new Date(Date.now() + resumableLifetimeSeconds * 1000);
  const multipartUploadId = inParts ? await services.storage.startMultipartUpload(storageKey, pdfContentType) : null;
  em.create(PendingUpload, {
    id,
    ...place,
    documentId: input.documentId ?? null,
    kind: input.kind,
    title,
    fileName,
    contentType: pdfContentType,
    storageKey,
    multipartUploadId,
    sizeBytes: input.sizeBytes,
    partSize: parts?.partSize ?? null,
    requestedBy: ctx.actor.personId,
    expiresAt,
  });
  await em.flush();
  return { uploadId: id, target, parts, expiresAt, maxBytes: services.maxBytes };
}

/** Streams the object once: SHA-256 and the `%PDF-` signature, into a temporary file for parsing. */
async function download(storage: StoragePort, key: string, file: string): Promise<{ sha256: string; magic: string }> {
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      if (head.length < 5) head = Buffer.concat([head, chunk.subarray(0, 5 - head.length)]);
      callback(null, chunk);
    },
  });
  await pipeline(await storage.read(key), tap, createWriteStream(file));
  return { sha256: hash.digest('hex'), magic: head.toString('latin1') };
}

/**
 * Joins the parts of an upload in parts (refused while some are missing: the upload then resumes),
 * verifies the object — its size is the declared one, SHA-256, PDF signature, parse (pages, text,
 * thumbnail) — and only then makes it a document (or a new version of one). A rejected file is deleted
 * from storage; a single POST can be tried again until it expires.
 *
 * Idempotent and race-free: the whole completion runs in one transaction that holds the upload's row
 * (`for update`), inside a PDF inspection slot (so that at most that many transactions wait on long
 * work). A second completion of the same upload waits for the first, then finds the row gone and
 * answers with the version the first made (`document_version.upload_id`), or, after a rejection, sees
 * the file gone; it never deletes what the first committed. An abort waits for the row too; the sweep
 * of expired uploads skips it. A new version first locks the document it replaces: a deletion of that
 * document (which locks it before the meeting, then removes its uploads) waits for the completion, or the
 * completion for the deletion, instead of each holding what the other needs.
 */
export async function completeUpload(ctx: BodyContext, uploadId: string): Promise<Document> {
  return ctx.services.documents.inspections.run((inspect) =>
    ctx.em.transactional((tx) => completeLocked(ctx.withEm(tx), uploadId, inspect)),
  );
}

/** The completion, in the transaction of `ctx`. */
async function completeLocked(ctx: BodyContext, uploadId: string, inspect: InspectPdf): Promise<Document> {
  const { em: tx } = ctx;
  const services = ctx.services.documents;
  // Lock order, as `deleteDocument`: the replaced document, then the upload, then the meeting.
  const replaced = await tx.findOne(PendingUpload, { id: uploadId }, { fields: ['documentId'] });
  if (replaced?.documentId) await tx.findOne(Document, { id: replaced.documentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const pending = await tx.findOne(PendingUpload, { id: uploadId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!pending) {
    const done = await tx.findOne(DocumentVersion, { uploadId }, { populate: ['document'] });
    if (done) return done.document;
    throw new NotFoundError('Téléversement introuvable.');
  }
  // Released by the sweep of expired uploads, on the next upload request.
  if (pending.expiresAt < new Date()) throw rejected('Le téléversement a expiré ; recommencez.', 'UPLOAD_EXPIRED');
  if (pending.multipartUploadId) await joinParts(ctx, pending);
  const stored = await services.storage.head(pending.storageKey);
  if (!stored) throw rejected('Aucun fichier n’a été reçu pour ce téléversement.', 'UPLOAD_MISSING');

  // While the row is held and exists, no version refers to these keys: deleting them is safe.
  const workDir = await mkdtemp(path.join(tmpdir(), 'cartable-upload-'));
  const thumbnailKey = `${pending.storageKey.replace(/\.pdf$/, '')}.thumbnail.webp`;
  try {
    if (stored.size !== pending.sizeBytes) {
      throw rejected(`Le fichier reçu (${stored.size} octets) n’a pas la taille annoncée (${pending.sizeBytes} octets).`, 'SIZE_MISMATCH');
    }
    const file = path.join(workDir, 'document.pdf');
    const { sha256, magic } = await download(services.storage, pending.storageKey, file);
    if (magic !== '%PDF-') throw rejected('Le fichier n’est pas un PDF.', 'NOT_A_PDF');
    const inspection = await inspect(file);
    await services.storage.write(thumbnailKey, inspection.thumbnail.data, inspection.thumbnail.contentType);
    // A library upload has no meeting: its document is in the same section of the library.
    const meeting = pending.meeting ? await findMeetingAcceptingDocuments(tx, pending.meeting.id, true) : null;
    const place = meeting ? { meeting: meeting.id } : { meeting: null, libraryCategory: { $ne: null } };
    const document =
      (pending.documentId ? await tx.findOne(Document, { id: pending.documentId, ...place }) : null) ??
      tx.create(Document, {
        id: uuidv7(),
        meeting,
        agendaItemId: pending.agendaItemId ?? null,
        libraryCategory: pending.libraryCategory ?? null,
        kind: pending.kind,
        title: pending.title,
      });
    const previous = await tx.count(DocumentVersion, { document: document.id });
    const version = tx.create(DocumentVersion, {
      id: uuidv7(),
      document,
      version: previous + 1,
      storageKey: pending.storageKey,
      thumbnailKey,
      fileName: pending.fileName,
      contentType: pdfContentType,
      sizeBytes: stored.size,
      sha256,
      pageCount: inspection.pageCount,
      uploadedBy: pending.requestedBy,
      uploadId: pending.id,
    });
    if (pending.documentId)
      Object.assign(document, { title: pending.title, ...(meeting ? {} : { libraryCategory: pending.libraryCategory }) });
    tx.remove(pending);
    await tx.flush();
    await tx.insertMany(
      DocumentPage,
      inspection.pages.map((page) => ({ documentVersion: version.id, pageNumber: page.number, text: page.text })),
    );
    return document;
  } catch (error) {
    await Promise.all([services.storage.delete(pending.storageKey), services.storage.delete(thumbnailKey)]).catch((cleanup: unknown) =>
      services.logger.error({ err: cleanup, key: pending.storageKey }, 'could not delete a rejected upload'),
    );
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Stores a document produced by the server itself (demo data), through the same verification as an
 * upload: the bytes are written where an upload would have put them, then `completeUpload` runs.
 */
export async function storeGeneratedDocument(
  ctx: PersonContext,
  input: Omit<UploadRequestInput, 'contentType' | 'sizeBytes'> & { bytes: Uint8Array },
): Promise<Document> {
  const { uploadId } = await requestUpload(ctx, { ...input, contentType: pdfContentType, sizeBytes: input.bytes.length }, false);
  return completeGeneratedUpload(ctx, uploadId, input.bytes);
}

/** Writes generated bytes where the authorised upload `uploadId` (one POST) expects them, then completes it. */
export async function completeGeneratedUpload(ctx: BodyContext, uploadId: string, bytes: Uint8Array): Promise<Document> {
  const pending = await ctx.em.findOneOrFail(PendingUpload, { id: uploadId });
  await ctx.services.documents.storage.write(pending.storageKey, Buffer.from(bytes), pdfContentType);
  return completeUpload(ctx, uploadId);
}

/**
 * Deletes a document, all its versions and the uploads of new versions not completed yet: a meeting's
 * while the meeting is a draft, a library document at any time.
 */
export async function deleteDocument(ctx: BodyContext, documentId: string): Promise<string> {
  const { em } = ctx;
  const services = ctx.services.documents;
  const document = await em.findOne(Document, { id: documentId });
  if (!document) throw new NotFoundError('Document introuvable.');
  const { versions, uploads } = await em.transactional(async (tx) => {
    // Lock order, as `completeUpload`: the document (a new version of it being completed finishes first;
    // no upload of a new version can be requested any more), then the meeting.
    if (!(await tx.findOne(Document, { id: document.id }, { lockMode: LockMode.PESSIMISTIC_WRITE })))
      throw new NotFoundError('Document introuvable.');
    if (document.meeting) await draftMeeting(tx, document.meeting.id, true);
    const found = {
      versions: await tx.find(DocumentVersion, { document: document.id }),
      uploads: await tx.find(PendingUpload, { documentId: document.id }),
    };
    // The uploads go with the document (on delete cascade).
    await tx.nativeDelete(Document, { id: document.id });
    return found;
  });
  const keys = versions.flatMap((version) => [version.storageKey, ...(version.thumbnailKey ? [version.thumbnailKey] : [])]);
  await Promise.all([
    ...keys.map((key) => services.storage.delete(key)),
    ...uploads.map((pending) => releaseStorage(services.storage, pending)),
  ]).catch((error: unknown) => services.logger.error({ err: error, documentId }, 'document deleted, but some stored objects could not be'));
  return document.id;
}

export async function documentsOf(em: EntityManager, meetingId: string) {
  const documents = await em.find(
    Document,
    { meeting: meetingId },
    { populate: ['versions'], strategy: 'joined', orderBy: { createdAt: 'asc', id: 'asc', versions: { version: 'desc' } } },
  );
  return documents.map((document) => ({ document, versions: document.versions.getItems() }));
}

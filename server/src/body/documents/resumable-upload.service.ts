import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, NotFoundError } from '../../common/errors.js';
import { countOf } from '../../common/french.js';
import type { StoragePort } from '../../storage/storage.port.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { PendingUpload } from './document.entity.js';

/**
 * Documents larger than one part go in parts (S3 multipart upload): the browser asks for short-lived
 * URLs for a few parts at a time, PUTs them, and after a network drop or a page reload asks which parts
 * the storage holds and sends only the others. Completing joins the parts the storage lists — never a
 * list from the client — once each has the size it must have.
 */

/** A resumable upload lives a day; each part URL a quarter of an hour. */
export const resumableLifetimeSeconds = 24 * 3600;
const partUrlLifetimeSeconds = 15 * 60;
export const maxPartUrlsPerRequest = 20;
/** Expired uploads cleaned up on each new request of a body (the rest on the next ones). */
const sweepBatch = 20;

export function rejected(message: string, reason: string, details: Record<string, unknown> = {}): BadUserInputError {
  return new BadUserInputError(message, { reason, ...details });
}

export const partCountOf = (sizeBytes: number, partSize: number) => Math.ceil(sizeBytes / partSize);

interface InParts {
  pending: PendingUpload;
  multipartUploadId: string;
  sizeBytes: number;
  partSize: number;
  partCount: number;
}

/** The size part `partNumber` must have: the part size, the remainder for the last one. */
export const expectedPartSize = (upload: Pick<InParts, 'sizeBytes' | 'partSize' | 'partCount'>, partNumber: number) =>
  partNumber < upload.partCount ? upload.partSize : upload.sizeBytes - (upload.partCount - 1) * upload.partSize;

/** A pending upload in parts that can still receive some, or a typed refusal. */
async function findInParts(em: EntityManager, uploadId: string): Promise<InParts> {
  const pending = await em.findOne(PendingUpload, { id: uploadId });
  if (!pending) throw new NotFoundError('Téléversement introuvable.');
  if (!pending.multipartUploadId || !pending.partSize) {
    throw rejected(
      'Ce téléversement ne se fait pas par parties (ou ses parties sont déjà assemblées) : recommencez l’envoi.',
      'NOT_RESUMABLE',
    );
  }
  if (pending.expiresAt < new Date()) throw rejected('Le téléversement a expiré ; recommencez.', 'UPLOAD_EXPIRED');
  return {
    pending,
    multipartUploadId: pending.multipartUploadId,
    sizeBytes: pending.sizeBytes,
    partSize: pending.partSize,
    partCount: partCountOf(pending.sizeBytes, pending.partSize),
  };
}

/** Short-lived PUT URLs for some parts (at most `maxPartUrlsPerRequest`), each signed for its exact size. */
export async function requestPartUrls(ctx: BodyContext, uploadId: string, partNumbers: readonly number[]) {
  const { em } = ctx;
  const services = ctx.services.documents;
  const upload = await findInParts(em, uploadId);
  if (partNumbers.length === 0 || partNumbers.length > maxPartUrlsPerRequest) {
    throw rejected(`Demandez de 1 à ${maxPartUrlsPerRequest} parties à la fois.`, 'TOO_MANY_PARTS');
  }
  if (new Set(partNumbers).size !== partNumbers.length) throw rejected('Une partie est demandée deux fois.', 'BAD_PART_NUMBER');
  const wrong = partNumbers.find((partNumber) => !Number.isInteger(partNumber) || partNumber < 1 || partNumber > upload.partCount);
  if (wrong !== undefined) {
    throw rejected(`La partie ${wrong} n’existe pas : ce fichier compte ${upload.partCount} parties.`, 'BAD_PART_NUMBER');
  }
  const expiresAt = new Date(Math.min(Date.now() + partUrlLifetimeSeconds * 1000, upload.pending.expiresAt.getTime()));
  const expiresInSeconds = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return Promise.all(
    partNumbers.map(async (partNumber) => {
      const sizeBytes = expectedPartSize(upload, partNumber);
      const url = await services.storage.createPartUploadUrl({
        key: upload.pending.storageKey,
        uploadId: upload.multipartUploadId,
        partNumber,
        size: sizeBytes,
        expiresInSeconds,
      });
      return { partNumber, url, sizeBytes, expiresAt };
    }),
  );
}

/** Where an upload in parts stands: what the storage holds, for the browser to send the rest. */
export async function uploadProgress(ctx: BodyContext, uploadId: string) {
  const { em } = ctx;
  const services = ctx.services.documents;
  const upload = await findInParts(em, uploadId);
  const parts = await services.storage.listParts(upload.pending.storageKey, upload.multipartUploadId);
  if (!parts) throw rejected('Le stockage ne connaît plus ce téléversement : recommencez l’envoi.', 'NOT_RESUMABLE');
  return { ...upload, parts };
}

/**
 * Joins the parts into the object when every part is there with its size; otherwise a typed refusal
 * that leaves the upload as it is, to be resumed. Safe to call again after a join whose record was not
 * updated (the storage no longer knows the upload, the object is there).
 */
export async function joinParts(ctx: BodyContext, pending: PendingUpload): Promise<void> {
  const { em } = ctx;
  const services = ctx.services.documents;
  const upload = await findInParts(em, pending.id);
  const parts = await services.storage.listParts(pending.storageKey, upload.multipartUploadId);
  if (!parts) {
    if (!(await services.storage.head(pending.storageKey))) {
      throw rejected('Le stockage ne connaît plus ce téléversement : recommencez l’envoi.', 'NOT_RESUMABLE');
    }
  } else {
    const stored = new Map(parts.map((part) => [part.partNumber, part]));
    const missing = Array.from({ length: upload.partCount }, (_, index) => index + 1).filter((partNumber) => !stored.has(partNumber));
    if (missing.length > 0) {
      throw rejected(`Il manque ${countOf(missing.length, 'partie')} sur ${upload.partCount} : reprenez l’envoi.`, 'UPLOAD_INCOMPLETE', {
        missingParts: missing.slice(0, 100),
      });
    }
    const wrong = parts.find((part) => part.partNumber > upload.partCount || part.size !== expectedPartSize(upload, part.partNumber));
    if (wrong) throw rejected(`La partie ${wrong.partNumber} n’a pas la taille attendue : envoyez-la de nouveau.`, 'BAD_PART_SIZE');
    await services.storage.completeMultipartUpload(pending.storageKey, upload.multipartUploadId, parts).catch((error: unknown) => {
      // A part sent again between the listing and the join.
      if (error instanceof Error && error.name === 'InvalidPart')
        throw rejected('Une partie a changé pendant l’assemblage : finalisez de nouveau.', 'PARTS_CHANGED');
      throw error;
    });
  }
  await em.nativeUpdate(PendingUpload, { id: pending.id }, { multipartUploadId: null });
}

/** Drops what the storage holds for a pending upload: its parts, or its object. */
export async function releaseStorage(
  storage: StoragePort,
  pending: Pick<PendingUpload, 'storageKey' | 'multipartUploadId'>,
): Promise<void> {
  if (pending.multipartUploadId) await storage.abortMultipartUpload(pending.storageKey, pending.multipartUploadId);
  await storage.delete(pending.storageKey);
}

/** Cancels an upload: its parts (or its object) are dropped, its record deleted. */
export async function abortUpload(ctx: BodyContext, uploadId: string): Promise<string> {
  const { em } = ctx;
  const services = ctx.services.documents;
  const pending = await em.findOne(PendingUpload, { id: uploadId });
  // Claimed first: a completion running at the same time then finds the upload gone.
  if (!pending || (await em.nativeDelete(PendingUpload, { id: pending.id })) === 0) throw new NotFoundError('Téléversement introuvable.');
  await releaseStorage(services.storage, pending);
  return pending.id;
}

/**
 * Cleans up a body's expired uploads (parts of interrupted uploads, files never verified): run on each
 * new upload request. The records are claimed (deleted) before their storage is released; a record a
 * completion holds (`for update`, see completeUpload) is skipped, not waited for: the next sweep takes
 * it if it is still there. On S3, a lifecycle rule (AbortIncompleteMultipartUpload) is the backstop.
 */
export async function sweepExpiredUploads(ctx: BodyContext): Promise<number> {
  const { em } = ctx;
  const services = ctx.services.documents;
  const expired = await em.transactional(async (tx) => {
    const claimed = await tx.find(
      PendingUpload,
      { expiresAt: { $lt: new Date() } },
      { limit: sweepBatch, orderBy: { expiresAt: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
    if (claimed.length > 0) await tx.nativeDelete(PendingUpload, { id: { $in: claimed.map((pending) => pending.id) } });
    return claimed;
  });
  for (const pending of expired) {
    await releaseStorage(services.storage, pending).catch((error: unknown) =>
      services.logger.error({ err: error, key: pending.storageKey }, 'could not release an expired upload'),
    );
  }
  return expired.length;
}

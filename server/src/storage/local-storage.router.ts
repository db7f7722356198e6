import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy, { type Busboy } from 'busboy';
import { Router, type Request, type Response } from 'express';
import { LocalMultipartUploads } from './local-multipart.js';
import { InvalidStorageKeyError, LocalObjectFiles } from './local-object-files.js';
import { assertLocalStorageSecret, type LocalStorageOptions } from './local-storage.js';
import { isExpired, verifyDownloadToken, verifyPartToken, verifyUploadPolicy, type UploadPolicy } from './local-storage.signing.js';
import { attachmentDisposition } from './storage-helpers.js';

/** Form fields an upload may carry besides `file` (S3 refuses fields its policy does not cover). */
const allowedFields = new Set(['key', 'content-type', 'policy', 'signature']);
const maxFieldBytes = 8 * 1024;

/** An answer in S3's shape: HTTP status, S3 error code, message for the user. */
class StorageHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StorageHttpError';
  }
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);

function sendError(response: Response, error: StorageHttpError): void {
  response
    .status(error.status)
    .type('application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>`,
    );
}

const denied = (message: string) => new StorageHttpError(403, 'AccessDenied', message);
const malformedRequest = new StorageHttpError(400, 'MalformedPOSTRequest', 'La requête d’envoi est mal formée.');
const notMultipart = new StorageHttpError(400, 'MalformedPOSTRequest', 'Le fichier doit être envoyé en multipart/form-data.');

/** What busboy reports of a body it cannot read (a truncated body, a part header too long). */
class MalformedMultipartError extends Error {
  override readonly name = 'MalformedMultipartError';
}

/** Reads off the rest of a request, so that an HTTP response can follow it. */
async function drain(request: Request): Promise<void> {
  if (request.complete || request.destroyed) return;
  await new Promise((done) => request.resume().once('end', done).once('error', done).once('close', done));
}

function objectPath(files: LocalObjectFiles, key: string): string {
  try {
    return files.pathOf(key);
  } catch (error) {
    if (error instanceof InvalidStorageKeyError) throw new StorageHttpError(400, 'InvalidArgument', 'Clé de fichier invalide.');
    throw error;
  }
}

/**
 * The HTTP side of the local adapter, to mount at `localStorageMountPath` (`/storage`):
 * - `POST /upload`: multipart/form-data, the fields of `createUpload` then the file as `file`; 204 when
 *   stored, 400/403 with an S3-like XML error otherwise. The file streams to a temp file, is cut off
 *   beyond the policy's exact size (refused when shorter), and is renamed into place only when complete.
 * - `PUT /part?token=…`: one part of a multipart upload, to a URL of `createPartUploadUrl`; exactly the
 *   signed size (Content-Length), 200 with an `ETag` when stored; a part cut off is not kept.
 * - `GET /object?token=…`: a download URL of `createDownloadUrl`; Range, conditional requests and HEAD
 *   as a static file server answers them.
 */
export function createLocalStorageRouter(options: Omit<LocalStorageOptions, 'publicUrl'>): Router {
  assertLocalStorageSecret(options.secret);
  const files = new LocalObjectFiles(options.directory);
  const multipart = new LocalMultipartUploads(options.directory, files);
  const router = Router();

  router.post('/upload', async (request, response) => {
    let parser: Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { fieldSize: maxFieldBytes, files: 1 } });
    } catch {
      sendError(response, notMultipart); // no Content-Type, another type, or no boundary
      return;
    }
    const abort = (error: Error) => parser.destroy(new MalformedMultipartError(error.message));
    request.once('error', abort).pipe(parser);
    let failure: unknown = null;
    try {
      await receiveUpload(parser, files, options.secret);
    } catch (error) {
      failure = error;
    }
    // Read off the rest of the request (what follows the file, or all of it after a refusal) before
    // answering: HTTP clients read the answer once they have sent their body.
    request.unpipe(parser);
    if (failure !== null) parser.destroy();
    await drain(request);
    request.off('error', abort);
    if (request.socket.destroyed) return; // the client went away: nobody to answer
    if (failure === null) response.status(204).end();
    else if (failure instanceof StorageHttpError) sendError(response, failure);
    else if (failure instanceof MalformedMultipartError) sendError(response, malformedRequest);
    else throw failure;
  });

  router.put('/part', async (request, response) => {
    try {
      const etag = await receivePart(request, multipart, options.secret);
      response.status(200).set('ETag', etag).end();
    } catch (error) {
      if (request.socket.destroyed) return;
      await drain(request); // before answering a refusal (see `/upload`)
      if (error instanceof StorageHttpError) sendError(response, error);
      else throw error;
    }
  });

  router.get('/object', (request, response, next) => {
    try {
      const token = typeof request.query.token === 'string' ? request.query.token : '';
      const grant = verifyDownloadToken(options.secret, token);
      if (!grant || isExpired(grant.expiresAt)) throw denied('Lien de téléchargement invalide ou expiré.');
      const headers = {
        'Content-Type': grant.contentType,
        'Content-Disposition': attachmentDisposition(grant.fileName),
        'Cache-Control': 'private, max-age=0',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      };
      response.sendFile(
        objectPath(files, grant.key),
        { dotfiles: 'allow', cacheControl: false, headers },
        (error?: Error & { status?: number; code?: string }) => {
          // Sent; or the client went away (a reader cancels the ranges of pages scrolled past).
          if (!error || response.headersSent || error.code === 'ECONNABORTED') return;
          if (error.status === 404) sendError(response, new StorageHttpError(404, 'NoSuchKey', 'Fichier introuvable.'));
          else next(error);
        },
      );
    } catch (error) {
      if (error instanceof StorageHttpError) sendError(response, error);
      else next(error);
    }
  });

  return router;
}

/**
 * Reads the fields (busboy), checks them against the signed policy when the `file` part comes, then
 * streams the file into place. Fields after the file and further files are ignored, as S3 does.
 */
function receiveUpload(parser: Busboy, files: LocalObjectFiles, secret: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fields = new Map<string, string>();
    let fileSeen = false;
    parser.on('field', (name: string | undefined, value, info) => {
      if (fileSeen) return;
      if (!name || info.nameTruncated || info.valueTruncated) return reject(new MalformedMultipartError('bad or oversized field'));
      const lower = name.toLowerCase();
      if (!allowedFields.has(lower)) return reject(denied(`Champ « ${name} » non autorisé par la politique d’envoi.`));
      fields.set(lower, value);
    });
    parser.on('file', (name: string | undefined, stream) => {
      if (fileSeen || name !== 'file') {
        stream.resume();
        if (!name) reject(new MalformedMultipartError('part without a name'));
        else if (!fileSeen) reject(denied(`Champ « ${name} » non autorisé par la politique d’envoi.`));
        return;
      }
      fileSeen = true;
      storeFile(stream, fields, files, secret).then(resolve, (error: unknown) => {
        stream.resume();
        reject(error);
      });
    });
    parser.on('error', (error: Error) =>
      reject(error instanceof MalformedMultipartError ? error : new MalformedMultipartError(error.message)),
    );
    parser.on('close', () => {
      if (!fileSeen) reject(new StorageHttpError(400, 'MalformedPOSTRequest', 'La requête ne contient pas de fichier (champ « file »).'));
    });
  });
}

async function storeFile(stream: Readable, fields: Map<string, string>, files: LocalObjectFiles, secret: string): Promise<void> {
  const policy = checkPolicy(fields, secret);
  objectPath(files, policy.key); // refuses a bad key before any byte is written
  const temp = await files.tempPath();
  try {
    // Exactly the declared size, as S3 enforces `content-length-range` (min = max): cut off beyond it.
    const size = await writeCapped(
      partBody(stream),
      temp,
      policy.sizeBytes,
      `Le fichier dépasse la taille annoncée (${policy.sizeBytes} octets).`,
    );
    if (size < policy.sizeBytes) {
      throw new StorageHttpError(400, 'EntityTooSmall', `Le fichier est plus petit que la taille annoncée (${policy.sizeBytes} octets).`);
    }
    await files.commit(temp, policy.key);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A file part's bytes; busboy ends it with an error when the body stops before the part's end. */
async function* partBody(stream: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new MalformedMultipartError(error instanceof Error ? error.message : 'truncated part');
  }
}

/** Streams `source` into the file `path`, refused beyond `maxBytes`; returns the size written. */
async function writeCapped(source: AsyncIterable<Buffer>, path: string, maxBytes: number, tooLarge: string): Promise<number> {
  let size = 0;
  await pipeline(
    source,
    async function* capSize(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size > maxBytes) throw new StorageHttpError(400, 'EntityTooLarge', tooLarge);
        yield chunk;
      }
    },
    createWriteStream(path, { flush: true }),
  );
  return size;
}

/** Checks the part's token and size, then streams it into place; returns its ETag. */
async function receivePart(request: Request, multipart: LocalMultipartUploads, secret: string): Promise<string> {
  const grant = verifyPartToken(secret, typeof request.query.token === 'string' ? request.query.token : '');
  if (!grant) throw denied('Lien d’envoi invalide.');
  if (isExpired(grant.expiresAt)) throw denied('Lien d’envoi expiré : demandez un nouveau lien d’envoi.');
  // S3 signs Content-Length: a part of another size does not match the signature.
  if (request.headers['content-length'] !== String(grant.size)) {
    throw new StorageHttpError(403, 'SignatureDoesNotMatch', `La partie doit compter exactement ${grant.size} octets.`);
  }
  if (!(await multipart.holds(grant.key, grant.uploadId))) {
    throw new StorageHttpError(404, 'NoSuchUpload', 'Ce téléversement est terminé ou annulé.');
  }
  const temp = multipart.tempPartPath(grant.uploadId, grant.partNumber);
  try {
    const tooLarge = `La partie dépasse sa taille (${grant.size} octets).`;
    const size = await writeCapped(request, temp, grant.size, tooLarge);
    if (size !== grant.size) throw new StorageHttpError(400, 'IncompleteBody', 'La partie est incomplète.');
    return await multipart.commitPart(temp, grant.uploadId, grant.partNumber);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function checkPolicy(fields: Map<string, string>, secret: string): UploadPolicy {
  const encoded = fields.get('policy');
  const signature = fields.get('signature');
  if (!encoded || !signature) throw denied('Politique d’envoi manquante.');
  const policy = verifyUploadPolicy(secret, encoded, signature);
  if (!policy) throw denied('Politique d’envoi invalide.');
  if (isExpired(policy.expiresAt)) throw denied('Politique d’envoi expirée : demandez un nouveau lien d’envoi.');
  if (fields.get('key') !== policy.key) throw denied('La clé du fichier ne correspond pas à la politique d’envoi.');
  if (fields.get('content-type') !== policy.contentType) {
    throw denied(`Type de fichier refusé : seul « ${policy.contentType} » est attendu.`);
  }
  return policy;
}

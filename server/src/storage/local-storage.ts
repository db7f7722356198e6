import { open, rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../common/errors.js';
import { LocalMultipartUploads } from './local-multipart.js';
import { LocalObjectFiles } from './local-object-files.js';
import { signDownloadToken, signPartToken, signUploadPolicy } from './local-storage.signing.js';
import type { StoragePort } from './storage.port.js';
import { assertByteRange } from './storage-helpers.js';

export interface LocalStorageOptions {
  /**
   * Root of the files: objects in `<directory>/objects/<key>`, uploads in progress in `<directory>/tmp`,
   * multipart uploads' parts in `<directory>/multipart/<uploadId>/`.
   */
  directory: string;
  /** The app's public origin (e.g. `http://localhost:4000`); upload and download URLs point under it. */
  publicUrl: string;
  /** HMAC key of upload policies and download tokens (at least 32 characters). */
  secret: string;
}

/** Where the app mounts `createLocalStorageRouter`. */
export const localStorageMountPath = '/storage';

const minSecretLength = 32;

export function assertLocalStorageSecret(secret: string): void {
  if (secret.length < minSecretLength) {
    throw new Error(`the local storage secret must be at least ${minSecretLength} characters long`);
  }
}

/**
 * The zero-setup StoragePort: files on the local disk, uploaded and downloaded through the app itself
 * (`createLocalStorageRouter`, mounted at `/storage`) with S3's semantics: signed upload policies with
 * an exact size and a content type, multipart uploads whose parts are PUT to signed URLs of an exact size,
 * and expiring download URLs that honour Range.
 */
export function createLocalStorage(options: LocalStorageOptions): StoragePort {
  assertLocalStorageSecret(options.secret);
  const files = new LocalObjectFiles(options.directory);
  const multipart = new LocalMultipartUploads(options.directory, files);
  const baseUrl = `${options.publicUrl.replace(/\/+$/, '')}${localStorageMountPath}`;

  return {
    async createUpload({ key, contentType, sizeBytes, expiresInSeconds }) {
      files.pathOf(key);
      const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
      const signed = signUploadPolicy(options.secret, {
        key,
        contentType,
        sizeBytes,
        expiresAt: expiresAt.toISOString(),
      });
      return {
        url: `${baseUrl}/upload`,
        fields: { key, 'Content-Type': contentType, policy: signed.policy, signature: signed.signature },
        expiresAt,
      };
    },

    // The content type is not kept (see `write`): the upload's record knows it.
    startMultipartUpload: (key) => multipart.start(key),

    async createPartUploadUrl({ key, uploadId, partNumber, size, expiresInSeconds }) {
      files.pathOf(key);
      const expiresAt = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
      return `${baseUrl}/part?token=${signPartToken(options.secret, { key, uploadId, partNumber, size, expiresAt })}`;
    },

    listParts: (key, uploadId) => multipart.list(key, uploadId),
    completeMultipartUpload: (key, uploadId, parts) => multipart.complete(key, uploadId, parts),
    abortMultipartUpload: (key, uploadId) => multipart.abort(key, uploadId),

    async head(key) {
      const path = files.pathOf(key);
      const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
        throw error;
      });
      return stats?.isFile() ? { key, size: stats.size } : null;
    },

    async read(key, range): Promise<Readable> {
      const path = files.pathOf(key);
      if (range) assertByteRange(range);
      const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new NotFoundError('Fichier introuvable.');
        throw error;
      });
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new NotFoundError('Fichier introuvable.');
      }
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },

    // No metadata is kept: download URLs carry the content type.
    async write(key, body) {
      files.pathOf(key);
      const temp = await files.tempPath();
      try {
        await writeFile(temp, body, { flush: true });
        await files.commit(temp, key);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async delete(key) {
      await rm(files.pathOf(key), { force: true });
    },

    async createDownloadUrl(key, { expiresInSeconds, fileName, contentType }) {
      files.pathOf(key);
      const expiresAt = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
      const token = signDownloadToken(options.secret, { key, fileName, contentType, expiresAt });
      return `${baseUrl}/object?token=${token}`;
    },
  };
}

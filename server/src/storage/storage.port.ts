import type { Readable } from 'node:stream';

/** Where and how a client uploads one object directly (S3 presigned POST, or the local adapter's URL). */
export interface UploadTarget {
  /** The URL to POST a multipart/form-data body to: `fields` first, then the file as field `file`. */
  url: string;
  fields: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObject {
  key: string;
  size: number;
}

export interface UploadRequest {
  key: string;
  /** The only content type the upload may declare (also enforced by the policy). */
  contentType: string;
  /** Size cap enforced by the storage itself (S3 policy `content-length-range`). */
  maxBytes: number;
  expiresInSeconds: number;
}

export interface DownloadRequest {
  expiresInSeconds: number;
  /** Name proposed to the browser (Content-Disposition). */
  fileName: string;
  contentType: string;
}

/**
 * The document store. Keys are built by the caller, always prefixed by the body id. With S3, document
 * bytes go from the client to the bucket and back without passing through Node; the server only
 * streams an object to verify it once after upload.
 */
export interface StoragePort {
  createUpload(request: UploadRequest): Promise<UploadTarget>;
  /** Size of a stored object, or null when there is none. */
  head(key: string): Promise<StoredObject | null>;
  /** Streams an object (for verification: hash, magic bytes, parsing), optionally a byte range. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Stores a server-generated object (e.g. a thumbnail). */
  write(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  /** A time-limited URL to GET the object; Range requests work on it. */
  createDownloadUrl(key: string, request: DownloadRequest): Promise<string>;
}

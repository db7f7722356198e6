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
  /**
   * The exact size the file must have, enforced by the storage itself (S3 policy `content-length-range`
   * with min = max): the size the client declared when it asked to upload.
   */
  sizeBytes: number;
  expiresInSeconds: number;
}

/** One part of a multipart upload as the storage holds it. */
export interface StoredPart {
  partNumber: number;
  size: number;
  /** The storage's tag of the part's bytes, given back to `completeMultipartUpload`. */
  etag: string;
}

export interface PartUploadRequest {
  key: string;
  /** The storage's id of the multipart upload (`startMultipartUpload`). */
  uploadId: string;
  /** 1 to 10,000. */
  partNumber: number;
  /** The exact size the part must have (signed: the storage refuses another). */
  size: number;
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
  /**
   * Multipart upload (S3's): the client PUTs each part to its own short-lived URL, in any order and as
   * often as it needs (a part sent again replaces the previous one); `listParts` says what is stored,
   * so an interrupted upload resumes with the missing parts; `completeMultipartUpload` joins the parts
   * into the object at `key`. S3 wants every part but the last to be at least 5 MiB.
   */
  startMultipartUpload(key: string, contentType: string): Promise<string>;
  /** A URL to PUT one part to, for exactly `size` bytes. */
  createPartUploadUrl(request: PartUploadRequest): Promise<string>;
  /** The parts stored so far, by part number; null when the storage knows no such upload (completed, aborted). */
  listParts(key: string, uploadId: string): Promise<StoredPart[] | null>;
  /** Throws an error named `InvalidPart` (S3's) when a part is no longer the one listed. */
  completeMultipartUpload(key: string, uploadId: string, parts: readonly StoredPart[]): Promise<void>;
  /** Drops the upload and its parts. Idempotent. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
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

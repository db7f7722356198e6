import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  NoSuchKey,
  NoSuchUpload,
  NotFound,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NotFoundError } from '../common/errors.js';
import type { StoragePort, StoredPart } from './storage.port.js';
import { assertByteRange, attachmentDisposition } from './storage-helpers.js';

export interface S3StorageOptions {
  /** S3-compatible endpoint (MinIO, Scaleway, OVHcloud…); AWS's own when absent. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (MinIO needs it). */
  forcePathStyle: boolean;
}

/** The StoragePort on an S3 bucket: clients upload and download directly with presigned requests. */
export function createS3Storage(options: S3StorageOptions): StoragePort {
  const client = new S3Client({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Flexible checksums only where the API requires them: several S3-compatible stores reject them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;

  return {
    async createUpload({ key, contentType, sizeBytes, expiresInSeconds }) {
      const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
      // The library adds an exact-match condition for the key and for every field (Content-Type
      // included), besides the bucket, credential and date, and signs the policy's expiration. The
      // length range is the declared size exactly: S3 refuses a smaller or larger file.
      const { url, fields } = await createPresignedPost(client, {
        Bucket,
        Key: key,
        Conditions: [['content-length-range', sizeBytes, sizeBytes]],
        Fields: { 'Content-Type': contentType },
        Expires: expiresInSeconds,
      });
      return { url, fields, expiresAt };
    },

    async startMultipartUpload(key, contentType) {
      const started = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }));
      if (!started.UploadId) throw new Error(`S3 CreateMultipartUpload ${key}: no upload id`);
      return started.UploadId;
    },

    async createPartUploadUrl({ key, uploadId, partNumber, size, expiresInSeconds }) {
      // Content-Length is signed: S3 refuses a part of any other size.
      const command = new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: size });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-length']) });
    },

    async listParts(key, uploadId) {
      const parts: StoredPart[] = [];
      let marker: string | undefined;
      try {
        do {
          const page = await client.send(new ListPartsCommand({ Bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
          for (const part of page.Parts ?? []) {
            if (part.PartNumber && part.ETag) parts.push({ partNumber: part.PartNumber, size: part.Size ?? 0, etag: part.ETag });
          }
          marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
        } while (marker);
      } catch (error) {
        if (error instanceof NoSuchUpload) return null;
        throw error;
      }
      return parts.sort((left, right) => left.partNumber - right.partNumber);
    },

    async completeMultipartUpload(key, uploadId, parts) {
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
      );
    },

    async abortMultipartUpload(key, uploadId) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
      } catch (error) {
        if (!(error instanceof NoSuchUpload)) throw error;
      }
    },

    async head(key) {
      try {
        const object = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { key, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof NotFound || error instanceof NoSuchKey) return null;
        throw error;
      }
    },

    async read(key, range) {
      if (range) assertByteRange(range);
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
        if (!(object.Body instanceof Readable)) throw new Error(`S3 GetObject ${key}: no stream body`);
        return object.Body;
      } catch (error) {
        if (error instanceof NoSuchKey) throw new NotFoundError('Fichier introuvable.');
        throw error;
      }
    },

    async write(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
    },

    async delete(key) {
      // S3 answers 204 for a missing key too.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async createDownloadUrl(key, { expiresInSeconds, fileName, contentType }) {
      const command = new GetObjectCommand({
        Bucket,
        Key: key,
        ResponseContentDisposition: attachmentDisposition(fileName),
        ResponseContentType: contentType,
      });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    },
  };
}

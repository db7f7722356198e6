import { z } from 'zod';
import { decodeValue, encodeValue, hmac, sameSignature, signToken, verifyToken } from '../common/signed-tokens.js';

export { isExpired } from '../common/signed-tokens.js';

/**
 * What the local adapter signs: the upload policy (the equivalent of an S3 POST policy) and the
 * download token (of a presigned GET) and the part token (of a presigned UploadPart PUT). HMAC-SHA256 with the adapter's secret, one purpose prefix each
 * so that neither can stand for the other.
 */

const uploadPolicySchema = z.object({
  key: z.string(),
  contentType: z.string(),
  /** The exact size of the file (S3's `content-length-range` with min = max). */
  sizeBytes: z.number().int().positive(),
  expiresAt: z.iso.datetime(),
});
export type UploadPolicy = z.infer<typeof uploadPolicySchema>;

const downloadGrantSchema = z.object({
  key: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  expiresAt: z.iso.datetime(),
});
export type DownloadGrant = z.infer<typeof downloadGrantSchema>;

const partGrantSchema = z.object({
  key: z.string(),
  uploadId: z.string(),
  partNumber: z.number().int().min(1).max(10_000),
  size: z.number().int().positive(),
  expiresAt: z.iso.datetime(),
});
export type PartGrant = z.infer<typeof partGrantSchema>;

const uploadPurpose = 'cartable-upload-policy';
const partPurpose = 'cartable-upload-part';
const downloadPurpose = 'cartable-download';

/** The `policy` and `signature` form fields of an upload. */
export function signUploadPolicy(secret: string, policy: UploadPolicy): { policy: string; signature: string } {
  const encoded = encodeValue(policy);
  return { policy: encoded, signature: hmac(secret, uploadPurpose, encoded) };
}

/** The policy when the signature matches (whether it expired is the caller's check), else null. */
export function verifyUploadPolicy(secret: string, policy: string, signature: string): UploadPolicy | null {
  if (!sameSignature(signature, hmac(secret, uploadPurpose, policy))) return null;
  return decodeValue(uploadPolicySchema, policy);
}

/** `<payload>.<signature>`, both base64url: safe in a query string as is. */
export function signDownloadToken(secret: string, grant: DownloadGrant): string {
  return signToken(secret, downloadPurpose, grant);
}

/** The grant when the signature matches (whether it expired is the caller's check), else null. */
export function verifyDownloadToken(secret: string, token: string): DownloadGrant | null {
  return verifyToken(secret, downloadPurpose, downloadGrantSchema, token);
}

/** The `token` of a part's PUT URL. */
export function signPartToken(secret: string, grant: PartGrant): string {
  return signToken(secret, partPurpose, grant);
}

/** The grant when the signature matches (whether it expired is the caller's check), else null. */
export function verifyPartToken(secret: string, token: string): PartGrant | null {
  return verifyToken(secret, partPurpose, partGrantSchema, token);
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * What the local adapter signs: the upload policy (the equivalent of an S3 POST policy) and the
 * download token (of a presigned GET). HMAC-SHA256 with the adapter's secret, one purpose prefix each
 * so that neither can stand for the other.
 */

const uploadPolicySchema = z.object({
  key: z.string(),
  contentType: z.string(),
  maxBytes: z.number().int().positive(),
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

const uploadPurpose = 'cartable-upload-policy';
const downloadPurpose = 'cartable-download';

function hmac(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest('base64url');
}

function sameSignature(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function decode<T>(schema: z.ZodType<T>, payload: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The `policy` and `signature` form fields of an upload. */
export function signUploadPolicy(secret: string, policy: UploadPolicy): { policy: string; signature: string } {
  const encoded = encode(policy);
  return { policy: encoded, signature: hmac(secret, uploadPurpose, encoded) };
}

/** The policy when the signature matches (whether it expired is the caller's check), else null. */
export function verifyUploadPolicy(secret: string, policy: string, signature: string): UploadPolicy | null {
  if (!sameSignature(signature, hmac(secret, uploadPurpose, policy))) return null;
  return decode(uploadPolicySchema, policy);
}

/** `<payload>.<signature>`, both base64url: safe in a query string as is. */
export function signDownloadToken(secret: string, grant: DownloadGrant): string {
  const encoded = encode(grant);
  return `${encoded}.${hmac(secret, downloadPurpose, encoded)}`;
}

/** The grant when the signature matches (whether it expired is the caller's check), else null. */
export function verifyDownloadToken(secret: string, token: string): DownloadGrant | null {
  const [payload = '', signature = '', ...rest] = token.split('.');
  if (rest.length > 0 || !sameSignature(signature, hmac(secret, downloadPurpose, payload))) return null;
  return decode(downloadGrantSchema, payload);
}

export const isExpired = (expiresAt: string) => Date.parse(expiresAt) <= Date.now();

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

/**
 * Values the server hands out and reads back unchanged (upload policies, download links): JSON,
 * base64url-encoded, with an HMAC-SHA256 over a purpose prefix so a token of one purpose never stands
 * for another.
 */
export function hmac(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest('base64url');
}

export function sameSignature(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const encodeValue = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeValue<T>(schema: z.ZodType<T>, payload: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `<payload>.<signature>`, both base64url: safe in a URL path or query string as is. */
export function signToken(secret: string, purpose: string, value: object): string {
  const encoded = encodeValue(value);
  return `${encoded}.${hmac(secret, purpose, encoded)}`;
}

/** The value when the signature matches (whether it expired is the caller's check), else null. */
export function verifyToken<T>(secret: string, purpose: string, schema: z.ZodType<T>, token: string): T | null {
  const [payload = '', signature = '', ...rest] = token.split('.');
  if (rest.length > 0 || !sameSignature(signature, hmac(secret, purpose, payload))) return null;
  return decodeValue(schema, payload);
}

export const isExpired = (expiresAt: string) => Date.parse(expiresAt) <= Date.now();

import type { z } from 'zod';
import { hmac, isExpired, signToken, verifyToken } from '../common/signed-tokens.js';

/**
 * Short-lived links the API hands to a browser for plain GETs (downloads), where a bearer token cannot
 * be sent: the permission is checked when the link is issued, and the link carries what was granted,
 * signed with the app secret.
 */
export class SignedLinks {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  issue(
    path: string,
    purpose: string,
    grant: Record<string, unknown>,
    lifetimeSeconds: number,
    fileName?: string,
  ): { url: string; expiresAt: Date } {
    const expiresAt = new Date(Date.now() + lifetimeSeconds * 1_000);
    const token = signToken(this.secret, purpose, { ...grant, expiresAt: expiresAt.toISOString() });
    return { url: `${this.publicUrl}${path}/${token}${fileName ? `/${encodeURIComponent(fileName)}` : ''}`, expiresAt };
  }

  /** A permanent token for `value` (HMAC with the app secret): the same value always gives the same token. */
  derive(purpose: string, value: string): string {
    return hmac(this.secret, purpose, value);
  }

  /** The grant of a valid, unexpired link; null otherwise. */
  read<T extends { expiresAt: string }>(purpose: string, schema: z.ZodType<T>, token: string): T | null {
    const grant = verifyToken(this.secret, purpose, schema, token);
    return grant && !isExpired(grant.expiresAt) ? grant : null;
  }
}

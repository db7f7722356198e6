import { randomBytes } from 'node:crypto';
import KeycloakConfig from 'keycloak-connect/middleware/auth-utils/config.js';
import GrantManager from 'keycloak-connect/middleware/auth-utils/grant-manager.js';
import Token from 'keycloak-connect/middleware/auth-utils/token.js';

/** What the rest of the server knows of an access token: who, never what they may do. */
export interface AccessClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  username: string | null;
  clientId: string | null;
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface TokenVerifier {
  verify(accessToken: string): Promise<AccessClaims>;
  /**
   * Before the server says ready: verifies a token of the right shape whose signature cannot verify, so that
   * the first real token finds the realm's key parsed (fetched, with Keycloak) and the verification compiled.
   * Resolves with the reason the probe was refused.
   */
  warmUp(): Promise<string>;
}

export interface KeycloakVerifierOptions {
  /** Base URL of the identity server, e.g. `http://127.0.0.1:8180` (Keycloak) or the app origin. */
  serverUrl: string;
  realm: string;
  /** The API's client id; tokens must name it in `aud`. */
  audience: string;
  /** Base64 DER of the realm's RSA public key; when absent the realm's JWKS is fetched (with rotation). */
  realmPublicKey?: string;
  /** The clients users log in through (web app, CLI); a token's `azp` must be one of them. */
  allowedClients: readonly string[];
}

/** Verified tokens remembered (least recently used dropped first); each only until its `exp`. */
const verifiedTokensKept = 10_000;

/** How far ahead of our clock a token's `iat` and `nbf` may be (the identity server's clock may run ahead). */
export const allowedClockSkewSeconds = 60;

/**
 * The only module that knows keycloak-connect (in maintenance mode: keep it swappable). Bearer-only
 * validation with audience verification, plus the checks the library lacks: RS256 only, a subject, and
 * the time and client claims (see `checkTimeAndClient`).
 */
export function createKeycloakTokenVerifier(options: KeycloakVerifierOptions): TokenVerifier {
  const config = new KeycloakConfig({
    realm: options.realm,
    'auth-server-url': options.serverUrl,
    resource: options.audience,
    'bearer-only': true,
    'verify-token-audience': true,
    'realm-public-key': options.realmPublicKey,
    'min-time-between-jwks-requests': 10,
  });
  const grantManager = new GrantManager(config);
  // Tokens already verified, until their expiry: the signature is checked once per token, not per request.
  const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  const verifier: TokenVerifier = {
    async warmUp() {
      const now = Math.floor(Date.now() / 1000);
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const claims = {
        iss: `${options.serverUrl}/realms/${options.realm}`,
        sub: 'warm-up',
        typ: 'Bearer',
        aud: options.audience,
        azp: options.allowedClients[0],
        iat: now,
        exp: now + 60,
      };
      const probe = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(256).toString('base64url')}`;
      const refusal = await verifier.verify(probe).then(
        () => null,
        (error: unknown) => {
          if (error instanceof InvalidTokenError) return error.message;
          throw error;
        },
      );
      if (refusal === null) throw new Error('a token signed by nobody was verified');
      return refusal;
    },
    async verify(accessToken) {
      const known = verified.get(accessToken);
      if (known) {
        verified.delete(accessToken);
        if (known.expiresAtMs > Date.now()) {
          verified.set(accessToken, known);
          return known.claims;
        }
      }
      if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(accessToken)) throw new InvalidTokenError('malformed token');
      const token = new Token(accessToken, options.audience);
      if (token.header?.alg !== 'RS256') throw new InvalidTokenError('unsupported signature algorithm');
      const content = token.content;
      checkTimeAndClient(content, options.allowedClients, Date.now() / 1000);
      try {
        await grantManager.validateToken(token, 'Bearer');
      } catch (error) {
        throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
      }
      if (typeof content.sub !== 'string' || content.sub.length === 0) throw new InvalidTokenError('no subject');
      const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
      const claims: AccessClaims = {
        subject: content.sub,
        email: text(content.email),
        emailVerified: content.email_verified === true,
        name: text(content.name),
        username: text(content.preferred_username),
        clientId: text(content.azp),
      };
      verified.set(accessToken, { claims, expiresAtMs: (content.exp as number) * 1000 });
      if (verified.size > verifiedTokensKept) verified.delete(verified.keys().next().value!);
      return claims;
    },
  };
  return verifier;
}

/**
 * What keycloak-connect lets through: a token without `exp` (it would never expire), or issued in the
 * future, or not yet valid (`nbf`), or issued to a client that is not one of ours (`azp`: another client
 * of the realm, e.g. a service account, whose token names our API in `aud`). `exp` and `iat` are required,
 * as in every Keycloak access token (and RFC 9068); the library checks that `exp` has not passed.
 */
function checkTimeAndClient(content: Record<string, unknown>, allowedClients: readonly string[], now: number): void {
  const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  if (!isTime(content.exp)) throw new InvalidTokenError('no expiry');
  if (!isTime(content.iat)) throw new InvalidTokenError('no issue time');
  if (content.iat > now + allowedClockSkewSeconds) throw new InvalidTokenError('issued in the future');
  if (content.nbf !== undefined && (!isTime(content.nbf) || content.nbf > now + allowedClockSkewSeconds)) {
    throw new InvalidTokenError('token not yet valid');
  }
  if (typeof content.azp !== 'string' || !allowedClients.includes(content.azp)) {
    throw new InvalidTokenError('token issued to a client not allowed here');
  }
}

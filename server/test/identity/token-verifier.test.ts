import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSigningKey, type SigningKey } from '../../src/auth/embedded-provider/signing-key.js';
import {
  allowedClockSkewSeconds,
  createKeycloakTokenVerifier,
  InvalidTokenError,
  type TokenVerifier,
} from '../../src/auth/token-verifier.js';
import { forgeAccessToken } from '../helpers/access-token.js';
import { testPublicUrl } from '../helpers/harness.js';

/** The verifier alone, with the realm key given (no JWKS fetch), as the embedded provider's mode runs it. */
let key: SigningKey;
let verifier: TokenVerifier;
const subject = 'f81d4fae-7dec-41d0-a765-00a0c91e6bf6';

beforeAll(async () => {
  key = await loadOrCreateSigningKey(await mkdtemp(path.join(tmpdir(), 'cartable-token-key-')));
  verifier = createKeycloakTokenVerifier({
    serverUrl: testPublicUrl,
    realm: 'cartable',
    audience: 'cartable-api',
    realmPublicKey: key.publicKeyDer,
    allowedClients: ['cartable-web', 'cartable-cli'],
  });
});

const now = () => Math.floor(Date.now() / 1000);
const verify = async (claims: Record<string, unknown>) => verifier.verify(await forgeAccessToken(key, { sub: subject, ...claims }));
const refused = async (claims: Record<string, unknown>, reason: string) => {
  await expect(verify(claims)).rejects.toThrow(InvalidTokenError);
  await expect(verify(claims)).rejects.toThrow(reason);
};

describe('the access token verifier', () => {
  it('warms up with a probe that passes every check but the signature, and verifies real tokens after it', async () => {
    expect(await verifier.warmUp()).toMatch(/signature/);
    expect(await verify({ azp: 'cartable-web' })).toMatchObject({ subject, clientId: 'cartable-web' });
  });

  it('accepts a good token of each login client', async () => {
    expect(await verify({ azp: 'cartable-cli' })).toMatchObject({ subject, clientId: 'cartable-cli' });
    expect(await verify({ azp: 'cartable-web' })).toMatchObject({ subject, clientId: 'cartable-web' });
  });

  it('refuses a token without expiry, or with an expiry that is not a time', async () => {
    await refused({ exp: undefined }, 'no expiry');
    await refused({ exp: String(now() + 300) }, 'no expiry');
  });

  it('refuses a token without an issue time, or issued in the future beyond the allowed skew', async () => {
    await refused({ iat: undefined }, 'no issue time');
    await refused({ iat: now() + allowedClockSkewSeconds + 30, exp: now() + allowedClockSkewSeconds + 330 }, 'issued in the future');
    // An identity server whose clock runs a little ahead is fine.
    expect(await verify({ iat: now() + allowedClockSkewSeconds - 30 })).toMatchObject({ subject });
  });

  it('refuses a token that is not valid yet beyond the allowed skew', async () => {
    await refused({ nbf: now() + allowedClockSkewSeconds + 30 }, 'not yet valid');
    expect(await verify({ nbf: now() + allowedClockSkewSeconds - 30 })).toMatchObject({ subject });
  });

  it('refuses a token issued to another client of the realm, or to none', async () => {
    await refused({ azp: 'cartable-provisioner' }, 'client not allowed');
    await refused({ azp: 'cartable-api' }, 'client not allowed');
    await refused({ azp: undefined }, 'client not allowed');
  });

  it('still refuses an expired token (checked by keycloak-connect)', async () => {
    await refused({ iat: now() - 900, exp: now() - 600 }, 'expired');
  });

  it('refuses a token verified before once it has expired (verified tokens are remembered until their exp)', async () => {
    const token = await forgeAccessToken(key, { sub: subject, exp: now() + 2 });
    expect(await verifier.verify(token)).toMatchObject({ subject });
    expect(await verifier.verify(token)).toMatchObject({ subject });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 5_000);
      await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    } finally {
      vi.useRealTimers();
    }
  });
});

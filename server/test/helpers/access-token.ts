import { SignJWT } from 'jose';
import type { SigningKey } from '../../src/auth/embedded-provider/signing-key.js';
import { testPublicUrl } from './harness.js';

export const testIssuer = `${testPublicUrl}/realms/cartable`;

/**
 * An access token shaped like Keycloak's (and the embedded provider's), signed with `key`: a valid one
 * for the CLI client unless `claims` overrides a claim — an `undefined` value leaves the claim out.
 */
export async function forgeAccessToken(
  key: Pick<SigningKey, 'privateKey' | 'kid'>,
  claims: Record<string, unknown>,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({
    iss: testIssuer,
    aud: ['cartable-api'],
    azp: 'cartable-cli',
    typ: 'Bearer',
    iat: now,
    exp: now + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(key.privateKey);
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
  publicJwk: JWK;
  /** Base64 DER (SPKI) of the public key, the form Keycloak publishes as the realm's `public_key`. */
  publicKeyDer: string;
}

/** The realm's RS256 key pair, created once and kept in the data folder so tokens survive restarts. */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'oidc-signing-key.json');
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } else {
    const pair = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
    await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d, p, q, dp, dq, qi, ...publicPart } = privateJwk;
  const kid = await calculateJwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg: 'RS256', use: 'sig' };
  const publicKeyDer = createPublicKey({ key: publicPart as import('node:crypto').JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'der' })
    .toString('base64');
  return { kid, privateKey: await importJWK(privateJwk, 'RS256'), publicJwk, publicKeyDer };
}

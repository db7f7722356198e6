// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { parsePemCertificates, type ParsedCertificate } from './certificates.js';

/** The embedded TSA's key and certificates, as kept in `<dataDir>/tsa/`. */
export interface EmbeddedPki {
  root: ParsedCertificate;
  tsa: ParsedCertificate;
  /** The TSA's signing key (ECDSA P-256), not extractable. */
  tsaKey: webcrypto.CryptoKey;
}

const files = { root: 'root.pem', tsa: 'tsa.pem', tsaKey: 'tsa-key.pem' } as const;
const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;
const year = 365.25 * 24 * 3600 * 1000;

const rootName = 'CN=Cartable — autorité racine de démonstration, O=Cartable';
const tsaName = 'CN=Cartable — TSA embarquée de démonstration, O=Cartable';

/**
 * Loads the embedded TSA's PKI from `<dataDir>/tsa/`, creating it on first use. Creation happens in a
 * private temporary folder renamed into place in one step: two processes starting together each build a
 * set, one rename wins, the other process discards its own and loads the winner's, so a key is never
 * paired with another process's certificate. The root's private key is used once, to certify the TSA,
 * and never stored: nothing can sign another certificate under this root afterwards.
 */
export async function loadOrCreateEmbeddedPki(dataDir: string): Promise<EmbeddedPki> {
  const directory = path.join(dataDir, 'tsa');
  await createDirectoryOnce(directory, createPki);
  return loadPki(directory);
}

/**
 * Creates `directory` with `build` unless it exists: built in a private temporary sibling folder (mode
 * 0700) renamed into place in one step, so two processes doing it together never mix their files — one
 * rename wins, the other discards its own set.
 */
export async function createDirectoryOnce(directory: string, build: (staging: string) => Promise<void>): Promise<void> {
  if (existsSync(directory)) return;
  const parent = path.dirname(directory);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(directory)}-`));
  try {
    await build(staging);
    await rename(staging, directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function createPki(directory: string): Promise<void> {
  const crypto = webcrypto;
  const now = Date.now();
  const rootKeys = (await crypto.subtle.generateKey(keyAlgorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const tsaKeys = (await crypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: rootName,
      keys: rootKeys,
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 20 * year),
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const tsa = await x509.X509CertificateGenerator.create(
    {
      subject: tsaName,
      issuer: root.subject,
      publicKey: tsaKeys.publicKey,
      signingKey: rootKeys.privateKey,
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 10 * year),
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        // RFC 3161 §2.3: exactly one extended key usage, timeStamping, marked critical.
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true),
        await x509.SubjectKeyIdentifierExtension.create(tsaKeys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(root, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', tsaKeys.privateKey));
  await writeDurably(path.join(directory, files.tsaKey), x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), 0o600);
  await writeDurably(path.join(directory, files.tsa), tsa.toString('pem'), 0o644);
  await writeDurably(path.join(directory, files.root), root.toString('pem'), 0o644);
}

export async function writeDurably(file: string, content: string, mode: number): Promise<void> {
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(`${content.trim()}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function loadPki(directory: string): Promise<EmbeddedPki> {
  const read = (name: string) => readFile(path.join(directory, name), 'utf8');
  const [rootPem, tsaPem, keyPem] = await Promise.all([read(files.root), read(files.tsa), read(files.tsaKey)]);
  const [root] = parsePemCertificates(rootPem);
  const [tsa] = parsePemCertificates(tsaPem);
  if (!root || !tsa) throw new Error(`The embedded TSA folder ${directory} lacks a certificate`);
  const privateKey = createPrivateKey(keyPem);
  const publicDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!publicDer.equals(tsa.node.publicKey.export({ type: 'spki', format: 'der' })) || !tsa.node.verify(root.node.publicKey)) {
    throw new Error(`The embedded TSA folder ${directory} is inconsistent: its key, TSA certificate and root do not belong together`);
  }
  const tsaKey = await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), keyAlgorithm, false, [
    'sign',
  ]);
  return { root, tsa, tsaKey };
}

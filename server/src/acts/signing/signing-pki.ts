// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { parsePemCertificates, type ParsedCertificate } from '../../evidence/timestamping/certificates.js';
import { createDirectoryOnce, writeDurably } from '../../evidence/timestamping/embedded-pki.js';

/** What signs one act for one person: the leaf certificate, its chain up to the root, and its key. */
export interface SigningCredentials {
  certificate: ParsedCertificate;
  /** The issuing authority then the root. */
  chain: ParsedCertificate[];
  key: webcrypto.CryptoKey;
}

/** Where signing credentials come from: the demonstration CA below, or a qualified provider behind the same port. */
export interface SigningCredentialSource {
  /** PEM of the root(s) a verifier must trust for the signatures of this source. */
  readonly rootPem: string;
  credentials(body: { id: string; name: string }, signer: { personId: string; displayName: string }): Promise<SigningCredentials>;
}

const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;
const year = 365.25 * 24 * 3600 * 1000;
const files = { certificate: 'certificate.pem', key: 'key.pem' } as const;
const rootName: x509.JsonName = [{ CN: ['Cartable — racine de signature de démonstration'] }, { O: ['Cartable'] }];

interface Issued {
  certificate: ParsedCertificate;
  key: webcrypto.CryptoKey;
}

/**
 * The embedded demonstration CA of the acts' signatures, kept under `directory` (`<dataDir>/signing` by
 * default): a root, one signing authority per body (`bodies/<bodyId>/authority`), and one signer
 * certificate per person of that body (`bodies/<bodyId>/signers/<personId>`), each created once, on
 * first use, and then reused. Every folder is created in one rename (see `createDirectoryOnce`), keys in
 * files of mode 0600. Not a qualified provider: signatures made with it are advanced electronic
 * signatures at best (eIDAS art. 26), valid against this root only.
 */
export class DemoSigningAuthority implements SigningCredentialSource {
  private constructor(
    private readonly directory: string,
    private readonly root: Issued,
    readonly rootPem: string,
  ) {}

  static async open(directory: string): Promise<DemoSigningAuthority> {
    const rootDirectory = path.join(directory, 'root');
    await createDirectoryOnce(rootDirectory, async (staging) => {
      const keys = await generateKeys();
      const now = Date.now();
      const certificate = await x509.X509CertificateGenerator.createSelfSigned(
        {
          name: rootName,
          keys,
          notBefore: new Date(now - 3600_000),
          notAfter: new Date(now + 20 * year),
          signingAlgorithm,
          extensions: [
            new x509.BasicConstraintsExtension(true, 1, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
          ],
        },
        webcrypto,
      );
      await store(staging, certificate, keys.privateKey);
    });
    const root = await load(rootDirectory);
    return new DemoSigningAuthority(directory, root, root.certificate.node.toString());
  }

  async credentials(body: { id: string; name: string }, signer: { personId: string; displayName: string }): Promise<SigningCredentials> {
    const bodyDirectory = path.join(this.directory, 'bodies', safeSegment(body.id));
    const authority = await this.issueOnce(path.join(bodyDirectory, 'authority'), this.root, {
      subject: [{ CN: [`Autorité de signature des actes — ${body.name}`] }, { O: [body.name] }],
      years: 10,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    const leaf = await this.issueOnce(path.join(bodyDirectory, 'signers', safeSegment(signer.personId)), authority, {
      subject: [{ CN: [signer.displayName] }, { O: [body.name] }],
      years: 3,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      ],
    });
    return { certificate: leaf.certificate, chain: [authority.certificate, this.root.certificate], key: leaf.key };
  }

  private async issueOnce(
    directory: string,
    issuer: Issued,
    options: { subject: x509.JsonName; years: number; extensions: x509.Extension[] },
  ): Promise<Issued> {
    await createDirectoryOnce(directory, async (staging) => {
      const keys = await generateKeys();
      const now = Date.now();
      const issuerCertificate = new x509.X509Certificate(issuer.certificate.der);
      const certificate = await x509.X509CertificateGenerator.create(
        {
          subject: options.subject,
          issuer: issuerCertificate.subject,
          publicKey: keys.publicKey,
          signingKey: issuer.key,
          notBefore: new Date(now - 3600_000),
          notAfter: new Date(Math.min(now + options.years * year, issuerCertificate.notAfter.getTime())),
          signingAlgorithm,
          extensions: [
            ...options.extensions,
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
            await x509.AuthorityKeyIdentifierExtension.create(issuerCertificate, false, webcrypto),
          ],
        },
        webcrypto,
      );
      await store(staging, certificate, keys.privateKey);
    });
    return load(directory);
  }
}

/** A uuid or another id used as a folder name: nothing but letters, digits and dashes. */
function safeSegment(id: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new TypeError(`Not an id usable as a folder name: ${id}`);
  return id;
}

const generateKeys = async () => (await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;

async function store(directory: string, certificate: x509.X509Certificate, key: webcrypto.CryptoKey): Promise<void> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  await writeDurably(path.join(directory, files.key), x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), 0o600);
  await writeDurably(path.join(directory, files.certificate), certificate.toString('pem'), 0o644);
}

async function load(directory: string): Promise<Issued> {
  const [certificatePem, keyPem] = await Promise.all([
    readFile(path.join(directory, files.certificate), 'utf8'),
    readFile(path.join(directory, files.key), 'utf8'),
  ]);
  const [certificate] = parsePemCertificates(certificatePem);
  if (!certificate) throw new Error(`The signing folder ${directory} lacks its certificate`);
  const privateKey = createPrivateKey(keyPem);
  if (
    !createPublicKey(privateKey)
      .export({ type: 'spki', format: 'der' })
      .equals(certificate.node.publicKey.export({ type: 'spki', format: 'der' }))
  ) {
    throw new Error(`The signing folder ${directory} is inconsistent: its key does not belong to its certificate`);
  }
  const key = await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), keyAlgorithm, false, ['sign']);
  return { certificate, key };
}

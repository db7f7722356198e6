import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { decodeDer } from './tsp.js';

/**
 * One certificate in the two forms this module needs: Node's (OpenSSL) for issuer checks, signatures and
 * validity, PKI.js's for names and extensions as the CMS structures carry them.
 */
export interface ParsedCertificate {
  der: Buffer;
  node: X509Certificate;
  asn1: pkijs.Certificate;
}

/** `asn1`: the same certificate already decoded by PKI.js (from a SignedData), saving a second parse. */
export function parseCertificate(der: Uint8Array, asn1 = decodeDer(pkijs.Certificate, der)): ParsedCertificate {
  const bytes = Buffer.from(der);
  return { der: bytes, node: new X509Certificate(bytes), asn1 };
}

const pemBlock = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle, in order; other blocks (keys, CRLs) and text between blocks are ignored. */
export function parsePemCertificates(pem: string): ParsedCertificate[] {
  return [...pem.matchAll(pemBlock)].map((match) => parseCertificate(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')));
}

export const toPem = (certificates: readonly ParsedCertificate[]) =>
  certificates.map((certificate) => certificate.node.toString()).join('');

export const isSelfSigned = (certificate: ParsedCertificate) =>
  certificate.node.checkIssued(certificate.node) && certificate.node.verify(certificate.node.publicKey);

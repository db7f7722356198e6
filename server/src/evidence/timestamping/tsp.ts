import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Object identifiers of RFC 3161 (TSP), RFC 5652 (CMS) and RFC 5035 (ESS) that this module reads or writes. */
export const oid = {
  /** id-ct-TSTInfo: the content type of a timestamp token's signed content. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signedData: '1.2.840.113549.1.7.2',
  contentTypeAttribute: '1.2.840.113549.1.9.3',
  messageDigestAttribute: '1.2.840.113549.1.9.4',
  /** ESS signing-certificate (v1, SHA-1 certificate hash). */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** ESS signing-certificate-v2 (RFC 5035): what `openssl ts -verify` checks to bind the token to its signer. */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  extendedKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  sha256: '2.16.840.1.101.3.4.2.1',
  /**
   * The policy under which the embedded TSA issues its tokens. It sits under the private enterprise number
   * 32473 that IANA reserves for documentation and examples (RFC 5612): no real TSA policy lives there, so
   * a token of the demonstration TSA can never pass for one issued under a real, audited policy.
   */
  embeddedTsaPolicy: '1.3.6.1.4.1.32473.3161.1',
} as const;

/** The hash algorithms accepted in a request's message imprint and in a token's CMS digest. */
export const digestAlgorithms = new Map([
  [oid.sha256, { node: 'sha256', webCrypto: 'SHA-256', length: 32 }],
  ['2.16.840.1.101.3.4.2.2', { node: 'sha384', webCrypto: 'SHA-384', length: 48 }],
  ['2.16.840.1.101.3.4.2.3', { node: 'sha512', webCrypto: 'SHA-512', length: 64 }],
]);

/** Bits of PKIFailureInfo (RFC 3161 §2.4.2) used here. */
export const FailureInfo = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

/** PKIStatus values (RFC 3161 §2.4.2). */
export const PkiStatus = { granted: 0, grantedWithMods: 1, rejection: 2, waiting: 3 } as const;

export const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest();

/**
 * Decodes exactly one DER value into a PKI.js structure: anything unparsable, of the wrong shape, or
 * followed by trailing bytes is refused.
 */
export function decodeDer<T>(type: new (parameters: { schema: unknown }) => T, der: Uint8Array): T {
  const decoded = asn1js.fromBER(der);
  if (decoded.offset === -1 || decoded.offset !== der.byteLength)
    throw new Error(`not a single DER value (${decoded.result.error || 'trailing bytes'})`);
  return new type({ schema: decoded.result });
}

/**
 * A random positive INTEGER of `byteLength` bytes, for serial numbers and nonces. Its first byte is kept
 * within 0x40–0x7f: positive, and never a leading zero, so the encoding stays minimal DER (OpenSSL refuses
 * padded integers).
 */
export function randomPositiveInteger(byteLength: number): asn1js.Integer {
  const bytes = randomBytes(byteLength);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return new asn1js.Integer({ valueHex: bytes });
}

/** The value of a (non-negative) INTEGER, in lowercase hex without leading zeros. */
export function integerHex(integer: asn1js.Integer): string {
  const hex = Buffer.from(integer.valueBlock.valueHexView).toString('hex');
  return hex ? BigInt(`0x${hex}`).toString(16) : '0';
}

/** A PKIFailureInfo BIT STRING with one named bit set, DER-encoded (trailing zero bits dropped). */
export function failureInfoBitString(bit: number): asn1js.BitString {
  const bytes = Buffer.alloc((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (bit & 7) });
}

/** The bits set in a PKIFailureInfo. */
export function failureInfoBits(bitString: asn1js.BitString | undefined): number[] {
  const bytes = bitString ? bitString.valueBlock.valueHexView : new Uint8Array();
  const bits: number[] = [];
  bytes.forEach((byte, index) => {
    for (let bit = 0; bit < 8; bit += 1) if (byte & (0x80 >> bit)) bits.push(index * 8 + bit);
  });
  return bits;
}

/** A message imprint over a SHA-256 digest, with the NULL parameters OpenSSL writes. */
function sha256Imprint(digest: Uint8Array): pkijs.MessageImprint {
  return new pkijs.MessageImprint({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256, algorithmParams: new asn1js.Null() }),
    hashedMessage: new asn1js.OctetString({ valueHex: digest }),
  });
}

/** A request for a token over `digest`, with a fresh random nonce and the TSA certificate asked for. */
export function timestampRequest(digest: Uint8Array): { der: Buffer; nonce: asn1js.Integer } {
  const nonce = randomPositiveInteger(8);
  const request = new pkijs.TimeStampReq({ version: 1, messageImprint: sha256Imprint(digest), nonce, certReq: true });
  return { der: Buffer.from(request.toSchema().toBER()), nonce };
}

const issuerSerial = (certificate: pkijs.Certificate) =>
  new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }).toSchema(),
      certificate.serialNumber,
    ],
  });

/**
 * The ESS signingCertificateV2 attribute (RFC 5035) naming the signer's certificate: its SHA-256 (the
 * default algorithm, hence omitted) and its issuer and serial.
 */
export function signingCertificateV2Attribute(certificate: pkijs.Certificate, certificateDer: Uint8Array): pkijs.Attribute {
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: sha256Of(certificateDer) }), issuerSerial(certificate)],
  });
  return new pkijs.Attribute({
    type: oid.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

/**
 * Whether the token's ESS signingCertificateV2 (or, from older TSAs, signingCertificate) attribute names
 * this certificate: the first ESSCertID carries its hash, and its issuer and serial when present.
 */
export function essNamesCertificate(
  attributes: readonly pkijs.Attribute[],
  certificate: pkijs.Certificate,
  certificateDer: Uint8Array,
): boolean {
  const v2 = attributes.find((attribute) => attribute.type === oid.signingCertificateV2);
  const attribute = v2 ?? attributes.find((attribute) => attribute.type === oid.signingCertificate);
  if (!attribute) return false;
  try {
    const signingCertificate = attribute.values[0] as asn1js.Sequence;
    const certs = signingCertificate.valueBlock.value[0] as asn1js.Sequence;
    let fields = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    let hashName = v2 ? 'sha256' : 'sha1';
    if (v2 && fields[0] instanceof asn1js.Sequence) {
      const algorithm = new pkijs.AlgorithmIdentifier({ schema: fields[0] });
      const known = digestAlgorithms.get(algorithm.algorithmId);
      if (!known) return false;
      hashName = known.node;
      fields = fields.slice(1);
    }
    const certHash = (fields[0] as asn1js.OctetString).valueBlock.valueHexView;
    if (!createHash(hashName).update(certificateDer).digest().equals(certHash)) return false;
    const serial = fields[1];
    if (serial === undefined) return true;
    return Buffer.from(serial.toBER()).equals(Buffer.from(issuerSerial(certificate).toBER()));
  } catch {
    return false;
  }
}

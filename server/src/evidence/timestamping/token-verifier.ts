import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { isSelfSigned, parseCertificate, type ParsedCertificate } from './certificates.js';
import { TimestampError, TimestampErrorCode } from './timestamp-error.js';
import { decodeDer, digestAlgorithms, essNamesCertificate, FailureInfo, failureInfoBits, integerHex, oid, PkiStatus } from './tsp.js';

export interface VerifiedToken {
  genTime: Date;
  serialNumber: string;
  policy: string;
  /** The signer's certificate, then each issuer up to the trusted certificate that ends the chain. */
  chain: ParsedCertificate[];
}

export interface ExpectedToken {
  /** The SHA-256 digest the token must stamp. */
  sha256: Uint8Array;
  /** The nonce of our request, which the token must echo. */
  nonce?: asn1js.Integer;
}

/** Trust the self-signed certificates the TSA itself sends: proves integrity, not who signed. */
export const selfSignedInToken = Symbol('selfSignedInToken');
export type TrustAnchors = readonly ParsedCertificate[] | typeof selfSignedInToken;

const maxChainLength = 8;

const malformed = (message: string, cause?: unknown) =>
  new TimestampError(TimestampErrorCode.MalformedResponse, `Malformed timestamp response: ${message}`, false, { cause });
const signatureInvalid = (message: string) =>
  new TimestampError(TimestampErrorCode.SignatureInvalid, `Timestamp token signature does not hold: ${message}`);
const signerInvalid = (message: string) =>
  new TimestampError(TimestampErrorCode.SignerCertificateInvalid, `Timestamp token signer is not acceptable: ${message}`);
const untrusted = (message: string) => new TimestampError(TimestampErrorCode.Untrusted, `Timestamp token is not trusted: ${message}`);

/**
 * Everything that makes a TimeStampResp (RFC 3161) a proof for `expected`: status granted, a CMS SignedData
 * over a TSTInfo whose imprint is the expected digest and whose nonce is ours, content-type and
 * message-digest signed attributes that hold, a signature by a certificate restricted to timestamping
 * (extended key usage timeStamping only, critical) that the ESS signing-certificate attribute names, and
 * a chain from that certificate to a trusted one, each valid at the token's genTime. PKI.js's own
 * `TimeStampResp.verify` covers only part of this (and needs the stamped data, not its digest).
 *
 * Certificates are checked at genTime, not today: a token stays verifiable after its TSA certificate
 * expires, as an archived proof must. Revocation is not checked (no CRL or OCSP is fetched).
 */
export async function verifyTimestampResponse(der: Uint8Array, expected: ExpectedToken, trust: TrustAnchors): Promise<VerifiedToken> {
  const { signedData, eContent, tstInfo } = decodeGrantedToken(der);

  const imprint = tstInfo.messageImprint;
  if (
    imprint.hashAlgorithm.algorithmId !== oid.sha256 ||
    !Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).equals(expected.sha256)
  ) {
    throw new TimestampError(TimestampErrorCode.ImprintMismatch, 'The timestamp token stamps another digest than the one expected');
  }
  if (expected.nonce && (!tstInfo.nonce || integerHex(tstInfo.nonce) !== integerHex(expected.nonce))) {
    throw new TimestampError(
      TimestampErrorCode.NonceMismatch,
      'The timestamp token does not echo the nonce of the request (replayed or substituted answer)',
    );
  }

  if (signedData.signerInfos.length !== 1) throw signatureInvalid(`${signedData.signerInfos.length} signers instead of one`);
  const signerInfo = signedData.signerInfos[0]!;
  const carried = (signedData.certificates ?? [])
    .filter((item): item is pkijs.Certificate => item instanceof pkijs.Certificate)
    .map((item) => parseCertificate(new Uint8Array(item.toSchema().toBER()), item));
  const anchors = trust === selfSignedInToken ? carried.filter(isSelfSigned) : trust;
  const signer = [...carried, ...anchors].find((certificate) => identifiesSigner(signerInfo.sid, certificate));
  if (!signer) throw signerInvalid('its certificate is neither in the token nor among the trusted ones');

  await checkSignature(signerInfo, eContent, signer);
  checkTimestampingCertificate(signer);
  if (!essNamesCertificate(signerInfo.signedAttrs!.attributes, signer.asn1, signer.der)) {
    throw signerInvalid('the ESS signing-certificate attribute does not name the signer certificate');
  }
  if (tstInfo.tsa && !(tstInfo.tsa.type === 4 && signer.asn1.subject.isEqual(tstInfo.tsa.value))) {
    throw signerInvalid('the TSA name of the token is not the subject of the signer certificate');
  }

  return {
    genTime: tstInfo.genTime,
    serialNumber: integerHex(tstInfo.serialNumber),
    policy: tstInfo.policy,
    chain: chainToTrusted(signer, carried, anchors, tstInfo.genTime),
  };
}

/** The SignedData, its content and its TSTInfo, from a response whose status grants a token. */
function decodeGrantedToken(der: Uint8Array) {
  let response: pkijs.TimeStampResp;
  try {
    response = decodeDer(pkijs.TimeStampResp, der);
  } catch (error) {
    throw malformed('not a DER TimeStampResp', error);
  }
  checkStatus(response.status);
  const token = response.timeStampToken;
  if (!token) throw malformed('status granted but no token');
  if (token.contentType !== oid.signedData) throw malformed(`token content type ${token.contentType} is not SignedData`);
  try {
    const signedData = new pkijs.SignedData({ schema: token.content });
    const content = signedData.encapContentInfo;
    if (content.eContentType !== oid.tstInfo || !content.eContent)
      throw new Error(`signed content type ${content.eContentType} is not TSTInfo`);
    const eContent = new Uint8Array(content.eContent.getValue());
    const tstInfo = decodeDer(pkijs.TSTInfo, eContent);
    if (tstInfo.version !== 1) throw new Error(`TSTInfo version ${tstInfo.version}`);
    return { signedData, eContent, tstInfo };
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : 'unreadable token', error);
  }
}

const retryableFailures = new Set<number>([FailureInfo.timeNotAvailable, FailureInfo.systemFailure]);
const failureNames = new Map<number, string>(Object.entries(FailureInfo).map(([name, bit]) => [bit, name]));

function checkStatus(status: pkijs.PKIStatusInfo): void {
  if (status.status === PkiStatus.granted || status.status === PkiStatus.grantedWithMods) return;
  const bits = failureInfoBits(status.failInfo);
  const text = (status.statusStrings ?? []).map((item) => item.valueBlock.value).join('; ');
  const failures = bits.map((bit) => failureNames.get(bit) ?? `bit ${bit}`).join(', ');
  throw new TimestampError(
    TimestampErrorCode.Rejected,
    `The TSA refused the request (status ${status.status}${failures ? `, ${failures}` : ''}${text ? `: ${text}` : ''})`,
    status.status === PkiStatus.waiting || bits.some((bit) => retryableFailures.has(bit)),
  );
}

function identifiesSigner(sid: pkijs.SignerInfo['sid'], certificate: ParsedCertificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificate.asn1.issuer.isEqual(sid.issuer) && certificate.asn1.serialNumber.isEqual(sid.serialNumber);
  }
  // SubjectKeyIdentifier ([0]), matched against the certificate's extension; read as PKI.js's SignedData.verify reads it.
  const keyIdBlock = (sid.idBlock.isConstructed ? (sid as asn1js.Constructed).valueBlock.value[0] : sid) as asn1js.Primitive;
  const keyId = Buffer.from(keyIdBlock.valueBlock.valueHexView);
  return (certificate.asn1.extensions ?? []).some(
    (extension) =>
      extension.extnID === '2.5.29.14' &&
      extension.parsedValue instanceof asn1js.OctetString &&
      keyId.equals(extension.parsedValue.valueBlock.valueHexView),
  );
}

async function checkSignature(signerInfo: pkijs.SignerInfo, eContent: Uint8Array, signer: ParsedCertificate): Promise<void> {
  const attributes = signerInfo.signedAttrs?.attributes;
  if (!attributes) throw signatureInvalid('no signed attributes');
  const value = (type: string) => attributes.find((attribute) => attribute.type === type)?.values[0] as asn1js.AsnType | undefined;
  const contentType = value(oid.contentTypeAttribute) as asn1js.ObjectIdentifier | undefined;
  if (contentType?.getValue() !== oid.tstInfo) throw signatureInvalid('the content-type attribute is not TSTInfo');
  const digest = digestAlgorithms.get(signerInfo.digestAlgorithm.algorithmId);
  if (!digest) throw signatureInvalid(`unsupported digest algorithm ${signerInfo.digestAlgorithm.algorithmId}`);
  const messageDigest = value(oid.messageDigestAttribute) as asn1js.OctetString | undefined;
  const actual = createHash(digest.node).update(eContent).digest();
  if (!messageDigest || !actual.equals(messageDigest.valueBlock.valueHexView))
    throw signatureInvalid('the message digest does not match the TSTInfo');
  let valid: boolean;
  try {
    const engine = pkijs.getCrypto(true);
    const data = signerInfo.signedAttrs!.encodedValue;
    const key = signer.asn1.subjectPublicKeyInfo;
    // As in PKI.js's SignedData.verify: plain rsaEncryption takes its hash from the digest algorithm.
    valid =
      signerInfo.signatureAlgorithm.algorithmId === '1.2.840.113549.1.1.1'
        ? await engine.verifyWithPublicKey(data, signerInfo.signature, key, signerInfo.signatureAlgorithm, digest.webCrypto)
        : await engine.verifyWithPublicKey(data, signerInfo.signature, key, signerInfo.signatureAlgorithm);
  } catch {
    valid = false;
  }
  if (!valid) throw signatureInvalid('the signature does not verify with the signer certificate');
}

/** RFC 3161 §2.3: the TSA certificate has one extended key usage, timeStamping, and it is critical. */
function checkTimestampingCertificate(signer: ParsedCertificate): void {
  const extendedKeyUsage = (signer.asn1.extensions ?? []).filter((extension) => extension.extnID === oid.extendedKeyUsage);
  const purposes = extendedKeyUsage[0]?.parsedValue instanceof pkijs.ExtKeyUsage ? extendedKeyUsage[0].parsedValue.keyPurposes : [];
  if (extendedKeyUsage.length !== 1 || !extendedKeyUsage[0]!.critical || purposes.length !== 1 || purposes[0] !== oid.timeStamping) {
    throw signerInvalid('its certificate is not restricted to timestamping (critical extended key usage timeStamping)');
  }
}

function chainToTrusted(
  signer: ParsedCertificate,
  carried: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  at: Date,
): ParsedCertificate[] {
  const chain = [signer];
  for (let current = signer; chain.length <= maxChainLength;) {
    if (current.node.validFromDate > at || current.node.validToDate < at) {
      throw untrusted(`certificate "${current.node.subject}" was not valid at ${at.toISOString()}`);
    }
    if (anchors.some((anchor) => anchor.der.equals(current.der))) return chain;
    const issuer = [...anchors, ...carried].find(
      (candidate) => candidate.node.ca && current.node.checkIssued(candidate.node) && current.node.verify(candidate.node.publicKey),
    );
    if (!issuer || chain.includes(issuer)) throw untrusted(`certificate "${current.node.subject}" does not chain to a trusted certificate`);
    chain.push(issuer);
    current = issuer;
  }
  throw untrusted('certificate chain too long');
}

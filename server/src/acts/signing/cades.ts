import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { TimestampAuthority } from '../../evidence/timestamping/timestamp-authority.js';
import { decodeDer, oid, sha256Of, signingCertificateV2Attribute } from '../../evidence/timestamping/tsp.js';
import type { SigningCredentials } from './signing-pki.js';

const idData = '1.2.840.113549.1.7.1';
/** id-aa-signatureTimeStampToken (RFC 3161 appendix A): the token over the signature value. */
const signatureTimeStampToken = '1.2.840.113549.1.9.16.2.14';

const der = (attribute: pkijs.Attribute) => Buffer.from(attribute.toSchema().toBER());

/**
 * A detached CAdES signature of `content` at level B-T, as PAdES baseline (ETSI EN 319 142-1) wants it in
 * a PDF: signed attributes content-type, message-digest and ESS signing-certificate-v2 (no signing-time:
 * the time is the PDF's /M and, trusted, the timestamp), the signer's certificate and its issuing
 * authority, and an unsigned signature-time-stamp attribute holding an RFC 3161 token over the signature
 * value, asked of `timestamps` (the embedded TSA or TSA_URL).
 */
export async function cadesDetachedSignature(
  content: Uint8Array,
  credentials: SigningCredentials,
  timestamps: TimestampAuthority,
): Promise<Buffer> {
  const signer = credentials.certificate.asn1;
  const attributes = [
    new pkijs.Attribute({ type: oid.contentTypeAttribute, values: [new asn1js.ObjectIdentifier({ value: idData })] }),
    new pkijs.Attribute({ type: oid.messageDigestAttribute, values: [new asn1js.OctetString({ valueHex: sha256Of(content) })] }),
    signingCertificateV2Attribute(signer, credentials.certificate.der),
  ].sort((left, right) => Buffer.compare(der(left), der(right))); // DER orders a SET OF by encoding
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: idData }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [signer, credentials.chain[0]!.asn1],
  });
  await signedData.sign(credentials.key, 0, 'SHA-256');

  const signerInfo = signedData.signerInfos[0]!;
  const token = await timestamps.timestamp(sha256Of(new Uint8Array(signerInfo.signature.valueBlock.valueHexView)));
  const response = decodeDer(pkijs.TimeStampResp, token.response);
  if (!response.timeStampToken) throw new Error('The TSA answered without a token');
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: signatureTimeStampToken, values: [response.timeStampToken.toSchema()] })],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: oid.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}

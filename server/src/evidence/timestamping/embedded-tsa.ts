import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Logger } from '../../common/logger.js';
import type { EmbeddedPki } from './embedded-pki.js';
import {
  decodeDer,
  digestAlgorithms,
  FailureInfo,
  failureInfoBitString,
  oid,
  PkiStatus,
  randomPositiveInteger,
  sha256Of,
  signingCertificateV2Attribute,
} from './tsp.js';

type Refusal = { failure: number; text: string };

/**
 * The server side of RFC 3161 for the embedded TSA: a DER TimeStampReq in, a DER TimeStampResp out. A
 * request it cannot honour gets a `rejection` status with the matching PKIFailureInfo, never an exception.
 *
 * Tokens: TSTInfo v1 under `oid.embeddedTsaPolicy`, a random 126-bit serial, genTime in UTC to the second
 * with an accuracy of 1 s, the request's nonce echoed, the TSA named; a CMS SignedData (ECDSA P-256 with
 * SHA-256) whose signed attributes are content-type, message-digest and ESS signingCertificateV2, carrying
 * the TSA certificate when the request asks for it (certReq).
 */
export function createTimestampResponder(pki: EmbeddedPki, logger?: Logger): (requestDer: Uint8Array) => Promise<Buffer> {
  return async (requestDer) => {
    let request: pkijs.TimeStampReq;
    try {
      request = decodeDer(pkijs.TimeStampReq, requestDer);
    } catch {
      return rejection({ failure: FailureInfo.badDataFormat, text: 'The request is not a DER TimeStampReq' });
    }
    const refusal = refusalOf(request);
    if (refusal) return rejection(refusal);
    try {
      return await grant(pki, request);
    } catch (error) {
      logger?.error({ err: error }, 'embedded TSA could not sign a timestamp token');
      return rejection({ failure: FailureInfo.systemFailure, text: 'The TSA could not sign the token' });
    }
  };
}

function refusalOf(request: pkijs.TimeStampReq): Refusal | null {
  if (request.version !== 1) return { failure: FailureInfo.badRequest, text: `Unsupported request version ${request.version}` };
  const algorithm = digestAlgorithms.get(request.messageImprint.hashAlgorithm.algorithmId);
  if (!algorithm) return { failure: FailureInfo.badAlg, text: 'Unsupported hash algorithm (SHA-256, SHA-384 or SHA-512 accepted)' };
  if (request.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== algorithm.length) {
    return { failure: FailureInfo.badDataFormat, text: 'The hashed message does not have the length of its algorithm' };
  }
  if (request.reqPolicy !== undefined && request.reqPolicy !== oid.embeddedTsaPolicy) {
    return { failure: FailureInfo.unacceptedPolicy, text: `Only policy ${oid.embeddedTsaPolicy} is offered` };
  }
  if (request.extensions?.length) return { failure: FailureInfo.unacceptedExtension, text: 'No request extension is supported' };
  return null;
}

function rejection({ failure, text }: Refusal): Buffer {
  const status = new pkijs.PKIStatusInfo({
    status: PkiStatus.rejection,
    statusStrings: [new asn1js.Utf8String({ value: text })],
    failInfo: failureInfoBitString(failure),
  });
  return Buffer.from(new pkijs.TimeStampResp({ status }).toSchema().toBER());
}

const der = (attribute: pkijs.Attribute) => Buffer.from(attribute.toSchema().toBER());

async function grant(pki: EmbeddedPki, request: pkijs.TimeStampReq): Promise<Buffer> {
  const tsa = pki.tsa.asn1;
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: oid.embeddedTsaPolicy,
    messageImprint: request.messageImprint,
    serialNumber: randomPositiveInteger(16),
    // Whole seconds: DER GeneralizedTime then has no fraction, and the accuracy says ±1 s anyway.
    genTime: new Date(Math.floor(Date.now() / 1000) * 1000),
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(request.nonce ? { nonce: request.nonce } : {}),
    tsa: new pkijs.GeneralName({ type: 4, value: tsa.subject }),
  });
  const eContent = tstInfo.toSchema().toBER();

  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: oid.tstInfo });
  // Set after construction: given to the constructor, PKI.js would turn it into a constructed (BER) string.
  encapContentInfo.eContent = new asn1js.OctetString({ valueHex: eContent });
  const attributes = [
    new pkijs.Attribute({ type: oid.contentTypeAttribute, values: [new asn1js.ObjectIdentifier({ value: oid.tstInfo })] }),
    new pkijs.Attribute({
      type: oid.messageDigestAttribute,
      values: [new asn1js.OctetString({ valueHex: sha256Of(new Uint8Array(eContent)) })],
    }),
    signingCertificateV2Attribute(tsa, pki.tsa.der),
  ].sort((left, right) => Buffer.compare(der(left), der(right))); // DER orders a SET OF by encoding
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo,
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: tsa.issuer, serialNumber: tsa.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    ...(request.certReq ? { certificates: [tsa] } : {}),
  });
  await signedData.sign(pki.tsaKey, 0, 'SHA-256');

  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: PkiStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({ contentType: oid.signedData, content: signedData.toSchema(true) }),
  });
  return Buffer.from(response.toSchema().toBER());
}

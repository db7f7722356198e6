import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { findByteRange } from '@signpdf/utils';
import { parsePemCertificates } from '../../src/evidence/timestamping/certificates.js';
import { verifyTimestampToken } from '../../src/evidence/timestamping/timestamp-authority.js';
import { decodeDer } from '../../src/evidence/timestamping/tsp.js';

/**
 * Independent checks of each signature of a PDF, in file order: the CMS over its /ByteRange verifies and
 * chains to `rootPem`, and its signature-time-stamp token covers its signature value and chains to the TSA.
 */
export async function verifySignatures(pdf: Buffer, rootPem: string, tsaChainPem: string) {
  const roots = parsePemCertificates(rootPem).map((certificate) => certificate.asn1);
  return Promise.all(
    (findByteRange(pdf) as unknown as { byteRanges: string[][] }).byteRanges.map(async (range) => {
      const [start, length, secondStart, secondLength] = range.map(Number) as [number, number, number, number];
      const signed = Buffer.concat([pdf.subarray(start, start + length), pdf.subarray(secondStart, secondStart + secondLength)]);
      const reserved = Buffer.from(pdf.subarray(start + length + 1, secondStart - 1).toString('latin1'), 'hex');
      const contentInfo = decodeDer(pkijs.ContentInfo, reserved.subarray(0, outerDerLength(reserved)));
      const signedData = new pkijs.SignedData({ schema: contentInfo.content });
      const verified = await signedData.verify({
        signer: 0,
        data: new Uint8Array(signed).buffer,
        trustedCerts: roots,
        checkChain: true,
        extendedMode: true,
      });
      if (!verified.signatureVerified) throw new Error(`signature over ${range.join(' ')} does not verify: ${verified.message}`);
      const signerInfo = signedData.signerInfos[0]!;
      const token = signerInfo.unsignedAttrs?.attributes.find((attribute) => attribute.type === '1.2.840.113549.1.9.16.2.14');
      if (!token) throw new Error('no signature-time-stamp token');
      const responseDer = Buffer.from(
        new pkijs.TimeStampResp({
          status: new pkijs.PKIStatusInfo({ status: 0 }),
          timeStampToken: new pkijs.ContentInfo({ schema: token.values[0] }),
        })
          .toSchema()
          .toBER(),
      );
      const signatureDigest = createHash('sha256').update(new Uint8Array(signerInfo.signature.valueBlock.valueHexView)).digest();
      const timestamp = await verifyTimestampToken(responseDer, signatureDigest, tsaChainPem);
      const subject = verified.signerCertificate?.subject.typesAndValues.find((value) => value.type === '2.5.4.3');
      return {
        signer: subject?.value.valueBlock.value as string,
        timestampedAt: timestamp.genTime,
        coversWholeFile: secondStart + secondLength === pdf.length,
      };
    }),
  );
}

/**
 * The length of the DER value at the start of `bytes` (its header and content), read from its length octets:
 * /Contents is padded with zeros, and a CMS may itself end with a zero byte, so the padding cannot be trimmed.
 */
function outerDerLength(bytes: Buffer): number {
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  return 2 + octets + bytes.subarray(2, 2 + octets).reduce((length, byte) => length * 256 + byte, 0);
}

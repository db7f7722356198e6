import type { Logger } from '../../common/logger.js';
import { parsePemCertificates, toPem, type ParsedCertificate } from './certificates.js';
import { loadOrCreateEmbeddedPki } from './embedded-pki.js';
import { createTimestampResponder } from './embedded-tsa.js';
import { TimestampError, TimestampErrorCode } from './timestamp-error.js';
import { selfSignedInToken, verifyTimestampResponse, type TrustAnchors } from './token-verifier.js';
import { postTimestampQuery, tsaEndpoint } from './tsa-http.js';
import { timestampRequest } from './tsp.js';

export { TimestampError, TimestampErrorCode } from './timestamp-error.js';
export { createTsaRouter } from './tsa-http.js';

/** An RFC 3161 token over a SHA-256 digest. */
export interface TimestampToken {
  /** DER of the whole TimeStampResp (what `openssl ts -reply` writes as a .tsr file). */
  response: Buffer;
  genTime: Date;
  serialNumber: string; // hex
  policy: string; // OID
}

export interface TimestampAuthority {
  /** Name shown in attestations, e.g. "TSA embarquée de démonstration (Cartable)" or the URL. */
  readonly description: string;
  /** PEM of the certificates a verifier needs: the TSA certificate then its chain up to the root. */
  certificateChainPem(): Promise<string>;
  /** Timestamps a SHA-256 digest (32 bytes); sends a random nonce and checks the reply (status granted,
   *  messageImprint equal, nonce equal, signature valid against the chain) before returning. */
  timestamp(sha256: Buffer): Promise<TimestampToken>;
}

export interface EmbeddedTimestampAuthority extends TimestampAuthority {
  /** Answers a raw RFC 3161 request: a DER TimeStampReq in, a DER TimeStampResp out (rejections included). */
  respond(requestDer: Buffer): Promise<Buffer>;
}

/**
 * The embedded TSA: keys and certificates created on first use and kept under `dataDir/tsa/`. For demos
 * and tests: its root is ours, so its tokens are not qualified timestamps (eIDAS art. 42).
 */
export async function createEmbeddedTimestampAuthority(options: { dataDir: string; logger?: Logger }): Promise<EmbeddedTimestampAuthority> {
  const pki = await loadOrCreateEmbeddedPki(options.dataDir);
  const respond = createTimestampResponder(pki, options.logger);
  const chainPem = toPem([pki.tsa, pki.root]);
  return {
    description: 'TSA embarquée de démonstration (Cartable)',
    certificateChainPem: async () => chainPem,
    respond,
    timestamp: async (sha256) => (await obtainToken(sha256, respond, [pki.root])).token,
  };
}

/**
 * A remote TSA over HTTP (POST application/timestamp-query, RFC 3161 §3.4), e.g. a qualified one. A user
 * and password in the URL (`https://user:password@tsa.example.eu/tsp`) are sent as Basic authorization and
 * left out of `description`.
 * `caCertificatesPem` holds the roots (and intermediates) its certificate must chain to; without it,
 * tokens are checked against the self-signed root the TSA itself sends, which proves their integrity but
 * not who issued them. `certificateChainPem()` gives the chain of the latest token (before any token: the
 * configured certificates).
 */
export function createHttpTimestampAuthority(options: { url: string; caCertificatesPem?: string; timeoutMs?: number }): TimestampAuthority {
  const endpoint = tsaEndpoint(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const configured = options.caCertificatesPem === undefined ? null : parsePemCertificates(options.caCertificatesPem);
  if (configured?.length === 0) throw new TypeError('caCertificatesPem holds no PEM certificate');
  let latestChain: ParsedCertificate[] | null = null;
  return {
    description: endpoint.url.href,
    async certificateChainPem() {
      const chain = latestChain ?? configured;
      if (!chain)
        throw new TimestampError(
          TimestampErrorCode.ChainUnknown,
          `No certificate chain is known yet for the TSA ${endpoint.url.host}: configure its CA certificates`,
        );
      return toPem(chain);
    },
    async timestamp(sha256) {
      const { token, chain } = await obtainToken(
        sha256,
        (query) => postTimestampQuery(endpoint, query, timeoutMs),
        configured ?? selfSignedInToken,
      );
      latestChain = chain;
      return token;
    },
  };
}

/** Verifies a stored token against a digest and trusted roots (used by `npm run ledger:verify` and tests). */
export async function verifyTimestampToken(
  response: Buffer,
  sha256: Buffer,
  trustedPem: string,
): Promise<{ genTime: Date; serialNumber: string }> {
  const trusted = parsePemCertificates(trustedPem);
  if (trusted.length === 0) throw new TypeError('trustedPem holds no PEM certificate');
  const { genTime, serialNumber } = await verifyTimestampResponse(response, { sha256 }, trusted);
  return { genTime, serialNumber };
}

/** One round trip of RFC 3161, whatever carries it: request with a fresh nonce, then every check on the reply. */
async function obtainToken(sha256: Buffer, send: (query: Buffer) => Promise<Buffer>, trust: TrustAnchors) {
  if (!(sha256 instanceof Uint8Array) || sha256.byteLength !== 32)
    throw new TypeError('A timestamp is asked for a SHA-256 digest (32 bytes)');
  const request = timestampRequest(sha256);
  const response = await send(request.der);
  const verified = await verifyTimestampResponse(response, { sha256, nonce: request.nonce }, trust);
  const token: TimestampToken = { response, genTime: verified.genTime, serialNumber: verified.serialNumber, policy: verified.policy };
  return { token, chain: verified.chain };
}

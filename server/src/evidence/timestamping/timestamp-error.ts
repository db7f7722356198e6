/** Why a timestamp could not be obtained or does not hold. Callers switch on these, never on messages. */
export const TimestampErrorCode = {
  /** The TSA could not be reached (DNS, refused connection, reset). */
  Unreachable: 'TSA_UNREACHABLE',
  /** The TSA did not answer within the time allowed. */
  Timeout: 'TSA_TIMEOUT',
  /** The TSA answered with an HTTP status other than 200. */
  HttpStatus: 'TSA_HTTP_STATUS',
  /** The answer is not a TimeStampResp (wrong content type, not DER, too large, no token inside). */
  MalformedResponse: 'TSA_MALFORMED_RESPONSE',
  /** The TSA refused the request (PKIStatus rejection or waiting). */
  Rejected: 'TSA_REJECTED',
  /** The token stamps another digest (or another hash algorithm) than the one expected. */
  ImprintMismatch: 'TOKEN_IMPRINT_MISMATCH',
  /** The token does not echo the nonce of our request: a replayed or substituted answer. */
  NonceMismatch: 'TOKEN_NONCE_MISMATCH',
  /** The CMS signature, its message digest or its signed attributes do not hold. */
  SignatureInvalid: 'TOKEN_SIGNATURE_INVALID',
  /** The signer certificate is not one a TSA may sign with, or the token does not name it (ESS). */
  SignerCertificateInvalid: 'TOKEN_SIGNER_CERTIFICATE_INVALID',
  /** The signer certificate does not chain to a trusted root, or was not valid at the token's time. */
  Untrusted: 'TOKEN_UNTRUSTED',
  /** No certificate chain is known yet for this TSA (no CA configured and no token obtained). */
  ChainUnknown: 'TSA_CHAIN_UNKNOWN',
} as const;
export type TimestampErrorCode = (typeof TimestampErrorCode)[keyof typeof TimestampErrorCode];

/**
 * A timestamp that could not be obtained or verified. `retryable` says whether asking again later may
 * succeed (a TSA that is down, slow or overloaded) or not (a refused request, a token that does not hold).
 */
export class TimestampError extends Error {
  override readonly name = 'TimestampError';

  constructor(
    readonly code: TimestampErrorCode,
    message: string,
    readonly retryable = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

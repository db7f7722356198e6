import express, { type ErrorRequestHandler, Router } from 'express';
import { TimestampError, TimestampErrorCode } from './timestamp-error.js';

/** Media types of RFC 3161 §3.4 (TSP over HTTP). */
export const timestampQueryType = 'application/timestamp-query';
export const timestampReplyType = 'application/timestamp-reply';
/** Some older TSAs still label their replies with the draft's name. */
const replyTypes = new Set([timestampReplyType, 'application/timestamp-response']);

/** A TimeStampReq is a few hundred bytes; a reply carries a token and a certificate chain. */
const maxQueryBytes = 16 * 1024;
const maxReplyBytes = 256 * 1024;

const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

export interface TsaEndpoint {
  /** The TSA's URL, without credentials. */
  url: URL;
  /** `Basic …` when the configured URL carried a user and password (accounts of commercial TSAs). */
  authorization: string | null;
}

/** Splits `https://user:password@host/path` into a URL safe to show and a Basic authorization header. */
export function tsaEndpoint(configured: string): TsaEndpoint {
  const url = new URL(configured);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`TSA URL must be http(s): ${url.protocol}`);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url, authorization: user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null };
}

/**
 * Posts a DER TimeStampReq to a TSA (RFC 3161 §3.4) and returns the body of its reply, unchecked. Failures
 * are TimestampErrors: unreachable, timeout, 5xx, 408 and 429 are retryable; any other status, another
 * content type or an oversized body are not.
 */
export async function postTimestampQuery({ url, authorization }: TsaEndpoint, query: Uint8Array, timeoutMs: number): Promise<Buffer> {
  const tsa = url.host;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': timestampQueryType, accept: timestampReplyType, ...(authorization ? { authorization } : {}) },
      body: query,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (response.status !== 200 || !type || !replyTypes.has(type)) {
      await response.body?.cancel();
      if (response.status !== 200) {
        throw new TimestampError(
          TimestampErrorCode.HttpStatus,
          `The TSA ${tsa} answered HTTP ${response.status}`,
          retryableStatus(response.status),
        );
      }
      throw new TimestampError(
        TimestampErrorCode.MalformedResponse,
        `The TSA ${tsa} answered ${type ?? 'without a content type'} instead of ${timestampReplyType}`,
      );
    }
    return await readAtMost(response, maxReplyBytes, tsa);
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new TimestampError(TimestampErrorCode.Timeout, `The TSA ${tsa} did not answer within ${timeoutMs} ms`, true, { cause: error });
    }
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new TimestampError(TimestampErrorCode.Unreachable, `The TSA ${tsa} could not be reached: ${reason}`, true, { cause: error });
  }
}

async function readAtMost(response: Response, limit: number, tsa: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > limit) {
      throw new TimestampError(TimestampErrorCode.MalformedResponse, `The TSA ${tsa} answered more than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Serves a TSA over HTTP (RFC 3161 §3.4), e.g. `app.use('/tsa', createTsaRouter(authority))`: `POST /`
 * with a DER TimeStampReq as application/timestamp-query (16 KB at most) answers a DER TimeStampResp as
 * application/timestamp-reply, whatever its status. Another content type gets 415, a larger body 413.
 */
export function createTsaRouter(authority: { respond(requestDer: Buffer): Promise<Buffer> }): Router {
  const router = Router();
  router.post('/', express.raw({ type: timestampQueryType, limit: maxQueryBytes }), async (request, response) => {
    if (!Buffer.isBuffer(request.body)) {
      response.status(415).type('text/plain').send(`Send a DER TimeStampReq as ${timestampQueryType}.\n`);
      return;
    }
    response
      .status(200)
      .type(timestampReplyType)
      .send(await authority.respond(request.body));
  });
  const clientErrors: ErrorRequestHandler = (error: { status?: unknown; message?: unknown }, _request, response, next) => {
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      response
        .status(error.status)
        .type('text/plain')
        .send(`${String(error.message)}\n`);
      return;
    }
    next(error);
  };
  router.use(clientErrors);
  return router;
}

import type { ErrorRequestHandler } from 'express';

/**
 * The status of an error meant for the client — the http-errors of the body parsers (malformed JSON
 * 400, too large 413, unsupported charset 415…) — or null for anything else.
 */
export function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}

/**
 * The app's last handler, in place of Express's own, which writes the stack trace to the client outside
 * production: a client error keeps its status, anything else is logged and answered as a bare 500.
 */
export const errorHandler: ErrorRequestHandler = (error, request, response, next) => {
  const status = clientErrorStatus(error);
  if (status === null) request.log.error({ err: error }, 'request failed');
  // Too late for an answer: Express's handler closes the connection (it writes nothing then).
  if (response.headersSent) return next(error);
  response.status(status ?? 500).json({ error: status === null ? 'internal_error' : 'bad_request' });
};

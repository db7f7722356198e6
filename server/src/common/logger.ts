import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose value is a secret wherever they appear in an error: the value is never written. */
const secretKey =
  /pass(word|phrase)?|secret|token|authori[sz]ation|cookie|api[-_]?key|private[-_]?key|credential|connection[-_]?string|^dsn$|^processid$/i;
/**
 * Keys of an error that hold live objects (a `pg` client with its connection parameters and cancel key,
 * a socket, an HTTP request with its headers, a library's configuration): dropped whole.
 */
const objectKey = /^(client|connection|connectionparameters|config|options|pool|socket|agent|request|response|req|res|headers)$|^_/i;
/** `scheme://user:password@` in a message or a stack: the credentials are replaced. */
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

const maxDepth = 4;
const maxItems = 20;

const scrub = (text: string) => text.replace(urlCredentials, '$1[redacted]@');

function isPlainData(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/**
 * A value of an error, written only if it is data: strings (credentials in URLs scrubbed), numbers,
 * booleans, nested errors, and plain objects and arrays of those, a few levels deep. Class instances
 * other than errors (clients, sockets, streams, buffers) are left out.
 */
function serializeValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || depth >= maxDepth) return undefined;
  if (value instanceof Error) return serializeError(value, depth);
  if (!isPlainData(value)) return undefined;
  if (Array.isArray(value)) return value.slice(0, maxItems).map((item) => serializeValue(item, depth + 1) ?? null);
  return copyFields(value as Record<string, unknown>, {}, depth);
}

function copyFields(source: Record<string, unknown>, target: Record<string, unknown>, depth: number): Record<string, unknown> {
  for (const [key, value] of Object.entries(source).slice(0, 50)) {
    if (key in target || objectKey.test(key)) continue;
    if (secretKey.test(key)) {
      target[key] = '[redacted]';
      continue;
    }
    const written = serializeValue(value, depth + 1);
    if (written !== undefined) target[key] = written;
  }
  return target;
}

/**
 * The `err` serialiser: an error's type, message, code and stack, its other data fields (a PostgreSQL
 * error's severity, detail, constraint…), its `cause` and, for an AggregateError, its `errors` — but never
 * the client, connection, configuration, request or response objects that libraries attach to errors
 * (pg-pool sets `err.client`, whose connection parameters hold the password and whose `secretKey` is the
 * backend's cancel key), nor a field named like a secret. Also applied to what pino-http has already
 * serialised (a plain object), and to values that are not errors.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (typeof error !== 'object' || error === null) return serializeValue(error, depth);
  const source = error as Record<string, unknown> & {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
    code?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  const written: Record<string, unknown> = {
    type: error instanceof Error ? error.constructor.name : typeof source.type === 'string' ? source.type : 'Object',
  };
  for (const key of ['message', 'code', 'stack'] as const) {
    const value = serializeValue(source[key], depth + 1);
    if (value !== undefined) written[key] = value;
  }
  if (source.cause !== undefined) written.cause = serializeValue(source.cause, depth + 1);
  if (Array.isArray(source.errors)) written.errors = serializeValue(source.errors, depth + 1);
  return copyFields(source, written, depth);
}

/** Serialisers of every logger; pino-http must be given them too (it installs its own otherwise). */
export const logSerializers = { err: serializeError, error: serializeError, reason: serializeError, cause: serializeError };

/** Paths whose values are secrets wherever a log call puts them (errors are handled by serializeError). */
const redactPaths = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'connectionString',
  '*.connectionString',
  'databaseUrl',
  '*.databaseUrl',
];

/** Structured JSON logs; secrets, bearer tokens and database clients never reach them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'cartable' },
    serializers: logSerializers,
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets and bearer tokens never reach them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'cartable' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

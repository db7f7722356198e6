import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback } from './loopback.js';

export interface SmsApiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the next requests get instead of the normal handling: a status and JSON body, or no answer at all. */
export type SmsApiOverride = { status: number; body: unknown } | 'hang';

export interface BrevoSmsApi {
  /** Base URL to configure as SMS_API_URL (`http://127.0.0.1:<port>/v3`). */
  apiUrl: string;
  requests: SmsApiRequest[];
  /** Answers every following request this way (until set to undefined). */
  override: SmsApiOverride | undefined;
  close(): Promise<void>;
}

/**
 * Brevo's transactional SMS endpoint on loopback, answering as documented: 401 `unauthorized` for another
 * api-key, 400 `invalid_parameter` for a missing field, a recipient that is not 6–15 digits or a sender
 * that is not 3–11 letters and digits or one of `invalidRecipients` (a well-formed number no operator
 * serves), otherwise 201 `{"messageId": …}` (64-bit ids, written exactly).
 */
export async function startBrevoSmsApi(options: {
  apiKey: string;
  nextMessageId?: bigint;
  invalidRecipients?: string[];
}): Promise<BrevoSmsApi> {
  const requests: SmsApiRequest[] = [];
  let nextMessageId = options.nextMessageId ?? 1_511_882_900_176_220n;
  const api: BrevoSmsApi = { apiUrl: '', requests, override: undefined, close: async () => {} };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text; refused below
      }
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      if (api.override === 'hang') return;
      const reply = (status: number, json: string) => response.writeHead(status, { 'content-type': 'application/json' }).end(json);
      if (api.override) return reply(api.override.status, JSON.stringify(api.override.body));
      const error = (status: number, code: string, message: string) => reply(status, JSON.stringify({ code, message }));
      if (request.method !== 'POST' || request.url !== '/v3/transactionalSMS/send') {
        return error(404, 'not_found', 'Invalid route');
      }
      if (request.headers['api-key'] !== options.apiKey) return error(401, 'unauthorized', 'Key not found');
      if (!request.headers['content-type']?.startsWith('application/json') || typeof body !== 'object' || body === null) {
        return error(400, 'invalid_parameter', 'Invalid JSON body');
      }
      const { sender, recipient, content } = body as Record<string, unknown>;
      if (typeof sender !== 'string' || !/^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$|^\d{3,15}$/.test(sender)) {
        return error(400, 'invalid_parameter', 'sender is invalid');
      }
      if (typeof recipient !== 'string' || !/^\+?\d{6,15}$/.test(recipient) || options.invalidRecipients?.includes(recipient)) {
        return error(400, 'invalid_parameter', 'Invalid phone number');
      }
      if (typeof content !== 'string' || content === '') return error(400, 'missing_parameter', 'content is missing');
      reply(201, `{"messageId":${nextMessageId}}`);
      nextMessageId += 1n;
    });
  });
  api.apiUrl = `http://127.0.0.1:${await listenOnLoopback(server)}/v3`;
  api.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}

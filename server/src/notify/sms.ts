import { PermanentDeliveryError } from './delivery-error.js';
import { isE164 } from './phone-number.js';

export interface SmsMessage {
  /** E.164, e.g. `+33612345678` (see `toE164`). */
  to: string;
  text: string;
  /** The send key of this SMS: the provider cannot deduplicate, so it is attached as the SMS's tag. */
  idempotencyKey: string;
}

export interface SmsSender {
  readonly provider: string;
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

export interface HttpSmsSenderOptions {
  provider: 'brevo';
  apiKey: string;
  /** Sender name shown on the phone: 3–11 letters and digits, or a number of up to 15 digits. */
  sender: string;
  /** Base URL of the provider's API; its production URL by default. */
  apiUrl?: string;
  /** How long to wait for the provider's answer before giving up (transient). */
  timeoutMs?: number;
}

const brevoApiUrl = 'https://api.brevo.com/v3';

/**
 * Brevo (ex-Sendinblue, Paris) transactional SMS: `POST {apiUrl}/transactionalSMS/send` with the
 * `api-key` header and a JSON body `{sender, recipient, content, type, unicodeEnabled, tag}`; a 201 answer
 * carries `{messageId}`, errors carry `{code, message}`
 * (https://developers.brevo.com/reference/send-async-transactional-sms).
 *
 * 400 (e.g. an invalid number) and other 4xx, 401/403 (API key refused, SMS not enabled on the account),
 * 402 (no SMS credits left) are permanent; 408, 429, 5xx, network errors and timeouts are transient.
 */
export function createHttpSmsSender(options: HttpSmsSenderOptions): SmsSender {
  const endpoint = `${(options.apiUrl ?? brevoApiUrl).replace(/\/$/, '')}/transactionalSMS/send`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    provider: options.provider,
    async send(message) {
      if (!isE164(message.to)) {
        throw new PermanentDeliveryError('INVALID_PHONE_NUMBER', `Not an E.164 phone number: ${JSON.stringify(message.to)}`);
      }
      if (message.text.trim() === '') throw new PermanentDeliveryError('INVALID_MESSAGE', 'Empty SMS text');
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'api-key': options.apiKey, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            sender: options.sender,
            // Brevo's documented form: the country code and number, digits only.
            recipient: message.to.slice(1),
            content: message.text,
            // Transactional: sent at any hour (marketing SMS are held at night, on Sundays and holidays).
            type: 'transactional',
            // Outside the GSM 7-bit alphabet (ê, â, ô, œ, ’…), the text must go as Unicode to arrive intact.
            unicodeEnabled: !isGsm7(message.text),
            tag: message.idempotencyKey,
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'TimeoutError') {
          throw new Error(`SMS provider did not answer within ${timeoutMs} ms`, { cause: error });
        }
        throw error;
      }
      const body = await response.text();
      if (response.ok) {
        // Read the id from the text: a 64-bit integer may exceed what a JSON number keeps exactly.
        const providerMessageId = /"messageId"\s*:\s*"?(\d+)/.exec(body)?.[1];
        if (!providerMessageId) throw new Error(`SMS provider answered ${response.status} without a messageId`);
        return { providerMessageId };
      }
      throw smsProviderError(response.status, body);
    },
  };
}

function smsProviderError(status: number, body: string): Error {
  let detail = body.slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'string' || typeof parsed.message === 'string') detail = `${parsed.code}: ${parsed.message}`;
  } catch {
    // not JSON: keep the raw text
  }
  const message = `SMS provider answered ${status} (${detail})`;
  if (status === 408 || status === 429 || status >= 500) return new Error(message);
  if (status === 401 || status === 403) return new PermanentDeliveryError('SMS_PROVIDER_UNAUTHORIZED', message);
  if (status === 402) return new PermanentDeliveryError('SMS_PROVIDER_NO_CREDITS', message);
  return new PermanentDeliveryError('SMS_REJECTED', message);
}

/** The GSM 03.38 default alphabet and its extension table (`^{}\[~]|€` and form feed). */
const gsm7Characters = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà' +
    '\f^{}\\[~]|€',
);

/** True when every character of the text exists in the GSM 7-bit alphabet (160 characters per SMS). */
export function isGsm7(text: string): boolean {
  for (const character of text) if (!gsm7Characters.has(character)) return false;
  return true;
}

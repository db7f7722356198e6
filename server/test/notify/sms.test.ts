import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../src/notify/delivery-error.js';
import { createHttpSmsSender, isGsm7, type SmsSender } from '../../src/notify/sms.js';
import { closedPort, rejectionOf } from '../helpers/loopback.js';
import { startBrevoSmsApi, type BrevoSmsApi } from '../helpers/brevo-sms-api.js';

const apiKey = 'xkeysib-0123456789abcdef-test';
const text = 'Conseil municipal le 12/03 a 18h. Convocation et dossiers dans votre Cartable.';

describe('Brevo SMS sender', () => {
  let api: BrevoSmsApi;
  let sms: SmsSender;

  beforeAll(async () => {
    api = await startBrevoSmsApi({ apiKey, invalidRecipients: ['33699999999'] });
    sms = createHttpSmsSender({ provider: 'brevo', apiKey, sender: 'Besancon', apiUrl: api.apiUrl, timeoutMs: 500 });
  });
  beforeEach(() => {
    api.override = undefined;
    api.requests.length = 0;
  });
  afterAll(() => api.close());

  it('posts the documented request and returns the provider message id', async () => {
    const result = await sms.send({ to: '+33612345678', text, idempotencyKey: 'send-7f3a9c-claire-martin-sms' });

    expect(sms.provider).toBe('brevo');
    expect(result).toEqual({ providerMessageId: '1511882900176220' });
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v3/transactionalSMS/send' });
    expect(request?.headers).toMatchObject({ 'api-key': apiKey, 'content-type': 'application/json', accept: 'application/json' });
    expect(request?.body).toEqual({
      sender: 'Besancon',
      recipient: '33612345678',
      content: text,
      type: 'transactional',
      unicodeEnabled: false,
      tag: 'send-7f3a9c-claire-martin-sms',
    });
  });

  it('sends text outside the GSM alphabet as Unicode', async () => {
    await sms.send({ to: '+262692123456', text: 'Vous êtes convoquée à la séance du 12 mars.', idempotencyKey: 'k' });
    expect(api.requests[0]?.body).toMatchObject({ recipient: '262692123456', unicodeEnabled: true });
  });

  it('keeps a 64-bit message id exactly', async () => {
    const bigApi = await startBrevoSmsApi({ apiKey, nextMessageId: 9_007_199_254_740_993n });
    const sender = createHttpSmsSender({ provider: 'brevo', apiKey, sender: 'Besancon', apiUrl: bigApi.apiUrl });
    expect(await sender.send({ to: '+33612345678', text, idempotencyKey: 'k' })).toEqual({ providerMessageId: '9007199254740993' });
    await bigApi.close();
  });

  it('refuses a number that is not E.164 without calling the provider', async () => {
    for (const to of ['0612345678', '+33 6 12 34 56 78', '33612345678', '']) {
      const error = await rejectionOf(sms.send({ to, text, idempotencyKey: 'k' }));
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect(error.code).toBe('INVALID_PHONE_NUMBER');
    }
    expect(api.requests).toHaveLength(0);
  });

  it('makes the provider refusals permanent: 400 invalid number, 401 bad key, 402 no credits', async () => {
    const invalid = await rejectionOf(sms.send({ to: '+33699999999', text, idempotencyKey: 'k' }));
    expect(invalid).toBeInstanceOf(PermanentDeliveryError);
    expect(invalid).toMatchObject({ code: 'SMS_REJECTED', message: 'SMS provider answered 400 (invalid_parameter: Invalid phone number)' });

    const wrongKey = createHttpSmsSender({ provider: 'brevo', apiKey: 'xkeysib-revoked', sender: 'Besancon', apiUrl: api.apiUrl });
    const unauthorized = await rejectionOf(wrongKey.send({ to: '+33612345678', text, idempotencyKey: 'k' }));
    expect(unauthorized).toMatchObject({
      code: 'SMS_PROVIDER_UNAUTHORIZED',
      message: 'SMS provider answered 401 (unauthorized: Key not found)',
    });

    api.override = { status: 402, body: { code: 'not_enough_credits', message: 'Not enough credits' } };
    const noCredits = await rejectionOf(sms.send({ to: '+33612345678', text, idempotencyKey: 'k' }));
    expect(noCredits).toMatchObject({ code: 'SMS_PROVIDER_NO_CREDITS' });
  });

  it('leaves 429, 5xx, a timeout and a refused connection transient', async () => {
    for (const status of [429, 500, 502]) {
      api.override = { status, body: { code: 'too_many_requests', message: 'slow down' } };
      const error = await rejectionOf(sms.send({ to: '+33612345678', text, idempotencyKey: 'k' }));
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
      expect(error.message).toContain(`SMS provider answered ${status}`);
    }

    api.override = 'hang';
    const timeout = await rejectionOf(sms.send({ to: '+33612345678', text, idempotencyKey: 'k' }));
    expect(timeout).not.toBeInstanceOf(PermanentDeliveryError);
    expect(timeout.message).toBe('SMS provider did not answer within 500 ms');

    const port = await closedPort();
    const offline = createHttpSmsSender({ provider: 'brevo', apiKey, sender: 'Besancon', apiUrl: `http://127.0.0.1:${port}/v3` });
    const refused = await rejectionOf(offline.send({ to: '+33612345678', text, idempotencyKey: 'k' }));
    expect(refused).not.toBeInstanceOf(PermanentDeliveryError);
    expect((refused.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('treats a 2xx answer without a message id as not sent (transient), never as delivered', async () => {
    api.override = { status: 201, body: {} };
    const error = await rejectionOf(sms.send({ to: '+33612345678', text, idempotencyKey: 'k' }));
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('isGsm7', () => {
  it('accepts the GSM 03.38 alphabet and its extension, nothing else', () => {
    expect(isGsm7('Séance à 18h, salle 3 : 12 € ; {ordre} [du] jour ~ |ok| ^ \\ ç? Ç!')).toBe(false);
    expect(isGsm7('Séance à 18h, salle 3 : 12 € ; {ordre} [du] jour ~ |ok| ^ \\ Ç!')).toBe(true);
    for (const outside of ['ê', 'â', 'ô', 'î', 'û', 'ë', 'ï', 'œ', '’', '«', '—', '😀']) expect(isGsm7(`a${outside}b`)).toBe(false);
  });
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createNotificationChannels, type EmailMessage } from '../../src/notify/channels.js';
import { startBrevoSmsApi, type BrevoSmsApi } from '../helpers/brevo-sms-api.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const logger = pino({ level: 'silent' });
const message: EmailMessage = {
  to: 'paul.bernard@elus.example.fr',
  subject: 'Convocation',
  text: 'Vous êtes convoqué.',
  html: '<p>Vous êtes convoqué.</p>',
  messageId: 'convocation.channels',
  headers: { 'Auto-Submitted': 'auto-generated' },
};

describe('createNotificationChannels', () => {
  let dataDir: string;
  let sink: SmtpSink;
  let smsApi: BrevoSmsApi;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-channels-'));
    sink = await startSmtpSink();
    smsApi = await startBrevoSmsApi({ apiKey: 'xkeysib-channels' });
  });
  afterAll(async () => {
    await Promise.all([sink.close(), smsApi.close(), rm(dataDir, { recursive: true, force: true })]);
  });

  it('without SMTP_URL nor SMS provider: emails go to the outbox folder, no SMS, push with a stored VAPID pair', async () => {
    const config = loadConfig({ CARTABLE_DATA_DIR: dataDir });
    const channels = await createNotificationChannels(config, logger);
    const delivery = await channels.email.send(message);
    await channels.close();

    expect(channels.sms).toBeNull();
    expect(await readdir(path.join(dataDir, 'outbox'))).toEqual(['convocation.channels@demo.cartable.fr.eml']);
    expect(delivery.messageId).toBe('convocation.channels@demo.cartable.fr');
    const stored = JSON.parse(await readFile(path.join(dataDir, 'vapid-keys.json'), 'utf8')) as { publicKey: string };
    expect(channels.push.publicKey).toBe(stored.publicKey);
    // The same pair after a restart: browsers stay subscribed.
    expect((await createNotificationChannels(config, logger)).push.publicKey).toBe(stored.publicKey);
  });

  it('with SMTP_URL, SMS_PROVIDER and VAPID keys: the SMTP server, the provider and those keys', async () => {
    const vapid = webpush.generateVAPIDKeys();
    const config = loadConfig({
      CARTABLE_DATA_DIR: dataDir,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Ville de Besançon <convocations@besancon.example.fr>',
      SMS_PROVIDER: 'brevo',
      SMS_API_KEY: 'xkeysib-channels',
      SMS_SENDER: 'Besancon',
      SMS_API_URL: smsApi.apiUrl,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    });
    const channels = await createNotificationChannels(config, logger);
    const delivery = await channels.email.send(message);
    const sms = await channels.sms?.send({ to: '+33712345678', text: 'Convocation envoyee.', idempotencyKey: 'channels' });
    await channels.close();

    expect(delivery.response).toMatch(/^250 /);
    const received = await sink.waitFor((mail) => mail.messageId === '<convocation.channels@besancon.example.fr>');
    expect(received.from?.text).toBe('"Ville de Besançon" <convocations@besancon.example.fr>');
    expect(channels.sms?.provider).toBe('brevo');
    expect(sms?.providerMessageId).toMatch(/^\d+$/);
    expect(smsApi.requests.at(-1)?.body).toMatchObject({ recipient: '33712345678', sender: 'Besancon' });
    expect(channels.push.publicKey).toBe(vapid.publicKey);
  });
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import type { DeliveryTarget, Notice } from '../../src/notify/channels/channel.js';
import { channelsOff, createNotificationChannels, PermanentDeliveryError, reachableChannels } from '../../src/notify/channels/registry.js';
import { startBrevoSmsApi, type BrevoSmsApi } from '../helpers/brevo-sms-api.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const logger = pino({ level: 'silent' });
const pushDevices = { of: async () => [], forget: async () => {} };
const notice: Notice = {
  from: { name: 'Ville de Besançon', unit: 'Conseil municipal' },
  subject: 'Convocation',
  opening: ['Vous êtes convoqué.'],
  list: { title: 'Ordre du jour', lines: ['1. Budget'] },
  closing: [],
  short: 'Convocation envoyee.',
  link: 'https://cartable.example/s',
  topic: 'meeting-1',
  dated: new Date('2026-12-01T09:00:00Z'),
  timeZone: 'Europe/Paris',
  signature: 'Le président',
  reference: 'convocation 1',
};
const target = (address: string): DeliveryTarget => ({
  deliveryId: 'channels',
  sendKey: 'channels',
  address,
  personId: '0190f0e2-0000-7000-8000-000000000001',
  name: 'Paul Bernard',
});
const contact = {
  email: 'paul.bernard@elus.example.fr',
  mobilePhone: '+33712345678',
  smsAlerts: true,
  pushDevices: 0,
  postalAddress: null,
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

  it('without SMTP_URL nor SMS provider: emails go to the outbox folder, SMS is off (not offered, not sent), push with a stored VAPID pair', async () => {
    const config = loadConfig({ CARTABLE_DATA_DIR: dataDir });
    const channels = await createNotificationChannels(config, logger, { pushDevices });
    const delivery = await channels.send('EMAIL', target('paul.bernard@elus.example.fr'), notice);
    const sms = await channels.send('SMS', target('+33712345678'), notice).catch((error: unknown) => error);
    const letter = await channels.send('LETTER', target('1 rue de la Mairie'), notice).catch((error: unknown) => error);
    await channels.close();

    expect(channelsOff(config)).toEqual([{ channel: 'SMS', reason: expect.stringContaining('Aucun fournisseur de SMS') }]);
    expect(reachableChannels(contact, 'ELECTRONIC', channelsOff(config))).toEqual([{ channel: 'EMAIL', address: contact.email }]);
    expect(sms).toBeInstanceOf(PermanentDeliveryError);
    expect(sms).toMatchObject({ code: 'SMS_DISABLED' });
    expect(letter).toMatchObject({ code: 'NOT_ELECTRONIC' });
    expect(await readdir(path.join(dataDir, 'outbox'))).toEqual(['cartable.channels@demo.cartable.fr.eml']);
    expect(delivery.reference).toBe('cartable.channels@demo.cartable.fr');
    const stored = JSON.parse(await readFile(path.join(dataDir, 'vapid-keys.json'), 'utf8')) as { publicKey: string };
    expect(channels.pushPublicKey).toBe(stored.publicKey);
    // The same pair after a restart: browsers stay subscribed.
    expect((await createNotificationChannels(config, logger, { pushDevices })).pushPublicKey).toBe(stored.publicKey);
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
    const channels = await createNotificationChannels(config, logger, { pushDevices });
    const delivery = await channels.send('EMAIL', target('paul.bernard@elus.example.fr'), notice);
    const sms = await channels.send('SMS', target('+33712345678'), notice);
    await channels.close();

    expect(channelsOff(config)).toEqual([]);
    expect(reachableChannels(contact, 'ELECTRONIC', channelsOff(config))).toEqual([
      { channel: 'EMAIL', address: contact.email },
      { channel: 'SMS', address: contact.mobilePhone },
    ]);
    expect(delivery.response).toMatch(/^250 /);
    const received = await sink.waitFor((mail) => mail.messageId === '<cartable.channels@besancon.example.fr>');
    expect(received.from?.text).toBe('"Ville de Besançon" <convocations@besancon.example.fr>');
    expect(sms.response).toBe('brevo');
    expect(sms.reference).toMatch(/^\d+$/);
    expect(smsApi.requests.at(-1)?.body).toMatchObject({
      recipient: '33712345678',
      sender: 'Besancon',
      content: 'Convocation envoyee.',
      tag: 'channels',
    });
    expect(channels.pushPublicKey).toBe(vapid.publicKey);
  });
});

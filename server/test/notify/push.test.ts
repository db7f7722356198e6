import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../src/notify/delivery-error.js';
import { createWebPushSender, loadOrCreateVapidKeys, type PushSender } from '../../src/notify/push.js';
import { rejectionOf } from '../helpers/loopback.js';
import { startPushService, type PushService } from '../helpers/push-service.js';

const payload = {
  title: 'Conseil municipal du 12 mars',
  body: 'Vous êtes convoquée. Ordre du jour : 14 points.',
  url: 'https://cartable.example.fr/seances/7f3a9c',
  tag: 'convocation-7f3a9c',
};

describe('Web Push sender', () => {
  let service: PushService;
  let sender: PushSender;
  const subject = 'mailto:ne-pas-repondre@mairie-besancon.example.fr';

  beforeAll(async () => {
    service = await startPushService();
    sender = createWebPushSender({ ...webpush.generateVAPIDKeys(), subject, agent: service.agent });
  });
  afterAll(() => service.close());

  it('delivers a payload the browser decrypts, under a VAPID token the push service verifies', async () => {
    const subscription = service.subscribe(sender.publicKey);
    const result = await sender.send(subscription, payload, { ttlSeconds: 3600, urgency: 'high', topic: 'convocation-7f3a9c' });

    expect(result).toEqual({ statusCode: 201 });
    const [delivered] = service.delivered.filter((message) => message.endpoint === subscription.endpoint);
    expect(delivered?.payload).toEqual(payload);
    expect(delivered?.vapid).toMatchObject({ aud: service.origin, sub: subject });
    expect(delivered?.vapid.exp).toBeGreaterThan(Date.now() / 1000);
    expect(delivered?.headers).toMatchObject({
      ttl: '3600',
      urgency: 'high',
      topic: 'convocation-7f3a9c',
      'content-encoding': 'aes128gcm',
    });
  });

  it('keeps a message one day for an offline device unless told otherwise', async () => {
    const subscription = service.subscribe(sender.publicKey);
    await sender.send(subscription, payload);
    const delivered = service.delivered.find((message) => message.endpoint === subscription.endpoint);
    expect(delivered?.headers).toMatchObject({ ttl: '86400', urgency: 'normal' });
    expect(delivered?.headers.topic).toBeUndefined();
  });

  it('reports an unsubscribed browser (410, 404) as SUBSCRIPTION_GONE', async () => {
    for (const status of [410, 404]) {
      const subscription = service.subscribe(sender.publicKey);
      service.answerWith(subscription.endpoint, status);
      const error = await rejectionOf(sender.send(subscription, payload));
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect(error.code).toBe('SUBSCRIPTION_GONE');
    }
  });

  it('leaves 429 and 5xx answers transient', async () => {
    for (const status of [429, 500, 503]) {
      const subscription = service.subscribe(sender.publicKey);
      service.answerWith(subscription.endpoint, status);
      const error = await rejectionOf(sender.send(subscription, payload));
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
      expect(error.statusCode).toBe(status);
    }
  });

  it('is refused (permanently) by the push service for a subscription made with another VAPID key', async () => {
    const subscription = service.subscribe(webpush.generateVAPIDKeys().publicKey);
    const error = await rejectionOf(sender.send(subscription, payload));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.code).toBe('PUSH_REJECTED');
    expect(error.message).toContain('403');
    expect(service.answers.at(-1)).toEqual({ status: 403, reason: 'VAPID key is not the subscription key' });
  });

  it('refuses a malformed subscription or topic without calling the push service', async () => {
    const answered = service.answers.length;
    const subscription = service.subscribe(sender.publicKey);
    const broken = [
      { ...subscription, endpoint: subscription.endpoint.replace('https:', 'http:') },
      { ...subscription, keys: { ...subscription.keys, p256dh: subscription.keys.p256dh.slice(4) } },
      { ...subscription, keys: { ...subscription.keys, auth: 'c2hvcnQ' } },
    ];
    for (const candidate of broken) {
      const error = await rejectionOf(sender.send(candidate, payload));
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect(error.code).toBe('INVALID_SUBSCRIPTION');
    }
    const badTopic = await rejectionOf(sender.send(subscription, payload, { topic: 'convocation du 12 mars' }));
    expect(badTopic.code).toBe('INVALID_MESSAGE');
    expect(service.answers.length).toBe(answered);
  });

  it('refuses bad VAPID settings when it is created', () => {
    const keys = webpush.generateVAPIDKeys();
    expect(() => createWebPushSender({ ...keys, subject: 'ne-pas-repondre@mairie.example.fr' })).toThrow(/subject/);
    expect(() => createWebPushSender({ ...keys, publicKey: keys.publicKey.slice(2), subject })).toThrow(/public key/);
  });
});

describe('the local push service the tests trust', () => {
  it('refuses what a real push service refuses: another audience, an expired or forged token, a tampered body', async () => {
    const service = await startPushService();
    const keys = webpush.generateVAPIDKeys();
    const subscription = service.subscribe(keys.publicKey);
    const vapidDetails = { subject: 'mailto:ne-pas-repondre@mairie.example.fr', ...keys };
    const post = (headers: Record<string, string | number>, body: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = request(subscription.endpoint, { method: 'POST', headers, agent: service.agent }, (response) => {
          response.resume();
          resolve(response.statusCode!);
        });
        outgoing.on('error', reject).end(body);
      });
    const vapidAuthorization = (audience: string, signingKeys = keys, expiration?: number) =>
      webpush.getVapidHeaders(audience, vapidDetails.subject, signingKeys.publicKey, signingKeys.privateKey, 'aes128gcm', expiration)
        .Authorization;
    const genuine = webpush.generateRequestDetails(subscription, '{"ok":true}', { vapidDetails, contentEncoding: 'aes128gcm' });
    const body = genuine.body!;
    const forgedToken = /t=([^,]+)/.exec(vapidAuthorization(service.origin, webpush.generateVAPIDKeys()))![1];
    const tampered = Buffer.from(body);
    tampered[tampered.length - 1]! ^= 1;

    expect(await post(genuine.headers, body)).toBe(201);
    expect(await post({ ...genuine.headers, Authorization: vapidAuthorization('https://ailleurs.example') }, body)).toBe(401);
    expect(
      await post({ ...genuine.headers, Authorization: vapidAuthorization(service.origin, keys, Math.floor(Date.now() / 1000) - 1) }, body),
    ).toBe(401);
    expect(await post({ ...genuine.headers, Authorization: `vapid t=${forgedToken}, k=${keys.publicKey}` }, body)).toBe(401);
    expect(await post(genuine.headers, tampered)).toBe(400);
    expect(service.delivered.map((message) => message.payload)).toEqual([{ ok: true }]);
    await service.close();
  });
});

describe('loadOrCreateVapidKeys', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-vapid-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('generates one P-256 pair, stores it for its owner only and returns it again after a restart', async () => {
    const concurrent = await Promise.all([loadOrCreateVapidKeys(dataDir), loadOrCreateVapidKeys(dataDir), loadOrCreateVapidKeys(dataDir)]);
    const again = await loadOrCreateVapidKeys(dataDir);

    for (const keys of [...concurrent.slice(1), again]) expect(keys).toEqual(concurrent[0]);
    const file = path.join(dataDir, 'vapid-keys.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(again);
    expect(Buffer.from(again.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(again.privateKey, 'base64url')).toHaveLength(32);
    expect(() => createWebPushSender({ ...again, subject: 'mailto:ne-pas-repondre@mairie.example.fr' })).not.toThrow();
  });
});

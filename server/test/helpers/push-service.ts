import 'reflect-metadata'; // @peculiar/x509 resolves its services through tsyringe, which needs it
import { createDecipheriv, createECDH, createPrivateKey, hkdfSync, randomBytes, randomUUID, webcrypto, type ECDH } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, createServer } from 'node:https';
import * as x509 from '@peculiar/x509';
import { importJWK, jwtVerify, type JWTPayload } from 'jose';
import { listenOnLoopback } from './loopback.js';

/** What the browser would hand to the app after `pushManager.subscribe()`. */
export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A message the push service accepted: VAPID checked, payload decrypted (and parsed when JSON). */
export interface DeliveredPush {
  endpoint: string;
  headers: IncomingHttpHeaders;
  vapid: JWTPayload;
  payload: unknown;
}

export interface PushService {
  origin: string;
  /** Trusts the service's self-signed certificate: hand it to the sender. */
  agent: Agent;
  delivered: DeliveredPush[];
  /** Every answer the service gave, in order: `{ status, reason }`. */
  answers: { status: number; reason: string }[];
  /** Acts as a browser: a fresh P-256 key pair and auth secret, bound to the given application server key. */
  subscribe(applicationServerKey: string): BrowserSubscription;
  /** Makes the service answer this status (e.g. 410 once the browser unsubscribed) for the endpoint. */
  answerWith(endpoint: string, status: number): void;
  close(): Promise<void>;
}

interface Registration {
  applicationServerKey: string;
  userAgentKey: ECDH;
  authSecret: Buffer;
  forcedStatus?: number;
}

/**
 * A Web Push service on loopback HTTPS that does what FCM or Mozilla's autopush do with a request:
 * 404 for an unknown subscription, 403 when the VAPID key is not the one the subscription was made with,
 * 401 for a VAPID token that does not verify (ES256 signature, `aud` = this origin, `exp` within 24 h),
 * 400 for a body that is not aes128gcm for this subscription; otherwise 201, keeping the decrypted JSON.
 */
export async function startPushService(): Promise<PushService> {
  const tls = await selfSignedCertificate();
  const registrations = new Map<string, Registration>();
  const delivered: DeliveredPush[] = [];
  const answers: { status: number; reason: string }[] = [];
  let origin = '';

  const server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const endpoint = `${origin}${request.url}`;
      accept(endpoint, request.method, request.headers, Buffer.concat(chunks)).then(
        (status) => answer(status, 'accepted'),
        (error: Error) => answer(error instanceof Refusal ? error.status : 500, error.message),
      );
      function answer(status: number, reason: string) {
        answers.push({ status, reason });
        response.writeHead(status, status === 201 ? { location: `${origin}/message/${randomUUID()}` } : {});
        response.end(status === 201 ? '' : reason);
      }
    });
  });

  async function accept(endpoint: string, method: string | undefined, headers: IncomingHttpHeaders, body: Buffer) {
    const registration = registrations.get(endpoint);
    if (method !== 'POST' || !registration) throw new Refusal(404, 'no such subscription');
    if (registration.forcedStatus) throw new Refusal(registration.forcedStatus, 'forced');
    const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), ?k=([\w-]+)$/.exec(headers.authorization ?? '');
    if (!match) throw new Refusal(401, 'no VAPID authorization');
    const [token, key] = [match[1]!, match[2]!];
    if (key !== registration.applicationServerKey) throw new Refusal(403, 'VAPID key is not the subscription key');
    const vapid = await verifyVapidToken(token, key, origin).catch((error: Error) => {
      throw new Refusal(401, `VAPID token: ${error.message}`);
    });
    if (!/^\d+$/.test(String(headers.ttl))) throw new Refusal(400, 'TTL header missing');
    if (headers['content-encoding'] !== 'aes128gcm') throw new Refusal(415, 'not aes128gcm');
    let plaintext: Buffer;
    try {
      plaintext = decryptAes128gcm(body, registration.userAgentKey, registration.authSecret);
    } catch (error) {
      throw new Refusal(400, `payload does not decrypt: ${(error as Error).message}`);
    }
    const text = plaintext.toString('utf8');
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    delivered.push({ endpoint, headers, vapid, payload });
    return 201;
  }

  origin = `https://127.0.0.1:${await listenOnLoopback(server)}`;

  return {
    origin,
    agent: new Agent({ ca: tls.cert }),
    delivered,
    answers,
    subscribe(applicationServerKey) {
      const userAgentKey = createECDH('prime256v1');
      userAgentKey.generateKeys();
      const authSecret = randomBytes(16);
      const endpoint = `${origin}/push/${randomUUID()}`;
      registrations.set(endpoint, { applicationServerKey, userAgentKey, authSecret });
      return {
        endpoint,
        keys: { p256dh: userAgentKey.getPublicKey('base64url'), auth: authSecret.toString('base64url') },
      };
    },
    answerWith(endpoint, status) {
      registrations.get(endpoint)!.forcedStatus = status;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** RFC 8292: an ES256 JWT signed with the key `k`, for this push service's origin, expiring within 24 h. */
async function verifyVapidToken(token: string, key: string, origin: string): Promise<JWTPayload> {
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const publicKey = await importJWK(
    { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    'ES256',
  );
  const { payload } = await jwtVerify(token, publicKey, {
    algorithms: ['ES256'],
    audience: origin,
    requiredClaims: ['exp', 'sub'],
  });
  if (payload.exp! > Date.now() / 1000 + 24 * 3600) throw new Error('exp more than 24 hours ahead');
  if (!/^(mailto:|https:)/.test(String(payload.sub))) throw new Error('sub is not a mailto: or https: URL');
  return payload;
}

/** RFC 8291 + RFC 8188, the user agent's side: one record, keys derived from ECDH and the auth secret. */
function decryptAes128gcm(body: Buffer, userAgentKey: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20]!;
  const applicationServerPublicKey = body.subarray(21, 21 + keyIdLength);
  const record = body.subarray(21 + keyIdLength);
  if (record.length > recordSize) throw new Error('more than one record');
  const sharedSecret = userAgentKey.computeSecret(applicationServerPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), userAgentKey.getPublicKey(), applicationServerPublicKey]);
  const inputKey = Buffer.from(hkdfSync('sha256', sharedSecret, authSecret, keyInfo, 32));
  const contentKey = Buffer.from(hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
  decipher.setAuthTag(record.subarray(-16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('last record delimiter missing');
  return padded.subarray(0, end);
}

/** A P-256 certificate for 127.0.0.1, valid for an hour. */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(8).toString('hex'),
      name: 'CN=127.0.0.1',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3_600_000),
      keys,
      signingAlgorithm: algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' });
  return { key: key.toString(), cert: certificate.toString('pem') };
}

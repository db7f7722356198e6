import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import * as pkijs from 'pkijs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmbeddedTimestampAuthority,
  createHttpTimestampAuthority,
  createTsaRouter,
  TimestampErrorCode,
  verifyTimestampToken,
  type EmbeddedTimestampAuthority,
} from '../../src/evidence/timestamping/timestamp-authority.js';
import { FailureInfo, failureInfoBitString, PkiStatus, timestampRequest } from '../../src/evidence/timestamping/tsp.js';

const sha256 = (data: string) => createHash('sha256').update(data).digest();
const replyType = 'application/timestamp-reply';

let work: string;
let embedded: EmbeddedTimestampAuthority;
let rootPem: string;
let server: Server;
let base: string;
/** The first reply the replaying TSA got, served again to every later request. */
let replayed: Buffer | undefined;

function rejectionDer(failure: number): Buffer {
  const status = new pkijs.PKIStatusInfo({ status: PkiStatus.rejection, failInfo: failureInfoBitString(failure) });
  return Buffer.from(new pkijs.TimeStampResp({ status }).toSchema().toBER());
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cartable-tsa-http-'));
  embedded = await createEmbeddedTimestampAuthority({ dataDir: work });
  rootPem = (await embedded.certificateChainPem()).split(/(?<=-----END CERTIFICATE-----\n)/)[1]!;

  const app = express();
  app.use('/tsa', createTsaRouter(embedded));
  const query = express.raw({ type: 'application/timestamp-query' });
  // TSAs that misbehave, each in its own way.
  app.post('/refusing', (_request, response) => response.type(replyType).send(rejectionDer(FailureInfo.badRequest)));
  app.post('/overloaded', (_request, response) => response.type(replyType).send(rejectionDer(FailureInfo.timeNotAvailable)));
  app.post('/garbage', (_request, response) => response.type(replyType).send(Buffer.from('<html>Bienvenue</html>')));
  app.post('/html', (_request, response) => response.type('text/html').send('<html>Bienvenue</html>'));
  app.post('/failing', (_request, response) => response.status(500).send('boom'));
  app.post('/forbidding', (_request, response) => response.status(403).send('no'));
  app.post('/huge', (_request, response) => response.type(replyType).send(Buffer.alloc(300 * 1024)));
  app.post('/silent', () => undefined);
  app.post('/replaying', query, async (request, response) => {
    replayed ??= await embedded.respond(request.body as Buffer);
    response.type(replyType).send(replayed);
  });
  app.post('/with-root', query, async (request, response) => {
    // A TSA that also sends its root: extra certificates leave the signature intact.
    const reply = pkijs.TimeStampResp.fromBER(await embedded.respond(request.body as Buffer));
    const signedData = new pkijs.SignedData({ schema: reply.timeStampToken!.content });
    signedData.certificates!.push(pkijs.Certificate.fromBER(Buffer.from(rootPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')));
    reply.timeStampToken!.content = signedData.toSchema(true);
    response.type(replyType).send(Buffer.from(reply.toSchema().toBER()));
  });
  app.post('/private', query, async (request, response) => {
    if (request.headers.authorization !== `Basic ${Buffer.from('mairie:mot de passe').toString('base64')}`) {
      response.status(401).send('authentication required');
      return;
    }
    response.type(replyType).send(await embedded.respond(request.body as Buffer));
  });
  app.post('/substituting', async (_request, response) => {
    response.type(replyType).send(await embedded.respond(timestampRequest(sha256('something else')).der));
  });
  server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(work, { recursive: true, force: true });
});

const client = (route: string, timeoutMs?: number) =>
  createHttpTimestampAuthority({ url: `${base}${route}`, caCertificatesPem: rootPem, timeoutMs });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the timestamp was accepted'),
    (error: { code?: string; retryable?: boolean; message?: string }) => error,
  );

describe('the HTTP client against the embedded TSA router (real HTTP on loopback)', () => {
  it('obtains a token that verifies, and learns the chain', async () => {
    const tsa = client('/tsa');
    expect(tsa.description).toBe(`${base}/tsa`);
    expect(await tsa.certificateChainPem()).toBe(rootPem);

    const digest = sha256('convocation du 12 mars');
    const token = await tsa.timestamp(digest);
    expect(token.policy).toBe('1.3.6.1.4.1.32473.3161.1');
    await expect(verifyTimestampToken(token.response, digest, rootPem)).resolves.toEqual({
      genTime: token.genTime,
      serialNumber: token.serialNumber,
    });
    expect(await tsa.certificateChainPem()).toBe(await embedded.certificateChainPem());
  });

  it('does not trust a TSA whose root was not configured and that does not send one', async () => {
    const unpinned = createHttpTimestampAuthority({ url: `${base}/tsa` });
    expect(await failure(unpinned.certificateChainPem())).toMatchObject({ code: TimestampErrorCode.ChainUnknown });
    expect(await failure(unpinned.timestamp(sha256('x')))).toMatchObject({ code: TimestampErrorCode.Untrusted, retryable: false });
  });

  it('without configured roots, trusts the root the TSA sends (integrity, not identity) and gives that chain', async () => {
    const unpinned = createHttpTimestampAuthority({ url: `${base}/with-root` });
    const digest = sha256('convocation');
    const token = await unpinned.timestamp(digest);
    expect(await unpinned.certificateChainPem()).toBe(await embedded.certificateChainPem());
    await expect(verifyTimestampToken(token.response, digest, rootPem)).resolves.toHaveProperty('serialNumber', token.serialNumber);
  });

  it('sends the user and password of the URL as Basic authorization, and never shows them', async () => {
    const { port } = server.address() as AddressInfo;
    const account = createHttpTimestampAuthority({
      url: `http://mairie:mot%20de%20passe@127.0.0.1:${port}/private`,
      caCertificatesPem: rootPem,
    });
    expect(account.description).toBe(`http://127.0.0.1:${port}/private`);
    await expect(account.timestamp(sha256('x'))).resolves.toHaveProperty('serialNumber');
    const intruder = createHttpTimestampAuthority({ url: `http://mairie:devine@127.0.0.1:${port}/private`, caCertificatesPem: rootPem });
    const error = await failure(intruder.timestamp(sha256('x')));
    expect(error).toMatchObject({ code: TimestampErrorCode.HttpStatus, retryable: false });
    expect(error.message).not.toContain('devine');
  });

  it('refuses a digest that is not 32 bytes', async () => {
    await expect(client('/tsa').timestamp(Buffer.from('abc'))).rejects.toThrow(TypeError);
  });
});

describe('TSAs that fail', () => {
  it.each([
    { route: '/refusing', code: TimestampErrorCode.Rejected, retryable: false, message: /refused the request \(status 2, badRequest\)/ },
    { route: '/overloaded', code: TimestampErrorCode.Rejected, retryable: true, message: /timeNotAvailable/ },
    { route: '/garbage', code: TimestampErrorCode.MalformedResponse, retryable: false, message: /not a DER TimeStampResp/ },
    {
      route: '/html',
      code: TimestampErrorCode.MalformedResponse,
      retryable: false,
      message: /answered text\/html instead of application\/timestamp-reply/,
    },
    { route: '/failing', code: TimestampErrorCode.HttpStatus, retryable: true, message: /answered HTTP 500/ },
    { route: '/forbidding', code: TimestampErrorCode.HttpStatus, retryable: false, message: /answered HTTP 403/ },
    { route: '/huge', code: TimestampErrorCode.MalformedResponse, retryable: false, message: /more than 262144 bytes/ },
    { route: '/substituting', code: TimestampErrorCode.ImprintMismatch, retryable: false, message: /another digest/ },
  ])('$route gives $code (retryable: $retryable)', async ({ route, code, retryable, message }) => {
    const error = await failure(client(route).timestamp(sha256('convocation')));
    expect(error).toMatchObject({ name: 'TimestampError', code, retryable });
    expect(error.message).toMatch(message);
  });

  it('a TSA that answers too slowly gives a retryable timeout', async () => {
    const error = await failure(client('/silent', 300).timestamp(sha256('convocation')));
    expect(error).toMatchObject({ code: TimestampErrorCode.Timeout, retryable: true });
    expect(error.message).toContain('did not answer within 300 ms');
  });

  it('a TSA that cannot be reached gives a retryable error', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const error = await failure(
      createHttpTimestampAuthority({ url: `http://127.0.0.1:${port}/tsa`, caCertificatesPem: rootPem }).timestamp(sha256('x')),
    );
    expect(error).toMatchObject({ code: TimestampErrorCode.Unreachable, retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a replayed answer (valid token, nonce of another request) is refused', async () => {
    const tsa = client('/replaying');
    const digest = sha256('the same convocation, stamped twice');
    await expect(tsa.timestamp(digest)).resolves.toHaveProperty('serialNumber');
    expect(await failure(tsa.timestamp(digest))).toMatchObject({ code: TimestampErrorCode.NonceMismatch, retryable: false });
  });
});

describe('the TSA router', () => {
  it('answers a query with a reply of the RFC 3161 media type', async () => {
    const answer = await request(base)
      .post('/tsa')
      .set('content-type', 'application/timestamp-query')
      .send(timestampRequest(sha256('x')).der);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(replyType);
  });

  it('answers a malformed query with a rejection, not an HTTP error', async () => {
    const answer = await request(base)
      .post('/tsa')
      .set('content-type', 'application/timestamp-query')
      .send(Buffer.from('not a request'))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(answer.status).toBe(200);
    expect(pkijs.TimeStampResp.fromBER(answer.body as Buffer).status.status).toBe(PkiStatus.rejection);
  });

  it('refuses another content type (415) and a body over 16 KB (413)', async () => {
    const json = await request(base).post('/tsa').set('content-type', 'application/json').send('{}');
    expect(json.status).toBe(415);
    const large = await request(base)
      .post('/tsa')
      .set('content-type', 'application/timestamp-query')
      .send(Buffer.alloc(17 * 1024));
    expect(large.status).toBe(413);
  });
});

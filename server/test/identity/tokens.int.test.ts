import { createHash, randomBytes } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, type SigningKey } from '../../src/auth/embedded-provider/signing-key.js';
import { forgeAccessToken, testIssuer as issuer } from '../helpers/access-token.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let key: SigningKey;
const claireSubject = async () => {
  const token = await harness.token('claire.martin');
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
};

beforeAll(async () => {
  harness = await startHarness();
  key = await loadOrCreateSigningKey(harness.dataDir);
});
afterAll(() => harness?.close());

async function forge(overrides: Record<string, unknown>, sign: { key?: SigningKey['privateKey']; kid?: string } = {}) {
  const claims = { sub: await claireSubject(), email: 'claire.martin@demo.cartable.fr', email_verified: true, ...overrides };
  return forgeAccessToken({ privateKey: sign.key ?? key.privateKey, kid: sign.kid ?? key.kid }, claims);
}

const meQuery = '{ me { displayName } }';

async function expectRejected(authorization: string) {
  const response = await harness.http
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', authorization)
    .send({ query: meQuery });
  expect(response.status).toBe(401);
  expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  expect(response.body.errors).toEqual([
    { message: 'Jeton d’accès invalide ou expiré. Reconnectez-vous.', extensions: { code: 'UNAUTHENTICATED' } },
  ]);
}

describe('access tokens', () => {
  it('a forged token with the right claims and key is accepted (the control case)', async () => {
    const result = await harness.graphql(meQuery, {}, await forge({}));
    expect(result.data).toEqual({ me: { displayName: 'Claire Martin' } });
  });

  it('rejects an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(`Bearer ${await forge({ iat: now - 900, exp: now - 600 })}`);
  });

  it('rejects a token without expiry, one issued in the future, and one issued to another client of the realm', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(`Bearer ${await forge({ exp: undefined })}`);
    await expectRejected(`Bearer ${await forge({ iat: now + 3600, exp: now + 3900 })}`);
    await expectRejected(`Bearer ${await forge({ azp: 'cartable-provisioner' })}`);
    await expectRejected(`Bearer ${await forge({ azp: 'un-autre-client' })}`);
  });

  it('rejects a token of another issuer', async () => {
    await expectRejected(`Bearer ${await forge({ iss: 'http://localhost:4000/realms/autre' })}`);
  });

  it('rejects a token for another audience', async () => {
    await expectRejected(`Bearer ${await forge({ aud: ['account'] })}`);
  });

  it('rejects an ID token or a refresh token used as an access token', async () => {
    await expectRejected(`Bearer ${await forge({ typ: 'ID' })}`);
    await expectRejected(`Bearer ${await forge({ typ: 'Refresh' })}`);
  });

  it('rejects a token that is not yet valid', async () => {
    await expectRejected(`Bearer ${await forge({ nbf: Math.floor(Date.now() / 1000) + 3600 })}`);
  });

  it('rejects an unsigned token (alg none)', async () => {
    const valid = await forge({});
    const [, payload] = valid.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectRejected(`Bearer ${header}.${payload}.`);
    await expectRejected(`Bearer ${header}.${payload}.${randomBytes(32).toString('base64url')}`);
  });

  it('rejects an HS256 token keyed with the public key', async () => {
    const valid = await forge({});
    const [, payload] = valid.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid })).toString('base64url');
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', key.publicKeyDer).update(`${header}.${payload}`).digest('base64url');
    await expectRejected(`Bearer ${header}.${payload}.${signature}`);
  });

  it('rejects a token signed by an unknown key', async () => {
    const stranger = await generateKeyPair('RS256');
    await expectRejected(`Bearer ${await forge({}, { key: stranger.privateKey, kid: 'unknown-key' })}`);
    await expectRejected(`Bearer ${await forge({}, { key: stranger.privateKey })}`);
  });

  it('rejects a tampered payload, garbage and non-bearer schemes', async () => {
    const [header, , signature] = (await forge({})).split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'someone-else', iss: issuer, aud: ['cartable-api'], typ: 'Bearer', exp: 9999999999 }),
    ).toString('base64url');
    await expectRejected(`Bearer ${header}.${payload}.${signature}`);
    await expectRejected('Bearer not-a-token');
    await expectRejected('Basic Y2xhaXJlOmRlbW8=');
  });

  it('refuses (403) a valid token of an account unknown to Cartable', async () => {
    const token = await forge({ sub: 'f81d4fae-7dec-41d0-a765-00a0c91e6bf6', email: 'inconnu@example.org', email_verified: true });
    const response = await harness.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query: meQuery });
    expect(response.status).toBe(403);
    expect(response.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('does not bind an account to a person through an unverified email', async () => {
    const token = await forge({
      sub: 'b1e1e5d2-0000-4000-8000-000000000001',
      email: 'paul.bernard@demo.cartable.fr',
      email_verified: false,
    });
    const response = await harness.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query: meQuery });
    expect(response.status).toBe(403);
  });
});

describe('the embedded provider speaks Keycloak', () => {
  it("publishes discovery and keys at Keycloak's URLs", async () => {
    const discovery = await harness.http.get('/realms/cartable/.well-known/openid-configuration');
    expect(discovery.body).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/protocol/openid-connect/token`,
      jwks_uri: `${issuer}/protocol/openid-connect/certs`,
      code_challenge_methods_supported: ['S256'],
    });
    const keys = await harness.http.get('/realms/cartable/protocol/openid-connect/certs');
    expect(keys.body.keys).toEqual([expect.objectContaining({ kid: key.kid, alg: 'RS256', kty: 'RSA' })]);
  });

  it("issues tokens with Keycloak's claims, and refuses a wrong password", async () => {
    const token = await harness.token('claire.martin');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: issuer,
      aud: ['cartable-api'],
      azp: 'cartable-cli',
      typ: 'Bearer',
      preferred_username: 'claire.martin',
      email: 'claire.martin@demo.cartable.fr',
      email_verified: true,
    });
    const refused = await harness.http
      .post('/realms/cartable/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'cartable-cli', username: 'claire.martin', password: 'wrong' });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_grant');
  });

  it('refuses the password grant to the web client, which must use the code flow', async () => {
    const refused = await harness.http
      .post('/realms/cartable/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'cartable-web', username: 'claire.martin', password: 'demo' });
    expect(refused.status).toBe(400);
  });

  it('runs the authorization code flow with PKCE for the web client', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = 'http://localhost:4000/auth/callback';
    const parameters = {
      client_id: 'cartable-web',
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'etat-123',
      scope: 'openid',
    };
    const page = await harness.http.get('/realms/cartable/protocol/openid-connect/auth').query(parameters);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Connexion à Cartable');
    const login = await harness.http
      .post('/realms/cartable/protocol/openid-connect/auth')
      .type('form')
      .send({ ...parameters, username: 'paul.bernard', password: 'demo' });
    expect(login.status).toBe(302);
    const location = new URL(login.headers.location!);
    expect(location.searchParams.get('state')).toBe('etat-123');
    const code = location.searchParams.get('code')!;

    const wrongVerifier = await harness.http
      .post('/realms/cartable/protocol/openid-connect/token')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        client_id: 'cartable-web',
        code,
        redirect_uri: redirectUri,
        code_verifier: 'x'.repeat(43),
      });
    expect(wrongVerifier.status).toBe(400);

    // The code was spent by the failed attempt: a new one is needed.
    const again = await harness.http
      .post('/realms/cartable/protocol/openid-connect/auth')
      .type('form')
      .send({ ...parameters, username: 'paul.bernard', password: 'demo' });
    const secondCode = new URL(again.headers.location!).searchParams.get('code')!;
    const exchanged = await harness.http.post('/realms/cartable/protocol/openid-connect/token').type('form').send({
      grant_type: 'authorization_code',
      client_id: 'cartable-web',
      code: secondCode,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    const result = await harness.graphql<{ me: { displayName: string } }>(meQuery, {}, exchanged.body.access_token);
    expect(result.data?.me.displayName).toBe('Paul Bernard');
  });

  it('refuses an authorization request to an unregistered redirect URI', async () => {
    const page = await harness.http.get('/realms/cartable/protocol/openid-connect/auth').query({
      client_id: 'cartable-web',
      redirect_uri: 'https://attaquant.example/callback',
      response_type: 'code',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
    expect(page.status).toBe(400);
  });
});

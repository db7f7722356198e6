import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/** The app at an origin other than the realm file's localhost:4000, as in the end-to-end tests. */
const publicUrl = 'http://127.0.0.1:45678';
const endpoints = '/realms/cartable/protocol/openid-connect';

describe('the web client on the embedded provider', () => {
  let harness: TestHarness;

  beforeAll(async () => {
    harness = await startHarness({ demo: true, environment: { PUBLIC_URL: publicUrl } });
  });
  afterAll(() => harness?.close());

  const authorize = async (redirectUri: string) => {
    const verifier = randomBytes(32).toString('base64url');
    const parameters = {
      client_id: 'cartable-web',
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'etat',
      nonce: 'nonce-1',
    };
    const page = await harness.http.get(`${endpoints}/auth`).query(parameters);
    if (page.status !== 200) return { status: page.status, tokens: null };
    const login = await harness.http
      .post(`${endpoints}/auth`)
      .type('form')
      .send({ ...parameters, username: 'claire.martin', password: 'demo' });
    const code = new URL(login.headers.location!).searchParams.get('code')!;
    const exchanged = await harness.http
      .post(`${endpoints}/token`)
      .type('form')
      .send({ grant_type: 'authorization_code', client_id: 'cartable-web', code, redirect_uri: redirectUri, code_verifier: verifier });
    return { status: page.status, tokens: exchanged.body as { access_token: string; refresh_token: string; id_token: string } };
  };

  it('accepts redirects to the app itself (the relative `/*` of the realm), whatever its port', async () => {
    expect((await authorize(`${publicUrl}/connexion`)).tokens?.access_token).toBeTruthy();
    expect((await authorize('http://127.0.0.1:45679/connexion')).status).toBe(400);
    expect((await authorize('http://127.0.0.1.attaquant.example/connexion')).status).toBe(400);
  });

  it('ends the session on logout: its refresh tokens stop working, and the browser goes back to the app', async () => {
    const { tokens } = await authorize(`${publicUrl}/connexion`);
    const refreshed = await harness.http
      .post(`${endpoints}/token`)
      .type('form')
      .send({ grant_type: 'refresh_token', client_id: 'cartable-web', refresh_token: tokens!.refresh_token });
    expect(refreshed.status).toBe(200);
    const sid = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
    expect(sid(refreshed.body.access_token)).toBe(sid(tokens!.access_token));

    const logout = await harness.http.get(`${endpoints}/logout`).query({
      id_token_hint: tokens!.id_token,
      post_logout_redirect_uri: `${publicUrl}/`,
      state: 'au-revoir',
    });
    expect(logout.status).toBe(302);
    expect(logout.headers.location).toBe(`${publicUrl}/?state=au-revoir`);
    const afterLogout = await harness.http
      .post(`${endpoints}/token`)
      .type('form')
      .send({ grant_type: 'refresh_token', client_id: 'cartable-web', refresh_token: refreshed.body.refresh_token });
    expect(afterLogout.status).toBe(400);
  });

  it('does not redirect a logout to a foreign site', async () => {
    const { tokens } = await authorize(`${publicUrl}/connexion`);
    const logout = await harness.http
      .get(`${endpoints}/logout`)
      .query({ id_token_hint: tokens!.id_token, post_logout_redirect_uri: 'https://attaquant.example/' });
    expect(logout.status).toBe(200);
    expect(logout.text).toContain('Déconnecté');
  });
});

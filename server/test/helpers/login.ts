import type { TestHarness } from './harness.js';

export const tokenPath = '/realms/cartable/protocol/openid-connect/token';
export const authPath = '/realms/cartable/protocol/openid-connect/auth';

/** A valid authorization request of the web client, as its login form posts it back. */
export const authorizationRequest = {
  client_id: 'cartable-web',
  redirect_uri: 'http://localhost:4000/auth/callback',
  response_type: 'code',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
  state: 'etat',
};

/**
 * A password login from `address` (sent as X-Forwarded-For, which the app believes from loopback
 * under the default TRUST_PROXY): the CLI's password grant, or the web client's login form.
 */
export function logIn(harness: TestHarness, via: 'token' | 'form', username: string, password: string, address: string) {
  const request = via === 'token' ? harness.http.post(tokenPath) : harness.http.post(authPath);
  const form =
    via === 'token'
      ? { grant_type: 'password', client_id: 'cartable-cli', username, password }
      : { ...authorizationRequest, username, password };
  return request.set('x-forwarded-for', address).type('form').send(form);
}

/** Rows of the platform schema, through the runtime's own connection. */
export function platformRows<Row>(harness: TestHarness, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  return harness.runtime.orm.em.fork().getConnection().execute<Row[]>(sql, parameters);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { authorizationRequest, authPath, platformRows, tokenPath } from '../helpers/login.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demo: false });
});
afterAll(() => harness?.close());

const actionPath = '/realms/cartable/login-actions/action-token';
const passwordGrant = { grant_type: 'password', client_id: 'cartable-cli', username: 'claire.martin', password: 'demo' };
const formType = 'application/x-www-form-urlencoded';

/** Bodies the provider cannot read, made from a valid form of the endpoint, with their content type (null: none). */
function malformedBodies(fields: Record<string, string>): [string, string | null, string | null][] {
  const form = new URLSearchParams(fields).toString();
  const [firstName, firstValue] = Object.entries(fields)[0]!;
  return [
    ['a JSON body', 'application/json', JSON.stringify(fields)],
    ['no body', null, null],
    ['a text body', 'text/plain', form],
    ['a form over 16 kB', formType, `${form}&padding=${'x'.repeat(20_000)}`],
    ['a NUL in a field', formType, `${form}&nonce=a%00b`],
    ['a raw NUL byte', formType, `${form}&nonce=a\u0000b`],
    ['a repeated field', formType, `${form}&${firstName}=${firstValue}`],
    ['an unsupported charset', `${formType}; charset=ebcdic`, form],
  ];
}

/** The HTML endpoints, each with the malformed variants of its valid form. */
const pageCases = (
  [
    ['the login form', authPath, { ...authorizationRequest, username: 'claire.martin', password: 'demo' }],
    ['the password page', actionPath, { key: 'cle', password: 'un mot de passe assez long', confirmation: 'un mot de passe assez long' }],
  ] as const
).flatMap(([page, path, fields]) =>
  malformedBodies(fields).map(([label, contentType, body]) => [page, label, path, contentType, body] as const),
);

/** What betrays a stack trace or a server-side path. */
const stackTrace = /\bat [\w.<>]+ \(|node_modules|\/src\/|\.ts:\d+|TypeError|SyntaxError|PayloadTooLarge/;

function post(path: string, contentType: string | null, body: string | null) {
  const request = harness.http.post(path);
  if (contentType) request.set('content-type', contentType);
  return body === null ? request : request.send(body);
}

// Express's own error handler writes stack traces unless its `env` is production: the app's must not care.
describe.each(['development', 'production'])('malformed bodies, Express env %s', (mode) => {
  beforeAll(() => {
    harness.runtime.app.set('env', mode);
  });

  it.each(malformedBodies(passwordGrant))('the token endpoint answers 400 invalid_request to %s', async (_label, contentType, body) => {
    const response = await post(tokenPath, contentType, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'The body must be an application/x-www-form-urlencoded form of single-valued fields (16 kB at most)',
    });
    expect(response.text).not.toMatch(stackTrace);
  });

  it.each(pageCases)('%s answers 400 in French to %s', async (_page, _label, path, contentType, body) => {
    const response = await post(path, contentType, body);
    expect(response.status).toBe(400);
    expect(response.text).toContain('Cette requête est mal formée.');
    expect(response.text).not.toMatch(stackTrace);
  });
});

describe('other malformed requests', () => {
  it('refuses a login page whose query repeats a field', async () => {
    const response = await harness.http.get(`${authPath}?${new URLSearchParams(authorizationRequest)}&username=a&username=b`);
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(stackTrace);
  });

  it('answers 400 invalid_request to an empty form', async () => {
    const response = await post(tokenPath, formType, '');
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('answers malformed JSON to the GraphQL endpoint with a bare 400', async () => {
    const response = await post('/graphql', 'application/json', '{"query": ');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'bad_request' });
  });

  it('answers a server failure with a bare 500, without stack trace', async () => {
    // The rate limiter's table gone, the token endpoint cannot count the request.
    await platformRows(harness, 'alter table login_rate_limit rename to login_rate_limit_away');
    try {
      const response = await post(tokenPath, formType, new URLSearchParams(passwordGrant).toString());
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: 'internal_error' });
      expect(response.text).not.toMatch(stackTrace);
    } finally {
      await platformRows(harness, 'alter table login_rate_limit_away rename to login_rate_limit');
    }
  });
});

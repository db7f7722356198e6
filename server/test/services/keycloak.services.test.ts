import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

/**
 * Against a real Keycloak (scripts/services/keycloak.sh, realm deploy/keycloak/): run with
 * `npm run test:services`, which starts it and passes its coordinates in the environment.
 */
const keycloakUrl = process.env.OIDC_SERVER_URL;
const provisionerSecret = process.env.KEYCLOAK_PROVISIONER_CLIENT_SECRET;
const smtpPort = Number(process.env.KEYCLOAK_SMTP_PORT ?? 2525);
if (!keycloakUrl || !provisionerSecret) {
  throw new Error('OIDC_SERVER_URL and KEYCLOAK_PROVISIONER_CLIENT_SECRET are not set: run `npm run test:services`.');
}

let harness: TestHarness;
let smtp: SmtpSink;

async function keycloakUsersByEmail(email: string): Promise<{ id: string; email: string; requiredActions: string[] }[]> {
  const grant = await fetch(`${keycloakUrl}/realms/cartable/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'cartable-provisioner', client_secret: provisionerSecret! }),
  }).then((response) => response.json() as Promise<{ access_token: string }>);
  const response = await fetch(`${keycloakUrl}/admin/realms/cartable/users?exact=true&email=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${grant.access_token}` },
  });
  return response.json() as Promise<{ id: string; email: string; requiredActions: string[] }[]>;
}

const bodyIdOf = async (slug: string) => (await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug })).id;
const addMember = `mutation ($bodyId: UUID!, $input: AddMemberInput!) {
  addMember(bodyId: $bodyId, input: $input) { linkedExistingAccount invitationSent membership { person { email } } }
}`;

beforeAll(async () => {
  smtp = await startSmtpSink(smtpPort);
  harness = await startHarness({
    environment: { OIDC_SERVER_URL: keycloakUrl, KEYCLOAK_PROVISIONER_SECRET: provisionerSecret },
  });
});
afterAll(async () => {
  await harness?.close();
  await smtp?.close();
});

describe('with a real Keycloak', () => {
  it('a token for claire.martin gets her three memberships, and binds her Keycloak account', async () => {
    const token = await harness.token('claire.martin');
    const result = await harness.graphql<{ me: { memberships: { body: { slug: string } }[] } }>(
      '{ me { displayName memberships { roles body { slug name kind } } } }',
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.me.memberships.map((membership) => membership.body.slug)).toEqual([
      'departement-doubs',
      'grand-besancon-metropole',
      'ville-besancon',
    ]);
    const subject = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub;
    const claire = await harness.runtime.orm.em.fork().findOneOrFail(Person, { email: 'claire.martin@demo.cartable.fr' });
    expect(claire.subject).toBe(subject);
  });

  it('a token for paul.bernard cannot read anything of the Département', async () => {
    const token = await harness.token('paul.bernard');
    const direct = await harness.graphql('{ body(slug: "departement-doubs") { name meetings { title } } }', {}, token);
    expect(direct.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    const doubs = await bodyIdOf('departement-doubs');
    const [meeting] = await harness.runtime.orm.em.fork({ schema: bodySchemaName(doubs) }).find(Meeting, {}, { limit: 1 });
    const smuggled = await harness.graphql(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { title } } }',
      { id: meeting!.id },
      token,
    );
    expect(smuggled.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    const members = await harness.graphql(
      'mutation ($id: UUID!) { addMember(bodyId: $id, input: { email: "x@example.org", displayName: "X", roles: [OFFICIAL] }) { invitationSent } }',
      { id: doubs },
      token,
    );
    expect(members.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it("rejects a token whose signature does not match Keycloak's keys", async () => {
    const token = await harness.token('paul.bernard');
    const [header, payload] = token.split('.');
    const response = await harness.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${header}.${payload}.${Buffer.from('forged').toString('base64url')}`)
      .send({ query: '{ me { id } }' });
    expect(response.status).toBe(401);
  });

  it("adding claire.martin's email to a fourth body links her existing account", async () => {
    const result = await harness.graphql<{ addMember: { linkedExistingAccount: boolean; invitationSent: boolean } }>(
      addMember,
      {
        bodyId: await bodyIdOf('region-bfc'),
        input: { email: 'claire.martin@demo.cartable.fr', displayName: 'Claire Martin', roles: ['OFFICIAL'] },
      },
      await harness.token('coordination'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.addMember).toMatchObject({ linkedExistingAccount: true, invitationSent: false });
    expect(await keycloakUsersByEmail('claire.martin@demo.cartable.fr')).toHaveLength(1);
    const me = await harness.graphql<{ me: { memberships: unknown[] } }>(
      '{ me { memberships { roles } } }',
      {},
      await harness.token('claire.martin'),
    );
    expect(me.data!.me.memberships).toHaveLength(4);
  });

  it('a newcomer gets a Keycloak account and an invitation email to choose a password', async () => {
    const email = 'nouvel.elu@demo.cartable.fr';
    const result = await harness.graphql<{ addMember: { linkedExistingAccount: boolean; invitationSent: boolean } }>(
      addMember,
      { bodyId: await bodyIdOf('ville-besancon'), input: { email, displayName: 'Nouvel Élu', roles: ['OFFICIAL'] } },
      await harness.token('secretariat.ville'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.addMember).toMatchObject({ linkedExistingAccount: false, invitationSent: true });
    const [account] = await keycloakUsersByEmail(email);
    expect(account?.requiredActions).toContain('UPDATE_PASSWORD');
    const person = await harness.runtime.orm.em.fork().findOneOrFail(Person, { email });
    expect(person.subject).toBe(account!.id);
    const invitation = await smtp.waitFor((message) => message.to !== undefined && JSON.stringify(message.to).includes(email));
    expect(invitation.text ?? invitation.html).toMatch(/login-actions\/action-token\?key=/);
  });

  it('signs in through Keycloak’s login page, which carries Cartable’s theme (look, French, show-password, forgotten password)', async () => {
    const verifier = 'un-verificateur-pkce-assez-long-pour-la-specification-0123456789';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = 'http://localhost:4000/auth/callback';
    const authorize = new URL(`${keycloakUrl}/realms/cartable/protocol/openid-connect/auth`);
    for (const [name, value] of Object.entries({
      client_id: 'cartable-web',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 'etat',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ui_locales: 'fr',
    })) {
      authorize.searchParams.set(name, value);
    }
    const loginPage = await fetch(authorize);
    expect(loginPage.status).toBe(200);
    const html = await loginPage.text();
    expect(html).toContain('<body class="cartable-login');
    expect(html).toMatch(/<link href="[^"]*\/resources\/[^"]+\/login\/cartable\/css\/cartable\.css" rel="stylesheet">/);
    expect(html).toContain('Connexion à Cartable');
    expect(html).toContain('<label for="password-show">Afficher le mot de passe</label>');
    expect(html).toContain('Mot de passe oublié ?');
    const stylesheet = /<link href="([^"]+\/css\/cartable\.css)"/.exec(html)![1]!;
    const css = await fetch(new URL(stylesheet, keycloakUrl));
    expect(css.status).toBe(200);
    // Byte for byte the theme's stylesheet in the repository (itself identical to the web app's: identity-assets.test.ts).
    expect(await css.text()).toBe(
      await readFile(new URL('../../../deploy/keycloak/themes/cartable/login/resources/css/cartable.css', import.meta.url), 'utf8'),
    );

    const action = /<form id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const cookies = loginPage.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const signedIn = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'claire.martin', password: 'demo', credentialId: '' }),
    });
    expect(signedIn.status).toBe(302);
    const callback = new URL(signedIn.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    const tokens = await fetch(`${keycloakUrl}/realms/cartable/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'cartable-web',
        code: callback.searchParams.get('code')!,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    }).then((response) => response.json() as Promise<{ access_token: string }>);
    const me = await harness.graphql<{ me: { memberships: unknown[] } }>('{ me { memberships { roles } } }', {}, tokens.access_token);
    expect(me.errors).toBeUndefined();
  });
});

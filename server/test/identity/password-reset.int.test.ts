import { describe, expect, it } from 'vitest';
import { authorizationRequest, logIn, tokenPath } from '../helpers/login.js';
import { useMailingHarness } from '../helpers/mailing-harness.js';

// Issue 17 (16): « Mot de passe oublié ? » on the embedded sign-in page: a link by email, signed, valid
// one hour and once; the same answer whether an account has the address or not; lockouts kept.
const mailing = useMailingHarness();
const forgotPath = '/realms/cartable/login-actions/reset-credentials';

const resetLink = (text: string | undefined) =>
  /http:\/\/localhost:4000(\/realms\/cartable\/login-actions\/reset-password\?token=[\w.-]+)/.exec(text ?? '')![1]!;
/** The answer page without the address it repeats, to compare two answers. */
const withoutAddress = (html: string, address: string) => html.replaceAll(address, '…');

describe('resetting a forgotten password on the embedded provider', () => {
  it('links to the reset form from the sign-in page, keeping the authorization request', async () => {
    const page = await mailing.harness.http.get('/realms/cartable/protocol/openid-connect/auth').query(authorizationRequest);
    expect(page.status).toBe(200);
    const href = /<a href="([^"]+)">Mot de passe oublié \?<\/a>/.exec(page.text)![1]!.replaceAll('&#38;', '&');
    expect(href).toContain(`${forgotPath}?client_id=cartable-web`);
    expect(page.text).toContain('<label for="password-show">Afficher le mot de passe</label>');
    expect(page.text).toContain('href="/identity/cartable.css"');
    const form = await mailing.harness.http.get(new URL(href).pathname + new URL(href).search);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<input type="hidden" name="state" value="etat">');
  });

  it('answers the same for an unknown address, and emails a known one a link that works once', async () => {
    const { harness, sink } = mailing;
    const unknown = await harness.http
      .post(forgotPath)
      .type('form')
      .send({ ...authorizationRequest, email: 'personne@demo.cartable.fr' });
    const known = await harness.http
      .post(forgotPath)
      .type('form')
      .send({ ...authorizationRequest, email: 'Claire.Martin@demo.cartable.fr' });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(withoutAddress(known.text, 'Claire.Martin@demo.cartable.fr')).toBe(withoutAddress(unknown.text, 'personne@demo.cartable.fr'));

    const email = await sink.waitFor((message) => message.subject === 'Cartable : choisir un nouveau mot de passe');
    expect(sink.messages.filter((message) => JSON.stringify(message.to).includes('personne@'))).toEqual([]);
    expect(email.to).toMatchObject({ value: [{ address: 'claire.martin@demo.cartable.fr' }] });
    expect(email.text).toMatch(/Ce lien est valable jusqu’au .+ \(1 heure\) et ne sert qu’une fois/);
    const link = resetLink(email.text);
    const token = new URL(link, 'http://localhost').searchParams.get('token')!;

    expect((await harness.http.get(link)).text).toContain('Nouveau mot de passe');
    const mismatch = await harness.http
      .post(link.split('?')[0]!)
      .type('form')
      .send({ token, password: 'un-mot-de-passe-long', confirmation: 'autre-chose-encore' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('au moins 12 caractères et les deux saisies doivent être identiques');

    const done = await harness.http
      .post(link.split('?')[0]!)
      .type('form')
      .send({ token, password: 'nouveau-secret-2026', confirmation: 'nouveau-secret-2026' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Votre mot de passe est modifié');

    expect((await logIn(harness, 'token', 'claire.martin', 'demo', '198.51.100.40')).status).toBe(401);
    expect((await logIn(harness, 'token', 'claire.martin', 'nouveau-secret-2026', '198.51.100.40')).status).toBe(200);

    // Spent: the same link no longer opens the form nor changes the password.
    expect((await harness.http.get(link)).status).toBe(400);
    const again = await harness.http
      .post(link.split('?')[0]!)
      .type('form')
      .send({ token, password: 'encore-un-autre-2026', confirmation: 'encore-un-autre-2026' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Ce lien n’est plus valable');
    // A forged or altered token is refused alike.
    expect((await harness.http.get(link.slice(0, -4) + 'AAAA')).status).toBe(400);
  });

  it('keeps a lockout: a reset does not lift it', async () => {
    const { harness, sink } = mailing;
    for (let attempt = 0; attempt < 10; attempt += 1) await logIn(harness, 'token', 'paul.bernard', 'mauvais', '198.51.100.41');
    expect((await logIn(harness, 'token', 'paul.bernard', 'demo', '198.51.100.41')).body.error_description).toMatch(/temporarily disabled/);
    await harness.http.post(forgotPath).type('form').send({ email: 'paul.bernard@demo.cartable.fr' });
    const email = await sink.waitFor(
      (message) => JSON.stringify(message.to).includes('paul.bernard@') && message.subject === 'Cartable : choisir un nouveau mot de passe',
    );
    const link = resetLink(email.text);
    const token = new URL(link, 'http://localhost').searchParams.get('token')!;
    await harness.http
      .post(link.split('?')[0]!)
      .type('form')
      .send({ token, password: 'nouveau-secret-2026', confirmation: 'nouveau-secret-2026' })
      .expect(200);
    const locked = await harness.http
      .post(tokenPath)
      .type('form')
      .set('x-forwarded-for', '198.51.100.41')
      .send({ grant_type: 'password', client_id: 'cartable-cli', username: 'paul.bernard', password: 'nouveau-secret-2026' });
    expect(locked.status).toBe(401);
    expect(locked.body.error_description).toMatch(/temporarily disabled/);
  });
});

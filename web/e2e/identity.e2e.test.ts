import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn } from './browser.ts';
import { useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

// Issue 17 (15, 16, 17, 18): Cartable's own identity (no Marianne), the legal pages without login,
// the light/dark setting remembered, the styled sign-in with « Mot de passe oublié ? » through the
// demo outbox, and the body's name and logo in the header, set in the secretariat's settings.
const journey = useJourney('identity');
const { expectAccessible, screenshot } = journey;
let server: RunningServer;
let page: Page;
beforeAll(() => {
  ({ server, page } = journey);
});

const sizes = {
  phone: { width: 390, height: 844 },
  tablet: { width: 768, height: 1024 },
  laptop: { width: 1366, height: 768 },
};

/** `identity-<name>-<size>.png` at the three sizes, back to the laptop's after. */
async function atEverySize(name: string) {
  for (const [size, viewport] of Object.entries(sizes)) {
    await page.setViewportSize(viewport);
    await screenshot(`${name}-${size}`);
  }
  await page.setViewportSize(sizes.laptop);
}

const theme = () => page.evaluate(() => document.documentElement.getAttribute('data-fr-theme'));
const teal = 'rgb(0, 94, 107)';

describe('Cartable’s identity', () => {
  it('has the legal pages in its footer, readable without login, and no Marianne anywhere', async () => {
    await page.setViewportSize(sizes.laptop);
    await page.goto(server.url);
    await page.getByRole('main').getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(await page.locator('.fr-logo, .fr-header__logo').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('République française');
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() =>
      [...document.fonts].filter((font) => font.status === 'loaded').map((font) => font.family.replace(/"/g, '')),
    );
    expect(fonts).toContain('Inter Variable');
    expect(fonts).not.toContain('Marianne');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"?Inter Variable/);

    const footer = page.getByRole('contentinfo');
    const pages = [
      {
        link: 'Accessibilité : partiellement conforme',
        heading: 'Déclaration d’accessibilité',
        name: 'accessibility',
        says: [
          'partiellement conforme avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1',
          'Défenseur des droits',
        ],
      },
      { link: 'Mentions légales', heading: 'Mentions légales', name: 'legal-notice', says: ['Hébergement', 'SIL Open Font License'] },
      {
        link: 'Données personnelles',
        heading: 'Données personnelles',
        name: 'privacy',
        says: ['responsable du traitement', 'sous-traitant (article 28 du RGPD)', 'visa des Archives départementales'],
      },
      { link: 'Contact', heading: 'Contact', name: 'contact', says: ['Mot de passe oublié ?'] },
    ];
    for (const legal of pages) {
      await footer.getByRole('link', { name: legal.link }).click();
      await page.getByRole('heading', { name: legal.heading, level: 1 }).waitFor();
      for (const text of legal.says) expect(await page.getByRole('main').textContent()).toContain(text);
      await expectAccessible();
      await atEverySize(legal.name);
    }
    // A page's address opens it directly, still without login.
    await page.goto(`${server.url}/donnees-personnelles`);
    await page.getByRole('heading', { name: 'Données personnelles', level: 1 }).waitFor();
    const favicon = await fetch(`${server.url}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(Buffer.from(await favicon.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('switches to the dark theme from the footer and remembers it', async () => {
    await page.getByText('Sombre', { exact: true }).click();
    await expect.poll(theme).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Données personnelles', level: 1 }).waitFor();
    await expect.poll(theme).toBe('dark');
    expect(await page.getByRole('radio', { name: 'Sombre' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
    await expectAccessible();
    await atEverySize('dark');
    await page.getByText('Clair', { exact: true }).click();
    await expect.poll(theme).toBe('light');
  });

  it('signs in on a page with Cartable’s look, which can show the password', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Connexion à Cartable' }).waitFor();
    const password = page.getByLabel('Mot de passe', { exact: true });
    await password.fill('un secret');
    expect(await password.getAttribute('type')).toBe('password');
    await page.getByLabel('Afficher le mot de passe').check();
    expect(await password.getAttribute('type')).toBe('text');
    await page.getByLabel('Afficher le mot de passe').uncheck();
    expect(await password.getAttribute('type')).toBe('password');
    const button = page.getByRole('button', { name: 'Se connecter' });
    expect(await button.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(teal);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"?Inter Variable/);
    await expectAccessible();
    await atEverySize('sign-in');
  });

  it('resets a forgotten password with the link of the email, then signs in with the new one', async () => {
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    await page.getByLabel('Adresse électronique').fill('paul.bernard@demo.cartable.fr');
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await page.getByRole('status').filter({ hasText: 'Si un compte correspond à l’adresse paul.bernard@demo.cartable.fr' }).waitFor();
    await expectAccessible();
    await atEverySize('forgot-password');

    const email = await server.email('paul.bernard@demo.cartable.fr', 'Cartable : choisir un nouveau mot de passe');
    expect(email).toContain('(1 heure) et ne sert qu’une fois');
    const link = /http:\/\/127\.0\.0\.1:\d+\/realms\/cartable\/login-actions\/reset-password\?token=[\w.-]+/.exec(email)![0];
    await page.goto(link);
    await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
    await expectAccessible();
    await atEverySize('reset-password');
    await page.getByLabel('Nouveau mot de passe').fill('un-nouveau-secret');
    await page.getByLabel('Confirmation du mot de passe').fill('un-nouveau-secret');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Mot de passe modifié' }).waitFor();
    await logIn(page, server.url, 'paul.bernard', 'Mes séances', 'un-nouveau-secret');
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.getByRole('main').getByRole('button', { name: 'Se connecter' }).waitFor();
  });

  it('shows the body’s name and logo in the header once its secretariat sent one; sets its emails’ sender and Reply-To', async () => {
    await logIn(page, server.url, 'secretariat.ville', 'Séances');
    await page.goto(`${server.url}/secretariat/ville-besancon/parametres`);
    await page.getByRole('heading', { name: 'Paramètres', level: 1 }).waitFor();
    const header = page.getByRole('banner');
    expect(await header.locator('.fr-header__service-title').textContent()).toBe('Ville de Besançon');

    await page.getByLabel('Adresse de réponse').fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Indiquez une adresse électronique valide').waitFor();
    await page.getByLabel('Nom de l’expéditeur').fill('Ville de Besançon — Assemblées');
    await page.getByLabel('Adresse de réponse').fill('assemblees@besancon.example');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Paramètres des courriels enregistrés.').waitFor();
    await page.getByText('Les élus verront : « Ville de Besançon — Assemblées »').waitFor();

    await page.getByLabel('Image du logo').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: await readFile(new URL('../public/icons/icon-512.png', import.meta.url)),
    });
    await page.getByRole('button', { name: 'Envoyer le logo' }).click();
    await page.getByText('Logo enregistré.').waitFor();
    await header.getByRole('img', { name: 'Logo : Ville de Besançon' }).waitFor();
    await expectAccessible();
    await atEverySize('settings');
  });
});

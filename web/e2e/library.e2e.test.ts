import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../server/src/media/sample-pdf.ts';
import { launchBrowser, logIn, seriousAccessibilityViolations, viewports, type Browser } from './browser.ts';
import { useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

const journey = useJourney('library');
const { expectAccessible } = journey;
let server: RunningServer;
/** claire.martin, official of three bodies. */
let page: Page;
/** The secretariat of the Ville, in a browser of its own. */
let secretariat: Browser;
let desk: Page;
const title = 'Guide de déontologie des élus';

beforeAll(async () => {
  ({ server, page } = journey);
  secretariat = await launchBrowser();
  desk = secretariat.context.pages()[0] ?? (await secretariat.context.newPage());
});
afterAll(() => secretariat?.close());
afterEach(async (context) => {
  if (context.task.result?.state === 'fail')
    await desk
      ?.screenshot({ path: `${new URL('../e2e-artifacts/', import.meta.url).pathname}library-failed-console.png`, fullPage: true })
      .catch(() => undefined);
});

/** axe-clean and a screenshot at each width: phone, tablet, laptop. */
async function checkedAtEveryWidth(on: Page, name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await on.setViewportSize(size);
    expect(await seriousAccessibilityViolations(on)).toEqual([]);
    await on.screenshot({ path: `${new URL('../e2e-artifacts/', import.meta.url).pathname}library-${name}-${device}.png`, fullPage: true });
  }
  await on.setViewportSize(viewports.laptop);
}

describe('the library of the Ville', () => {
  it('the secretariat adds a PDF to the library, with French errors on the way', async () => {
    await logIn(desk, server.url, 'secretariat.ville', 'Séances');
    await desk.goto(`${server.url}/secretariat/ville-besancon/bibliotheque`);
    await desk.getByRole('heading', { name: 'Bibliothèque', level: 2 }).waitFor();
    // The demo's règlement intérieur is there already.
    await desk.getByRole('cell', { name: 'Règlement intérieur du conseil municipal', exact: true }).waitFor();

    await desk.getByRole('button', { name: 'Téléverser' }).click();
    await desk.getByText('Choisissez un fichier.').waitFor();
    await desk.getByLabel('Fichier PDF').setInputFiles({
      name: 'notes.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from('PK'),
    });
    await desk.getByRole('button', { name: 'Téléverser' }).click();
    await desk
      .getByText(/Seuls les documents PDF sont acceptés/)
      .first()
      .waitFor();

    const pdf = await createSamplePdf({ title, pages: 3, bodyName: 'Ville de Besançon' });
    await desk.getByLabel('Fichier PDF').setInputFiles({ name: 'deontologie.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await desk.getByLabel('Titre du document').fill(title);
    await desk.getByLabel('Rubrique').selectOption('GUIDE');
    await desk.getByRole('button', { name: 'Téléverser' }).click();
    await desk.getByRole('cell', { name: title, exact: true }).waitFor();
    await checkedAtEveryWidth(desk, 'console');
  });

  it('an official finds it in her library, across her bodies, and opens it in the reader', async () => {
    await logIn(page, server.url, 'claire.martin');
    await page.getByRole('link', { name: 'Bibliothèque' }).first().click();
    await page.getByRole('heading', { name: 'Bibliothèque', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Ville de Besançon', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Guides', level: 3 }).waitFor();
    await page.getByRole('link', { name: 'Règlement intérieur du conseil municipal' }).waitFor();
    await checkedAtEveryWidth(page, 'official');

    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.locator('.textLayer span').first().waitFor();
    await page.getByRole('button', { name: 'Ajouter une note à cette page' }).first().click();
    await page.getByLabel('Nouvelle note pour la page 1').fill('À relire avant le conseil');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.cartable-annotation', { hasText: 'À relire avant le conseil' }).waitFor();
    await checkedAtEveryWidth(page, 'reader');
  });

  it('finds it by search, marked as a library document', async () => {
    await page.goto(`${server.url}/recherche`);
    await page.getByLabel('Mots recherchés').fill('déontologie');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Ville de Besançon — Bibliothèque — Guides').first().waitFor();
    await expectAccessible();
    await page
      .getByRole('link', { name: new RegExp(`^${title}, page`) })
      .first()
      .click();
    // The library's reader, at the page found.
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/organismes\/ville-besancon\/bibliotheque\/[0-9a-f-]{36}\?page=\d+$/);
  });

  it('opens offline after « Disponible hors ligne »', async () => {
    await page.goto(`${server.url}/bibliotheque`);
    const toggle = page.getByLabel(`Disponible hors ligne : ${title}`, { exact: true });
    // The switch turns on once the document is on the device.
    await toggle.click({ force: true });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await page.getByText('Téléchargement en cours…').waitFor({ state: 'detached' });
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));

    await journey.page.context().setOffline(true);
    await page.goto(`${server.url}/bibliotheque`);
    await page.getByRole('link', { name: title }).click();
    await page.getByText('Document lu depuis la copie hors ligne.').waitFor();
    await page.locator('.textLayer span').first().waitFor();
    await page.locator('.cartable-annotation', { hasText: 'À relire avant le conseil' }).waitFor();
    await checkedAtEveryWidth(page, 'reader-offline');
    await journey.page.context().setOffline(false);
  });
});

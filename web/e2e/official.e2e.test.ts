import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/** Screenshots of the main screens, for people to look at (git-ignored). */
const artifacts = fileURLToPath(new URL('../e2e-artifacts/', import.meta.url));
const viewports = {
  laptop: { width: 1280, height: 900 },
  tablet: { width: 800, height: 1280 },
  phone: { width: 390, height: 844 },
};

let server: RunningServer;
let browser: Browser;
let page: Page;
let meetingUrl: string;

async function screenshots(name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(artifacts, `${name}-${device}.png`), fullPage: device !== 'laptop' });
  }
  await page.setViewportSize(viewports.laptop);
}

/** Every annotation change reached the server: no "en attente d'envoi" left on the page. */
async function expectAllSent() {
  await expect.poll(() => page.getByText(/en attente d’envoi/i).count(), { timeout: 30_000 }).toBe(0);
}

async function expectAccessible() {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** Selects `text` in the text layer of the reader, as a pointer would. */
async function selectInDocument(text: string) {
  await page.evaluate((wanted) => {
    const span = [...document.querySelectorAll('.textLayer span')].find((element) => element.textContent?.includes(wanted));
    if (!span?.firstChild) throw new Error(`no "${wanted}" in the text layer`);
    const start = span.textContent!.indexOf(wanted);
    const range = document.createRange();
    range.setStart(span.firstChild, start);
    range.setEnd(span.firstChild, start + wanted.length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  }, text);
}

const annotationsQuery = `query ($meetingId: ID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) {
  documents { title annotations { kind quote note pageNumber } } } } }`;

beforeAll(async () => {
  await access(chromiumPath).catch(() => {
    throw new Error(`No Chromium at ${chromiumPath}: run bash scripts/e2e/install-chromium.sh`);
  });
  await mkdir(artifacts, { recursive: true });
  server = await startServer();
  browser = await launchBrowser(viewports.laptop);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an official, claire.martin, on the web app', () => {
  it('logs in with the authorization code flow and sees the meetings of her three bodies in one inbox', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await expectAccessible();
    await screenshots('login');
    await logIn(page, server.url, 'claire.martin');
    const cards = page.locator('.cartable-meeting-list > li');
    await cards.first().waitFor();
    const bodies = await cards.locator('.fr-card__desc strong').allTextContents();
    expect(bodies).toEqual(['Ville de Besançon', 'Grand Besançon Métropole', 'Département du Doubs']);
    await expectAccessible();
    await screenshots('inbox');

    await page.getByLabel('Organisme').selectOption({ label: 'Département du Doubs' });
    expect(await cards.locator('.fr-card__desc strong').allTextContents()).toEqual(['Département du Doubs']);
    await page.getByLabel('Organisme').selectOption({ label: 'Tous les organismes' });
  });

  it('opens a meeting: numbered agenda with sub-items, documents, place with a map link', async () => {
    await page.getByRole('link', { name: /Ouvrir la séance « Conseil municipal »/ }).click();
    await page.getByRole('heading', { name: 'Ordre du jour' }).waitFor();
    meetingUrl = page.url();
    const numbers = await page.locator('.cartable-agenda__number').allTextContents();
    expect(numbers).toEqual(['1.', '2.', '2.1.', '2.2.', '3.', '4.', '5.']);
    expect(await page.getByRole('link', { name: 'Voir sur une carte (OpenStreetMap)' }).getAttribute('href')).toContain('openstreetmap.org/search?query=H%C3%B4tel%20de%20Ville');
    await expectAccessible();
    await screenshots('meeting');

    await page.getByRole('button', { name: 'Télécharger pour consultation hors ligne' }).click();
    await page.getByText(/Disponible hors ligne \(copie du/).waitFor();
  });

  it('reads a document and highlights a passage with a note, saved on the server', async () => {
    await page.getByRole('link', { name: 'Rapport de présentation du budget primitif 2027' }).click();
    await page.locator('.textLayer span').first().waitFor();
    await selectInDocument('budget primitif');
    await page.getByRole('button', { name: 'Surligner la sélection' }).click();
    await page.getByLabel('Note').fill('Comparer avec le budget 2026');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.cartable-highlight').first().waitFor();
    await page.locator('.cartable-annotation', { hasText: 'Comparer avec le budget 2026' }).waitFor();
    await expectAllSent();
    await expectAccessible();
    await screenshots('reader');
  });

  it('searches inside the document, and highlights the match with the keyboard only', async () => {
    await page.getByLabel('Rechercher dans le document').fill('délibération');
    await page.getByLabel('Rechercher dans le document').press('Enter');
    await page.getByText(/Résultat 1 sur \d+/).waitFor();
    await page.getByRole('button', { name: 'Surligner ce résultat' }).press('Enter');
    await page.getByRole('button', { name: 'Annuler' }).press('Enter');
    await page.locator('.cartable-annotation', { hasText: /« délibération »/i }).waitFor();
    await expectAllSent();
  });

  it('offline: reopens the meeting, the document, and annotates; back online, the annotations reach the server', async () => {
    await browser.context.setOffline(true);
    await page.goto(meetingUrl);
    await page.getByText(/Vous consultez la copie hors ligne/).waitFor();
    await page.getByRole('link', { name: 'Rapport de présentation du budget primitif 2027' }).click();
    await page.getByText('Document lu depuis la copie hors ligne.').waitFor();
    await page.locator('.textLayer span').first().waitFor();
    await page.locator('.cartable-annotation', { hasText: 'Comparer avec le budget 2026' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une note à cette page' }).click();
    await page.getByLabel('Nouvelle note pour la page 1').fill('Question à poser en séance');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.cartable-annotation', { hasText: 'Question à poser en séance' }).getByText('En attente d’envoi').waitFor();
    await screenshots('reader-offline');

    await browser.context.setOffline(false);
    await expectAllSent();

    const meetingId = new URL(meetingUrl).pathname.split('/').at(-1)!;
    const result = await server.graphql<{ body: { meeting: { documents: { title: string; annotations: { kind: string; quote: string; note: string | null; pageNumber: number }[] }[] } } }>(
      annotationsQuery,
      { meetingId },
      await server.token('claire.martin'),
    );
    const report = result.data!.body.meeting.documents.find((document) => document.title === 'Rapport de présentation du budget primitif 2027')!;
    expect(report.annotations).toEqual(
      expect.arrayContaining([
        { kind: 'HIGHLIGHT', quote: 'budget primitif', note: 'Comparer avec le budget 2026', pageNumber: 1 },
        { kind: 'HIGHLIGHT', quote: expect.stringMatching(/^délibération$/i), note: null, pageNumber: expect.any(Number) },
        { kind: 'NOTE', quote: '', note: 'Question à poser en séance', pageNumber: 1 },
      ]),
    );
    expect(report.annotations).toHaveLength(3);
  });

  it('searches across all the documents of all her meetings', async () => {
    await page.getByRole('link', { name: 'Rechercher dans les documents' }).click();
    await page.getByLabel(/Mots recherchés/).fill('budget');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText(/\d+ résultats?/).waitFor();
    const bodies = new Set(await page.locator('.cartable-search-results li p.fr-text--xs').allTextContents());
    expect([...bodies].some((line) => line.startsWith('Département du Doubs'))).toBe(true);
    await expectAccessible();
    await screenshots('search');
  });
});

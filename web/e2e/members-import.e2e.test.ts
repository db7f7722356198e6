import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn } from './browser.ts';
import { useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

const journey = useJourney('members-import');
const { expectAccessible, screenshot } = journey;
let server: RunningServer;
let page: Page;
beforeAll(() => {
  ({ server, page } = journey);
});

const header = 'Nom;Prénom;Courriel;Date de naissance;Groupe;Assemblée;Fonction';

async function chooseFile(lines: string[]) {
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: 'elus.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'utf8') });
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
}

/** The cells of the preview's row for a line of the file. */
async function previewRow(line: number): Promise<string[]> {
  const row = page
    .getByRole('table', { name: 'Aperçu de l’import' })
    .locator('tbody tr')
    .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${line}\\b`) }) });
  return (await row.locator('td').allTextContents()).map((cell) => cell.replace(/\s+/g, ' ').trim());
}

describe('the secretariat of the Ville imports its officials from a CSV file', () => {
  it('sees every faulty line with its French errors, and nothing is imported', async () => {
    await logIn(page, server.url, 'secretariat.ville', 'Séances');
    await page.getByRole('link', { name: 'Membres et assemblées' }).click();
    await page.getByRole('heading', { name: 'Importer des élus (CSV)', level: 2 }).waitFor();
    await chooseFile([
      header,
      'Roux;Léa;lea.roux@example.org;12/05/1975;Besançon Écologie;Conseil municipal;Vice-présidente',
      'Garnier;;paul.garnier@example.org;31/02/1980;;;',
      'Blanc;Hugo;LEA.ROUX@example.org;;;;',
    ]);
    await page.getByText('2 lignes comportent des erreurs : corrigez le fichier puis vérifiez-le de nouveau.').waitFor();
    expect(await previewRow(2)).toEqual([
      '2',
      'Léa Rouxlea.roux@example.org',
      'Besançon Écologie',
      'Conseil municipal (Vice-président)',
      'Prête',
    ]);
    expect((await previewRow(3))[4]).toBe('Prénom manquant.Date de naissance invalide : « 31/02/1980 » (attendu JJ/MM/AAAA).');
    expect((await previewRow(4))[4]).toBe('Adresse électronique déjà présente ligne 2.');
    expect(await page.getByRole('button', { name: /^Importer/ }).count()).toBe(0);
    await expectAccessible();
    await screenshot('errors-laptop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot('errors-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('imports the fixed file in one go, and the members list shows the new group', async () => {
    await chooseFile([
      header,
      'Roux;Léa;lea.roux@example.org;12/05/1975;Besançon Écologie;Conseil municipal;Vice-présidente',
      'Garnier;Paul;paul.garnier@example.org;28/02/1980;Besançon Écologie;;',
    ]);
    await page.getByText('2 lignes prêtes à importer.').waitFor();
    await page.getByText('Groupes créés à l’import : Besançon Écologie.').waitFor();
    await page.getByRole('button', { name: 'Importer 2 élus' }).click();
    await page.getByRole('status').getByText('2 élus importés, 1 groupe créé.').waitFor();

    const members = page.getByRole('region', { name: 'Membres de l’organisme' });
    const lea = members.locator('tr', { hasText: 'Léa Roux' });
    await lea.getByText('Groupe : Besançon Écologie').waitFor({ state: 'attached' });
    await expect.poll(() => lea.locator('.cartable-group-badge').textContent()).toContain('BÉ');
    const groups = page.getByRole('region', { name: 'Groupes politiques' });
    await groups.getByText(/Besançon Écologie — 2 membres : Léa Roux, Paul Garnier/).waitFor();
    await expectAccessible();
    await screenshot('imported-laptop');
    await page.setViewportSize({ width: 820, height: 1180 });
    await screenshot('imported-tablet');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectAccessible();
    await screenshot('imported-phone');
  });
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn } from './browser.ts';
import { useJourney } from './journey.ts';

const journey = useJourney('coordination');
const { expectAccessible, screenshot } = journey;
let page: Page;
beforeAll(() => {
  page = journey.page;
});

/** French amounts put a no-break space (U+00A0 or U+202F, depending on the ICU version) before "€". */
const withPlainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').trim();

/** A section of the console, from its navigation. */
async function openSection(name: string) {
  await page.getByRole('navigation', { name: 'Sections de la coordination du groupement' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** The cells of the row of a table (found by its caption) that contains each of `texts`. */
async function rowCells(caption: string, ...texts: string[]): Promise<string[]> {
  const row = texts.reduce((rows, text) => rows.filter({ hasText: text }), page.getByRole('table', { name: caption }).locator('tbody tr'));
  await row.first().waitFor();
  return (await row.first().locator('td').allTextContents()).map(withPlainSpaces);
}

async function openDevice(serialNumber: string) {
  await openSection('Tablettes');
  await page.getByRole('link', { name: `Tablette ${serialNumber}` }).click();
  await page.getByRole('heading', { name: `Tablette ${serialNumber}`, level: 1 }).waitFor();
}

describe('the coordinator of the groupement, coordination, in the console', () => {
  it('opens the console from the header and lists the four member bodies', async () => {
    // A coordinator lands on the groupement's console after login.
    await logIn(page, journey.server.url, 'coordination', 'Organismes membres');
    await page.getByRole('link', { name: 'Coordination du groupement' }).click();
    await page.getByRole('heading', { name: 'Organismes membres', level: 1 }).waitFor();
    expect(await rowCells('4 organismes', 'Ville de Besançon')).toEqual(['Ville de Besançonville-besancon', 'Commune', '117 000', 'Europe/Paris', 'Actif', 'SuspendreArchiver']);
    await expectAccessible();
    await screenshot('bodies');
  });

  it('creates a fifth body with its first admin; the same identifier again is refused in French', async () => {
    const create = async () => {
      await page.getByLabel('Identifiant').fill('ville-dole');
      await page.getByLabel('Nom', { exact: true }).fill('Ville de Dole');
      await page.getByLabel('Nature').selectOption({ label: 'Commune' });
      await page.getByLabel('Population municipale (INSEE)').fill('23000');
      await page.getByLabel('Adresse électronique').fill('camille.roy@dole.example.fr');
      await page.getByLabel('Nom et prénom').fill('Camille Roy');
      await page.getByRole('button', { name: 'Créer l’organisme' }).click();
    };
    await create();
    await page.getByRole('status').getByText(/^« Ville de Dole » est créé\./).waitFor();
    expect(await rowCells('5 organismes', 'Ville de Dole')).toEqual(['Ville de Doleville-dole', 'Commune', '23 000', 'Europe/Paris', 'Actif', 'SuspendreArchiver']);

    await create();
    await page.getByText('Un organisme porte déjà cet identifiant.').waitFor();
    await expectAccessible();
  });

  it('suspends the new body after confirmation, then reactivates it', async () => {
    await page.getByRole('button', { name: 'Suspendre « Ville de Dole »' }).click();
    await page.getByRole('heading', { name: 'Suspendre « Ville de Dole » ?' }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: 'Suspendre', exact: true }).click();
    await page.getByRole('status').getByText('« Ville de Dole » est suspendu.').waitFor();
    expect((await rowCells('5 organismes', 'Ville de Dole'))[4]).toBe('Suspendu');

    await page.getByRole('button', { name: 'Réactiver « Ville de Dole »' }).click();
    await page.getByRole('button', { name: 'Réactiver', exact: true }).click();
    await page.getByRole('status').getByText('« Ville de Dole » est réactivé.').waitFor();
    expect((await rowCells('5 organismes', 'Ville de Dole'))[4]).toBe('Actif');
    await screenshot('bodies-created');
  });

  it('shows the contract in force with its prices in euros, and opens it for editing in euros', async () => {
    await openSection('Marché');
    const contract = page.getByRole('region', { name: /GC-BFC-2026-CARTABLE/ });
    await contract.getByText('En vigueur').waitFor();
    const terms = withPlainSpaces((await contract.locator('dl').textContent()) ?? '');
    expect(terms).toContain('Siège, par mois15,00 €');
    expect(terms).toContain('Tablette en service, par mois20,00 €');
    expect(terms).toContain('Mise en service d’une tablette49,99 €');
    expect(terms).toContain('Règle de partageÀ parts égales');
    await expectAccessible();
    await screenshot('contract');

    await page.getByRole('button', { name: 'Modifier le marché GC-BFC-2026-CARTABLE' }).click();
    expect(await page.getByLabel('Mise en service d’une tablette').inputValue()).toBe('49,99');
    await page.getByLabel('Pondérée').check({ force: true });
    await page.getByLabel('Poids — Ville de Besançon').waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: 'Annuler' }).click();
  });

  it('lists the tablets by state and reports the wrong lines of an inventory file without importing any', async () => {
    await openSection('Tablettes');
    const counts = (await page.getByRole('list', { name: 'Tablettes par état' }).locator('li').allTextContents()).map(withPlainSpaces);
    expect(counts).toEqual(['2En stock', '3Attribuée', '1En réparation', '0Perdue']);

    await page.getByLabel('Ou collez son contenu').fill('Numéro de série;Modèle\nE2E-0001;iPad 10\nR52W70A1B2C;iPad 10\nE2E-0003;\n');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('Rien n’a été importé : 2 lignes refusées.').waitFor();
    const refused = page.getByRole('table', { name: 'Lignes refusées' });
    expect(await refused.locator('tbody tr td:first-child').allTextContents()).toEqual(['3', '4']);
    expect(withPlainSpaces((await refused.locator('tbody tr').nth(1).textContent()) ?? '')).toContain('Le modèle est obligatoire');
    expect(counts).toEqual((await page.getByRole('list', { name: 'Tablettes par état' }).locator('li').allTextContents()).map(withPlainSpaces));
    await expectAccessible();
    await screenshot('devices');
  });

  it('takes back claire.martin’s tablet, lends her another with its convention, and is refused a second one', async () => {
    await openDevice('R52W70A1B2C');
    await page.getByText(/^Attribuée à Claire Martin depuis le/).waitFor();
    await page.getByRole('button', { name: 'Enregistrer la restitution' }).click();
    await page.getByLabel('Note (facultative)').fill('Rendue en mairie.');
    await page.getByRole('button', { name: 'Enregistrer la restitution' }).click();
    await page.getByRole('status').getByText('Restitution enregistrée : la tablette est en stock.').waitFor();

    await openDevice('R52W70A1B2F');
    await page.getByLabel('Élu', { exact: true }).selectOption({ label: 'Claire Martin' });
    await page.getByRole('button', { name: 'Attribuer la tablette' }).click();
    await page.getByRole('status').getByText('Tablette attribuée à Claire Martin ; sa convention de mise à disposition est prête.').waitFor();
    await page.getByText(/^Attribuée à Claire Martin depuis le/).waitFor();
    const convention = await page.getByRole('link', { name: /^Convention de mise à disposition \(PDF\)/ }).getAttribute('href');
    const pdf = await fetch(new URL(convention!, journey.server.url));
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(await rowCells('1 prêt', 'Claire Martin')).toContain('En cours');
    await expectAccessible();
    await screenshot('device');

    await openDevice('DMPXT0A1Q1GC');
    await page.getByLabel('Élu', { exact: true }).selectOption({ label: 'Claire Martin (tablette R52W70A1B2F)' });
    await page.getByRole('button', { name: 'Attribuer la tablette' }).click();
    await page.getByText('Cet élu dispose déjà d’une tablette : un seul équipement par élu, tous organismes confondus.').waitFor();
    await expectAccessible();
    await screenshot('device-refused');
  });

  it('resolves the support ticket of the tablet in repair', async () => {
    await openSection('Assistance');
    await page.getByRole('button', { name: 'Résoudre la demande « Écran fissuré »' }).click();
    await page.getByLabel('Résolution de « Écran fissuré »').fill('Écran remplacé sous garantie.');
    await page.getByRole('button', { name: 'Enregistrer la résolution' }).click();
    await page.getByRole('status').getByText('Demande « Écran fissuré » résolue.').waitFor();
    await page.getByLabel('Afficher').selectOption({ label: 'Résolue' });
    expect(await rowCells('1 demande', 'Écran fissuré')).toContain('Résolue');
    await expectAccessible();
    await screenshot('support');
  });

  it('shows this month’s statements: claire.martin’s seat, tablets and set-ups split between her three bodies', async () => {
    await openSection('Répartition des coûts');
    await page.getByRole('heading', { name: /^Ville de Besançon/, level: 2 }).waitFor();
    // 15.00 € a seat, 20.00 € a tablet, 49.99 € a set-up, shared equally by the Département, the Métropole
    // and the Ville: each body the floor of its share, the cents left over to the bodies in slug order.
    const shares = { 'Département du Doubs': ['5,00 €', '6,67 €', '16,67 €'], 'Grand Besançon Métropole': ['5,00 €', '6,67 €', '16,66 €'], 'Ville de Besançon': ['5,00 €', '6,66 €', '16,66 €'] };
    for (const [body, [seat, tablet, setup]] of Object.entries(shares)) {
      const caption = `Détail — ${body}`;
      expect(await rowCells(caption, 'Claire Martin', 'Siège')).toEqual(['Claire Martin', 'Siège', '15,00 €', '3 organismes', seat]);
      for (const serial of ['R52W70A1B2C', 'R52W70A1B2F']) {
        expect(await rowCells(caption, `Tablette ${serial}`)).toEqual(['Claire Martin', `Tablette ${serial}`, '20,00 €', '3 organismes', tablet]);
        expect(await rowCells(caption, `Mise en service ${serial}`)).toEqual(['Claire Martin', `Mise en service ${serial}`, '49,99 €', '3 organismes', setup]);
      }
    }
    await page.getByText('Un mois se clôture une fois terminé.').waitFor();
    await expectAccessible();
    await screenshot('statements');
  });

  it('says visibly that billing is disabled, and lists every body’s account', async () => {
    await openSection('Facturation');
    await page.getByText('Facturation désactivée').waitFor();
    expect(await page.getByRole('table', { name: 'Comptes des organismes' }).locator('tbody tr').count()).toBe(5);
    await expectAccessible();
    await screenshot('billing');
  });
});

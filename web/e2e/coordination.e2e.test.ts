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
const euros = (cents: number) =>
  withPlainSpaces(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));
/** An amount split in three equal parts to the cent, the leftover cents to the first parts. */
const thirds = (cents: number) => [0, 1, 2].map((index) => Math.floor(cents / 3) + (index < cents % 3 ? 1 : 0));
/** Today's day of the month and the month's length, in the groupement's calendar. */
function todayInMonth(): [number, number] {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return [day, new Date(Date.UTC(year, month, 0)).getUTCDate()];
}
/** The month `count` months before this one (`YYYY-MM`). */
function monthsAgo(count: number): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()).split('-').map(Number) as [
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1 - count, 1));
  return date.toISOString().slice(0, 7);
}

/** A section of the console, from its navigation. */
async function openSection(name: string) {
  await page
    .getByRole('navigation', { name: 'Sections de la coordination du groupement' })
    .getByRole('link', { name, exact: true })
    .click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** The cells of the row of a table (found by its caption) that contains each of `texts`. */
async function rowCells(caption: string | RegExp, ...texts: string[]): Promise<string[]> {
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
    expect(await rowCells('4 organismes', 'Ville de Besançon')).toEqual([
      'Ville de Besançonville-besancon',
      'Commune',
      '117 000',
      'Europe/Paris',
      'Actif',
      'SuspendreArchiver',
    ]);
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
    await page
      .getByRole('status')
      .getByText(/^« Ville de Dole » est créé\./)
      .waitFor();
    expect(await rowCells('5 organismes', 'Ville de Dole')).toEqual([
      'Ville de Doleville-dole',
      'Commune',
      '23 000',
      'Europe/Paris',
      'Actif',
      'SuspendreArchiver',
    ]);

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

  it('sets a monthly support price shared between the bodies, refuses a wrong amount inline, and removes it', async () => {
    const contract = page.getByRole('region', { name: /GC-BFC-2026-CARTABLE/ });
    const terms = async () => withPlainSpaces((await contract.locator('dl').textContent()) ?? '');
    expect(await terms()).toContain('Support et maintenance, par moisAucun');
    await page.getByRole('button', { name: 'Modifier le marché GC-BFC-2026-CARTABLE' }).click();
    const support = page.getByLabel('Support et maintenance, par mois');
    expect(await support.inputValue()).toBe('');
    await support.fill('douze');
    await page.getByRole('button', { name: 'Enregistrer le marché' }).click();
    await page.getByText('Support et maintenance, par mois : indiquez un montant en euros, par exemple 15,00.').waitFor();
    await expectAccessible();
    await support.fill('120,50');
    const shared = page.getByRole('radio', { name: /^Partagé/ });
    await shared.check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer le marché' }).click();
    await page.getByRole('status').getByText('Marché GC-BFC-2026-CARTABLE enregistré.').waitFor();
    await contract.getByText('120,50', { exact: false }).waitFor();
    expect(await terms()).toContain('Support et maintenance, par mois120,50 € (partagé)');
    await screenshot('contract-support');

    // Back to no support, so that the statements below are the demo's.
    await page.getByRole('button', { name: 'Modifier le marché GC-BFC-2026-CARTABLE' }).click();
    expect(await support.inputValue()).toBe('120,50');
    expect(await shared.isChecked()).toBe(true);
    await support.fill('');
    await page.getByRole('button', { name: 'Enregistrer le marché' }).click();
    await page.getByRole('status').getByText('Marché GC-BFC-2026-CARTABLE enregistré.').waitFor();
    await contract.getByText('Aucun', { exact: true }).waitFor();
  });

  it('lists the tablets by state and reports the wrong lines of an inventory file without importing any', async () => {
    await openSection('Tablettes');
    // The counts come with the page's query: read them once they are shown, not while it loads.
    await page.getByRole('list', { name: 'Tablettes par état' }).locator('li').first().waitFor();
    const counts = (await page.getByRole('list', { name: 'Tablettes par état' }).locator('li').allTextContents()).map(withPlainSpaces);
    expect(counts).toEqual(['2En stock', '3Attribuée', '1En réparation', '0Perdue']);

    await page.getByLabel('Ou collez son contenu').fill('Numéro de série;Modèle\nE2E-0001;iPad 10\nR52W70A1B2C;iPad 10\nE2E-0003;\n');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('Rien n’a été importé : 2 lignes refusées.').waitFor();
    const refused = page.getByRole('table', { name: 'Lignes refusées' });
    expect(await refused.locator('tbody tr td:first-child').allTextContents()).toEqual(['3', '4']);
    expect(withPlainSpaces((await refused.locator('tbody tr').nth(1).textContent()) ?? '')).toContain('Le modèle est obligatoire');
    expect(counts).toEqual(
      (await page.getByRole('list', { name: 'Tablettes par état' }).locator('li').allTextContents()).map(withPlainSpaces),
    );
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
    await page
      .getByRole('status')
      .getByText('Tablette attribuée à Claire Martin ; sa convention de mise à disposition est prête.')
      .waitFor();
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

  it('shows this month’s statements: claire.martin’s seat, tablets by day and set-up split between her three bodies', async () => {
    await openSection('Répartition des coûts');
    await page.getByRole('heading', { name: /^Ville de Besançon/, level: 2 }).waitFor();
    // 15.00 € a seat, 20.00 € a tablet a month charged by day, 49.99 € a set-up, shared equally by the
    // Département, the Métropole and the Ville: each body the floor of its share, the cents left over to the
    // bodies in slug order. R52W70A1B2C was lent until today (returned above), R52W70A1B2F from today on.
    const [day, daysInMonth] = todayInMonth();
    const byDay = {
      R52W70A1B2C: Math.round((2000 * day) / daysInMonth),
      R52W70A1B2F: Math.round((2000 * (daysInMonth - day + 1)) / daysInMonth),
    };
    const bodies = ['Département du Doubs', 'Grand Besançon Métropole', 'Ville de Besançon'];
    for (const [index, body] of bodies.entries()) {
      const caption = `Détail — ${body}`;
      expect(await rowCells(caption, 'Claire Martin', 'Siège')).toEqual(['Claire Martin', 'Siège', '15,00 €', '3 organismes', '5,00 €']);
      for (const [serial, cents] of Object.entries(byDay)) {
        expect(await rowCells(caption, `Tablette ${serial}`)).toEqual([
          'Claire Martin',
          `Tablette ${serial}`,
          euros(cents),
          '3 organismes',
          euros(thirds(cents)[index]!),
        ]);
      }
      expect(await rowCells(caption, 'Mise en service R52W70A1B2F')).toEqual([
        'Claire Martin',
        'Mise en service R52W70A1B2F',
        '49,99 €',
        '3 organismes',
        euros(thirds(4999)[index]!),
      ]);
    }
    await page.getByText('Un mois se clôture une fois terminé.').waitFor();
    await expectAccessible();
    await screenshot('statements');
  });

  it('closes the month before last, issues its Factur-X invoices, and exports its statements as CSV and PDF', async () => {
    const month = monthsAgo(2);
    await page.getByLabel('Mois').selectOption({ value: month });
    await page.getByRole('heading', { name: /^Ville de Besançon/, level: 2 }).waitFor();
    const label = page.getByRole('button', { name: /^Clôturer / });
    await label.click();
    await page
      .getByRole('button', { name: /^Clôturer / })
      .last()
      .click();
    await page
      .getByRole('status')
      .getByText(/est clôturé\.$/)
      .waitFor();
    await page.getByRole('button', { name: /^Émettre les factures de / }).click();
    await page
      .getByRole('status')
      .getByText(/^4 factures émises pour .* \(Factur-X, à déposer sur Chorus Pro\)\.$/)
      .waitFor();
    // A second issue of the same month is refused in French: an issued invoice is corrected by a credit note.
    await page.getByRole('button', { name: /^Émettre les factures de / }).click();
    await page.getByText(/sont déjà émises : corrigez-les par des avoirs\.$/).waitFor();
    for (const [name, type] of [
      [/\(CSV\)$/, 'text/csv; charset=utf-8'],
      [/\(PDF\)$/, 'application/pdf'],
    ] as const) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const file = await fetch(new URL(href!, journey.server.url));
      expect([file.status, file.headers.get('content-type')]).toEqual([200, type]);
    }
    await expectAccessible();
    await screenshot('statements-closed');
  });

  it('lists every body’s Factur-X invoices, records a Chorus Pro status by hand, and downloads a PDF', async () => {
    await openSection('Facturation');
    const caption = /^\d+ documents émis en \d{4}$/;
    await page.getByRole('table', { name: caption }).waitFor();
    // The demo's last month (4 invoices) and the month closed above (4 more), of the supplier's one series.
    expect(await page.getByRole('table', { name: caption }).locator('tbody tr').count()).toBe(8);
    const first = (await page.getByRole('table', { name: caption }).locator('tbody tr').first().locator('td').nth(1).textContent())!;
    await page.getByLabel(`Statut Chorus Pro de ${first}`).selectOption({ label: 'Déposée' });
    await page.getByRole('status').getByText(`Statut Chorus Pro de ${first} enregistré.`).waitFor();
    const href = await page.getByRole('link', { name: `Télécharger ${first} (PDF)` }).getAttribute('href');
    const pdf = await fetch(new URL(href!, journey.server.url));
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await pdf.arrayBuffer()).includes('factur-x.xml')).toBe(true);
    await expectAccessible();
  });

  it('credits part of an invoice line: more than the line is refused in French, a part issues a credit note', async () => {
    const caption = /^\d+ documents émis en \d{4}$/;
    const table = page.getByRole('table', { name: caption });
    const first = (await table.locator('tbody tr').first().locator('td').nth(1).textContent())!;
    await page.getByRole('button', { name: `Émettre un avoir partiel sur ${first}` }).click();
    const form = page.getByRole('region', { name: `Avoir partiel sur la facture ${first}` });
    // Nothing filled in: the browser's checks, in French, under the fields.
    await form.getByRole('button', { name: 'Émettre l’avoir' }).click();
    expect(await form.getByText('Ce champ est obligatoire.').count()).toBe(2);
    await form.getByLabel('Montant de l’avoir, hors taxes').fill('99999,00');
    await form.getByLabel('Motif').fill('Tablette restituée avant la fin du mois');
    await form.getByRole('button', { name: 'Émettre l’avoir' }).click();
    await form.getByText(/^Il reste .+ HT à créditer sur cette ligne\.$/).waitFor();
    await expectAccessible();
    await form.getByLabel('Montant de l’avoir, hors taxes').fill('1,50');
    await form.getByRole('button', { name: 'Émettre l’avoir' }).click();
    const issued = page.getByRole('status').getByText(new RegExp(`^Avoir (\\d{4}-\\d{6}) émis sur la facture ${first}\\.$`));
    await issued.waitFor();
    const creditNote = /^Avoir (\d{4}-\d{6})/.exec((await issued.textContent())!)![1]!;
    // 1,50 € HT of a line at 20 % VAT: 1,80 € TTC credited.
    expect((await rowCells(caption, `Avoir ${creditNote}`))[4]).toBe(euros(-180));
    expect(await table.locator('tbody tr').count()).toBe(9);
    await screenshot('credit-note');
  });

  it('says visibly that billing is disabled, and lists every body’s account', async () => {
    await openSection('Facturation');
    await page.getByText('Facturation désactivée').waitFor();
    expect(await page.getByRole('table', { name: 'Comptes des organismes' }).locator('tbody tr').count()).toBe(5);
    await expectAccessible();
    await screenshot('billing');
  });
});

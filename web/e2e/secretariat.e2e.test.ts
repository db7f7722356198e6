import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../server/src/media/sample-pdf.ts';
import { launchBrowser, logIn, seriousAccessibilityViolations } from './browser.ts';
import { artifacts, useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

const journey = useJourney('secretariat');
const { expectAccessible, screenshot } = journey;
let server: RunningServer;
let page: Page;
beforeAll(() => {
  ({ server, page } = journey);
});

/** Polls until the expectation holds: the machine may be slow, the follow-up refreshes every few seconds. */
function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 30_000, interval: 250 });
}

/** The numbers and titles of the agenda, as the builder shows them. */
async function agendaLines(): Promise<string[]> {
  const titles = await page.locator('.cartable-builder .cartable-agenda__title').allTextContents();
  return titles.map((title) => title.replace(/\s+/g, ' ').trim());
}

/** French number formats put no-break spaces (U+00A0 or U+202F, depending on the ICU version) before "%". */
const withPlainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** A step of the meeting's console (Ordre du jour, Documents, Convocation, Suivi). */
async function openStep(name: string) {
  await page.getByRole('navigation', { name: 'Étapes de la séance' }).getByRole('link', { name, exact: true }).click();
}

/** An official's row of the follow-up table (found by its row header). */
function followUpRow(name: string) {
  return page.locator('.cartable-follow-up tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
}

/** "2027-01-14T18:00" three days from now (Paris time, as the browser is). */
function inThreeDaysAt18(): string {
  const day = new Date(Date.now() + 3 * 86_400_000);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    day,
  );
  return `${local}T18:00`;
}

describe('the secretariat of the Ville, secretariat.ville, in the console', () => {
  it('opens the console of the Ville and lists its meetings, the convened one included', async () => {
    // A secretariat lands on its console after login.
    await logIn(page, server.url, 'secretariat.ville', 'Séances');
    expect(new URL(page.url()).pathname).toMatch(/^\/secretariat/);
    await page.getByRole('heading', { name: 'Séances', level: 1 }).waitFor();
    await page
      .getByRole('link', { name: /Préparer la séance « Conseil municipal »/ })
      .first()
      .waitFor();
    await expectAccessible();
    await screenshot('meetings');
  });

  it('manages members and assemblies: links an existing account by email, seats it, sets a paper convocation', async () => {
    await page.getByRole('link', { name: 'Membres et assemblées' }).click();
    await page.getByRole('heading', { name: 'Membres et assemblées', level: 1 }).waitFor();
    await expectAccessible();

    await page.getByLabel('Adresse électronique').fill('gabriel.baulieu@demo.cartable.fr');
    await page.getByLabel('Nom et prénom').fill('Gabriel Baulieu');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('status').getByText('Gabriel Baulieu avait déjà un compte Cartable : il est rattaché à l’organisme.').waitFor();

    const commission = 'Commission n° 1 — Finances, ressources humaines';
    await page.getByRole('button', { name: `Ajouter un membre à « ${commission} »` }).click();
    await page.getByLabel('Membre de l’organisme').selectOption({ label: 'Gabriel Baulieu' });
    await page.getByLabel('Fonction').selectOption({ label: 'Vice-président' });
    await page.getByRole('button', { name: 'Ajouter à l’assemblée' }).click();
    await page.getByRole('status').getByText(`Gabriel Baulieu siège désormais à « ${commission} ».`).waitFor();
    const seats = page.getByRole('table', { name: `Membres — ${commission}` });
    const gabriel = seats.locator('tr', { hasText: 'Gabriel Baulieu' });
    expect(await gabriel.locator('td').allTextContents()).toEqual([
      'Gabriel Baulieu',
      'Vice-président',
      'Oui',
      '',
      'Oui',
      'ModifierRetirer',
    ]);
    // The seat changes in place: no voting right.
    await page.getByRole('button', { name: `Modifier le siège de Gabriel Baulieu à « ${commission} »` }).click();
    await page.getByLabel('Voix délibérative').uncheck({ force: true });
    await page.getByRole('button', { name: 'Enregistrer le siège' }).click();
    await page.getByRole('status').getByText(`Siège de Gabriel Baulieu à « ${commission} » enregistré.`).waitFor();
    await eventually(async () => (await gabriel.locator('td').allTextContents()).slice(1, 3)).toEqual(['Vice-président', 'Non']);

    // The Ville's own address and phone for Gabriel Baulieu's convocations, in place of his account's.
    await page.getByRole('button', { name: 'Coordonnées pour les convocations de Gabriel Baulieu' }).click();
    await page.getByLabel('Adresse électronique pour les convocations').fill('g.baulieu@mairie-besancon.example.fr');
    await page.getByLabel('Téléphone mobile pour les convocations').fill('06 12 34 56 78');
    await expectAccessible();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('status').getByText('Coordonnées de Gabriel Baulieu pour les convocations enregistrées.').waitFor();
    await page
      .locator('tr', { hasText: 'gabriel.baulieu@demo.cartable.fr' })
      .getByText('Convocations : g.baulieu@mairie-besancon.example.fr')
      .waitFor();

    await page.getByRole('button', { name: 'Convocation papier de Paul Bernard' }).click();
    await page.getByLabel('Adresse postale').fill('12 rue de la République\n25000 Besançon');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('status').getByText('Paul Bernard sera convoqué(e) par courrier papier.').waitFor();
    await page
      .locator('tr', { hasText: 'paul.bernard@demo.cartable.fr' })
      .getByText('Papier : 12 rue de la République 25000 Besançon')
      .waitFor();

    // The règlement intérieur, from a date: the missing reference flagged under its field, then a stricter pouvoir limit.
    const reglement = page.getByRole('region', { name: 'Règlement intérieur' });
    const validFrom = `${new Date().getFullYear() + 1}-01-01`;
    await reglement.getByLabel('À partir du').fill(validFrom);
    await reglement.getByRole('button', { name: 'Enregistrer la disposition' }).click();
    await reglement.getByText('Ce champ est obligatoire.').waitFor();
    expect(await reglement.getByLabel('Référence').evaluate((field) => field === document.activeElement)).toBe(true);
    await reglement.getByLabel('Référence').fill('Règlement intérieur, art. 14');
    await reglement.getByLabel('Séances consécutives couvertes par un même pouvoir').selectOption({ label: '2 au plus' });
    await reglement.getByRole('button', { name: 'Enregistrer la disposition' }).click();
    await page.getByRole('status').getByText('Disposition du règlement intérieur enregistrée.').waitFor();
    const setting = reglement
      .getByRole('table', { name: 'Dispositions du règlement intérieur, par date d’effet' })
      .locator('tr', { hasText: 'Règlement intérieur, art. 14' });
    await eventually(async () => setting.locator('td').allTextContents()).toEqual([
      validFrom.split('-').reverse().join('/'),
      'Règlement intérieur, art. 14',
      '2 au plus',
      'Aucun (la loi n’en fixe pas)',
    ]);
    await expectAccessible();
    await screenshot('members');
    await page
      .getByRole('navigation', { name: /^Secrétariat — / })
      .getByRole('link', { name: 'Séances' })
      .click();
  });

  it('creates a meeting three days ahead, in draft: the council preselected, French errors under the fields', async () => {
    await page.getByRole('button', { name: 'Nouvelle séance' }).click();
    // The plenary assembly is the one preselected, whatever the order of the list.
    const assembly = page.getByLabel('Assemblée');
    expect(await assembly.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('Conseil municipal');
    // Nothing filled in: no browser bubble, the design system's errors in French under each field.
    await page.getByRole('button', { name: 'Créer la séance' }).click();
    const title = page.getByLabel('Intitulé');
    await page.locator('.fr-input-group--error', { has: title }).getByText('Ce champ est obligatoire.').waitFor();
    await page
      .locator('.fr-input-group--error', { has: page.getByLabel(/Date et heure/) })
      .getByText('Ce champ est obligatoire.')
      .waitFor();
    expect(await title.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await title.evaluate((input: HTMLInputElement) => input.validationMessage !== '' && input.form?.noValidate)).toBe(true);
    await expectAccessible();
    await screenshot('meeting-form-errors');
    await title.fill('Conseil municipal extraordinaire');
    // The error goes as soon as the field is filled in.
    expect(await page.locator('.fr-input-group--error', { has: title }).count()).toBe(0);
    await page.getByLabel(/Date et heure/).fill(inThreeDaysAt18());
    await page.getByLabel('Lieu').fill('Hôtel de Ville, salle du Conseil, 2 rue Mégevand, 25000 Besançon');
    await expectAccessible();
    await page.getByRole('button', { name: 'Créer la séance' }).click();
    await page.getByRole('heading', { name: 'Conseil municipal extraordinaire', level: 1 }).waitFor();
    await page.getByText('Brouillon : les élus ne voient pas encore cette séance.').waitFor();
  });

  it('builds an agenda of three items with the form, numbered by the server', async () => {
    const items = [
      { title: 'Décision modificative n° 1', kind: 'Délibération', rapporteur: 'M. l’Adjoint aux finances' },
      { title: 'Subvention exceptionnelle au club de football', kind: 'Délibération', rapporteur: '' },
      { title: 'Point sur les travaux de la rue des Granges', kind: 'Information', rapporteur: '' },
    ];
    for (const item of items) {
      await page.getByRole('button', { name: 'Ajouter un point' }).click();
      await page.getByLabel('Intitulé du point').fill(item.title);
      await page.getByLabel('Nature').selectOption({ label: item.kind });
      if (item.rapporteur) await page.getByLabel(/Rapporteur/).fill(item.rapporteur);
      await expectAccessible();
      await page.getByRole('button', { name: 'Enregistrer le point' }).click();
      await page.getByRole('status').getByText(`« ${item.title} » ajouté.`).waitFor();
    }
    expect(await agendaLines()).toEqual([
      '1. Décision modificative n° 1',
      '2. Subvention exceptionnelle au club de football',
      '3. Point sur les travaux de la rue des Granges',
    ]);
    await page.getByRole('button', { name: 'Modifier le point 3 « Point sur les travaux de la rue des Granges »' }).click();
    await page.getByLabel('Huis clos').check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer le point' }).click();
    await page.getByRole('status').getByText('Point 3 enregistré.').waitFor();
    await page.locator('.cartable-builder > li').nth(2).getByText('Huis clos').waitFor();
    await expectAccessible();
  });

  it('reorders the items by drag and drop, then with the keyboard; the numbers follow', async () => {
    await page.locator('.cartable-builder > li').nth(2).dragTo(page.locator('.cartable-builder > li').nth(0));
    await page.getByRole('status').getByText('« Point sur les travaux de la rue des Granges » est maintenant le point 1.').waitFor();
    expect(await agendaLines()).toEqual([
      '1. Point sur les travaux de la rue des Granges',
      '2. Décision modificative n° 1',
      '3. Subvention exceptionnelle au club de football',
    ]);

    const down = page.getByRole('button', { name: 'Descendre : point 1 « Point sur les travaux de la rue des Granges »' });
    await down.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('« Point sur les travaux de la rue des Granges » est maintenant le point 2.').waitFor();
    // The focus stays on the same item's button, now labelled with its new number.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Descendre : point 2 « Point sur les travaux de la rue des Granges »',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('« Point sur les travaux de la rue des Granges » est maintenant le point 3.').waitFor();
    expect(await agendaLines()).toEqual([
      '1. Décision modificative n° 1',
      '2. Subvention exceptionnelle au club de football',
      '3. Point sur les travaux de la rue des Granges',
    ]);
    await screenshot('agenda');

    // Before any document, the checklist before the send lists everything that blocks it, before any click.
    await openStep('Convocation');
    await page.getByText('Il manque la note explicative de synthèse des points 1, 2 : l’envoi sera refusé').waitFor();
    expect(await page.locator('.cartable-checklist > li').allTextContents()).toEqual([
      'Ordre du jour : 3 points',
      'Point 1 « Décision modificative n° 1 » : note explicative de synthèse (ou rapport) manquante Ajouter les documents',
      'Point 2 « Subvention exceptionnelle au club de football » : note explicative de synthèse (ou rapport) manquante Ajouter les documents',
      'Délai : dépassé — déclarez l’urgence en la justifiant, ou reportez la séance',
      'Destinataires : 9 membres en exercice',
    ]);
    await page.getByText('L’envoi est bloqué : 3 points à régler dans la liste « Avant l’envoi ».').waitFor();
    expect(await page.getByRole('button', { name: 'Vérifier et envoyer la convocation' }).isDisabled()).toBe(true);
    await expectAccessible();
    await screenshot('checklist-blocked');
  });

  it('uploads two documents straight to storage with a progress bar, replaces one, refuses what is not a PDF', async () => {
    await openStep('Documents');
    await page.getByRole('heading', { name: 'Documents', level: 2 }).waitFor();
    await expectAccessible();

    await page.getByLabel('Fichier PDF').setInputFiles({
      name: 'notes.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from('PK'),
    });
    await page.getByRole('button', { name: 'Téléverser' }).click();
    await page.getByRole('status').getByText('Envoi impossible : Seuls les documents PDF sont acceptés.').waitFor();

    const note = await createSamplePdf({ title: 'Note explicative de synthèse', pages: 3, bodyName: 'Conseil municipal de Besançon' });
    await page
      .getByLabel('Fichier PDF')
      .setInputFiles({ name: 'note-de-synthese.pdf', mimeType: 'application/pdf', buffer: Buffer.from(note) });
    await page.getByLabel('Titre du document').fill('Note explicative de synthèse');
    await page.getByLabel('Nature du document').selectOption({ label: 'Note de synthèse' });
    await page.getByRole('button', { name: 'Téléverser' }).click();
    await page.getByRole('status').getByText('« note-de-synthese.pdf » est ajouté.').waitFor();
    expect(await page.locator('progress.cartable-upload__bar').getAttribute('value')).toBe('100');

    const report = await createSamplePdf({ title: 'Décision modificative n° 1', pages: 5, bodyName: 'Conseil municipal de Besançon' });
    await page
      .getByLabel('Fichier PDF')
      .setInputFiles({ name: 'rapport-dm1.pdf', mimeType: 'application/pdf', buffer: Buffer.from(report) });
    await page.getByLabel('Titre du document').fill('Rapport — décision modificative n° 1');
    await page.getByLabel('Nature du document').selectOption({ label: 'Rapport' });
    await page.getByLabel('Point de l’ordre du jour').selectOption({ label: '1. Décision modificative n° 1' });
    await page.getByRole('button', { name: 'Téléverser' }).click();
    await page.getByRole('status').getByText('« rapport-dm1.pdf » est ajouté.').waitFor();

    const rows = page.locator('.fr-table tbody tr');
    await eventually(() => rows.count()).toBe(2);
    expect((await rows.nth(0).locator('td').allTextContents()).slice(0, 4)).toEqual([
      'Séance',
      'Note explicative de synthèseNote de synthèse',
      'v1',
      '3',
    ]);
    expect((await rows.nth(1).locator('td').allTextContents()).slice(0, 4)).toEqual([
      '1',
      'Rapport — décision modificative n° 1Rapport',
      'v1',
      '5',
    ]);

    await page.getByRole('button', { name: 'Remplacer « Rapport — décision modificative n° 1 » par une nouvelle version' }).click();
    const corrected = await createSamplePdf({
      title: 'Décision modificative n° 1 (corrigée)',
      pages: 6,
      bodyName: 'Conseil municipal de Besançon',
    });
    await page
      .getByLabel('Nouvelle version de « Rapport — décision modificative n° 1 » (PDF)')
      .setInputFiles({ name: 'rapport-dm1-v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from(corrected) });
    await page.getByRole('status').getByText('« rapport-dm1-v2.pdf » est ajouté.').waitFor();
    await eventually(async () => (await rows.nth(1).locator('td').allTextContents()).slice(2, 4)).toEqual(['v2', '6']);

    const draftOnly = await createSamplePdf({ title: 'Annexe provisoire', pages: 1 });
    await page.getByLabel('Fichier PDF').setInputFiles({ name: 'annexe.pdf', mimeType: 'application/pdf', buffer: Buffer.from(draftOnly) });
    await page.getByRole('button', { name: 'Téléverser' }).click();
    await page.getByRole('status').getByText('« annexe.pdf » est ajouté.').waitFor();
    await page.getByRole('button', { name: 'Supprimer « annexe »' }).click();
    await page.getByRole('button', { name: 'Confirmer la suppression' }).click();
    await page.getByRole('status').getByText('Document « annexe » supprimé.').waitFor();
    await eventually(() => rows.count()).toBe(2);
    await expectAccessible();
    await screenshot('documents');
  });

  it('shows the legal deadline with its countdown and who gets what through which channel', async () => {
    await openStep('Convocation');
    await page.getByRole('heading', { name: 'Délai légal d’envoi' }).waitFor();
    await page.getByText(/5 jours francs \(CGCT L2121-12\) : la convocation doit partir au plus tard le/).waitFor();
    const timer = page.getByRole('timer');
    await eventually(() => timer.textContent()).toMatch(/^Délai dépassé depuis \d+ (jours?|h)/);
    const first = await timer.textContent();
    await eventually(() => timer.textContent()).not.toBe(first);
    await page.getByText(/Le délai légal est dépassé : l’envoi sera refusé, sauf urgence déclarée et justifiée/).waitFor();
    // The meeting's note de synthèse covers both deliberations (the information needs none): only the deadline blocks.
    expect(await page.locator('.cartable-checklist > li').allTextContents()).toEqual([
      'Ordre du jour : 3 points',
      'Point 1 « Décision modificative n° 1 » : en règle',
      'Point 2 « Subvention exceptionnelle au club de football » : en règle',
      'Délai : dépassé — déclarez l’urgence en la justifiant, ou reportez la séance',
      'Destinataires : 9 membres en exercice',
    ]);
    await page.getByText('L’envoi est bloqué : 1 point à régler dans la liste « Avant l’envoi ».').waitFor();
    await page.getByText('La convocation porte l’ordre du jour (3 points) et 2 documents (9 pages) :').waitFor();
    await page.getByText('9 élus convoqués : 8 par courriel, 1 par courrier papier.').waitFor();
    const paul = page.locator('.fr-table tbody tr', { hasText: 'Paul Bernard' });
    expect(await paul.locator('td').allTextContents()).toEqual([
      'Paul Bernard',
      'Oui',
      'Papier (à sa demande)',
      'Courrier papier : 12 rue de la République\n25000 Besançon',
    ]);
    const claire = page.locator('.fr-table tbody tr', { hasText: 'Claire Martin' });
    expect(await claire.locator('td').allTextContents()).toEqual([
      'Claire Martin',
      'Oui',
      'Électronique',
      'Courriel : claire.martin@demo.cartable.fr',
    ]);
    await expectAccessible();
    await screenshot('convening');
  });

  it('is blocked after the deadline, then shows exactly what leaves before sending under a justified urgency', async () => {
    const review = page.getByRole('button', { name: 'Vérifier et envoyer la convocation' });
    expect(await review.isDisabled()).toBe(true);

    await page.getByLabel('Déclarer l’urgence').check({ force: true });
    await page.getByRole('heading', { name: 'Délai d’envoi en urgence' }).waitFor();
    await eventually(() => page.getByRole('timer').textContent()).toMatch(/^Temps restant : /);
    // The urgency is declared but not yet justified: still blocked, and said under the field.
    await page.locator('.cartable-checklist > li', { hasText: 'Urgence : la justification reste à saisir' }).waitFor();
    await page.getByText('L’urgence doit être justifiée.').waitFor();
    expect(await review.isDisabled()).toBe(true);
    await page
      .getByLabel('Justification de l’urgence')
      .fill('Sinistre au groupe scolaire : travaux de mise en sécurité à voter sans délai.');
    await page.locator('.cartable-checklist > li', { hasText: 'Urgence : justifiée' }).waitFor();
    expect(await page.locator('.cartable-checklist--missing').count()).toBe(0);

    // The confirmation: counts per channel, the deadline, then the email as rendered and the letter.
    await review.click();
    const confirmation = page.getByRole('region', { name: 'Vérifier avant d’envoyer' });
    await confirmation
      .getByText(
        /^9 élus convoqués : 8 par courriel, 1 par courrier papier\. Délai légal : au plus tard le .+\. Voici exactement ce que chaque élu recevra\.$/,
      )
      .waitFor();
    await confirmation.getByRole('tab', { name: 'Courriel (8)' }).waitFor();
    await confirmation.getByText(/^Objet : Convocation : Conseil municipal du .+ \(urgence\)$/).waitFor();
    const email = page.frameLocator('iframe[title="Le courriel tel qu’il sera reçu"]');
    await email
      .getByText(
        'Cette convocation est adressée en urgence : Sinistre au groupe scolaire : travaux de mise en sécurité à voter sans délai.',
      )
      .waitFor();
    expect(await email.locator('li').allTextContents()).toEqual([
      '1. Décision modificative n° 1',
      '2. Subvention exceptionnelle au club de football',
      '3. Point sur les travaux de la rue des Granges (huis clos)',
    ]);
    // No SMS provider in the demo: no SMS tab.
    expect(await confirmation.getByRole('tab', { name: /^SMS/ }).count()).toBe(0);
    const sizes = [
      { name: 'phone', width: 390, height: 844 },
      { name: 'tablet', width: 768, height: 1024 },
      { name: 'laptop', width: 1366, height: 768 },
    ];
    for (const size of sizes) {
      await page.setViewportSize(size);
      await confirmation.scrollIntoViewIfNeeded();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), size.name).toBe(true);
      await expectAccessible();
      await screenshot(`send-confirmation-${size.name}`);
    }
    // Text at 200 % on a phone still reflows (no sideways scrolling).
    await page.setViewportSize(sizes[0]!);
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot('send-confirmation-phone-text-200');
    await page.evaluate(() => (document.documentElement.style.fontSize = ''));
    await page.setViewportSize({ width: 1280, height: 900 });

    await confirmation.getByRole('tab', { name: 'Courrier (1)' }).click();
    await confirmation
      .getByText('La lettre imprimée pour Paul Bernard (chaque élu convoqué sur papier reçoit la sienne, à son nom et à son adresse).')
      .waitFor();
    const [letter] = await Promise.all([
      page.waitForEvent('download'),
      confirmation.getByRole('link', { name: 'Ouvrir la lettre (PDF)' }).click(),
    ]);
    expect((await readFile((await letter.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible();

    // Cancel leaves everything as it was; confirming sends.
    await confirmation.getByRole('button', { name: 'Annuler' }).click();
    expect(await confirmation.count()).toBe(0);
    await review.click();
    await confirmation.getByRole('button', { name: 'Confirmer l’envoi à 9 élus' }).click();
    await page.getByText('La convocation est partie vers 9 élus.').waitFor();
    const sent = page.locator('.fr-table tbody tr').first();
    expect((await sent.locator('td').allTextContents())[2]).toBe(
      'Dans les délais — 1 jour franc, urgence — CGCT L2121-11, L2121-12Urgence : Sinistre au groupe scolaire : travaux de mise en sécurité à voter sans délai.',
    );
    await page.getByText('Convoquée', { exact: true }).first().waitFor();
    await expectAccessible();
    await screenshot('sent');
  });

  it('follows the convocation live: claire.martin opens it in her own browser and acknowledges, her receipt appears', async () => {
    await openStep('Suivi');
    await page.getByRole('heading', { name: 'Suivi de la convocation' }).waitFor();
    const rows = page.locator('.cartable-follow-up tbody tr');
    const claireRow = followUpRow('Claire Martin');
    await claireRow.waitFor();
    expect(await claireRow.locator('td').nth(2).textContent()).toBe('Pas encore');
    await page.getByText('Accusés de réception : 0 sur 9').waitFor();
    // Right after the send nobody could answer yet: the quorum is awaited, not missed.
    await page.getByRole('heading', { name: 'Quorum prévu : pas encore atteint, 9 réponses attendues' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Quorum prévu : pas atteint' }).count()).toBe(0);
    await page.getByLabel('Pas encore accusé réception').check({ force: true });
    await eventually(() => rows.count()).toBe(9);
    await expectAccessible();

    const claire = await launchBrowser();
    try {
      const herPage = claire.context.pages()[0] ?? (await claire.context.newPage());
      await logIn(herPage, server.url, 'claire.martin');
      await herPage.getByRole('link', { name: 'Ouvrir la séance « Conseil municipal extraordinaire » (Ville de Besançon)' }).click();
      await herPage.getByRole('heading', { name: 'Ordre du jour' }).waitFor();
      // Opening the meeting records "opened"; her button records the acknowledgement.
      await herPage.getByRole('button', { name: 'Accuser réception' }).click();
      await herPage.getByText(/^Réception accusée le /).waitFor();
    } finally {
      await claire.close();
    }

    // The follow-up polls: Claire leaves the "not yet acknowledged" list, then shows her receipt.
    await eventually(() => rows.count()).toBe(8);
    expect(await claireRow.count()).toBe(0);
    await page.getByText('Accusés de réception : 1 sur 9').waitFor();
    await page.getByLabel('Pas encore accusé réception').uncheck({ force: true });
    await eventually(() => claireRow.locator('td').nth(2).textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await claireRow.locator('td').nth(1).textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await screenshot('follow-up');
  });

  it('resends the convocation to claire.martin: the new delivery appears in her row', async () => {
    await page.getByRole('button', { name: 'Renvoyer la convocation à Claire Martin' }).click();
    await page.getByRole('checkbox', { name: 'Courriel : claire.martin@demo.cartable.fr' }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: 'Confirmer le renvoi' }).click();
    await page
      .getByRole('status')
      .getByText('Convocation renvoyée à Claire Martin (Courriel : claire.martin@demo.cartable.fr) : suivez sa remise ci-dessous.')
      .waitFor();
    await eventually(() => followUpRow('Claire Martin').locator('td').first().textContent()).toMatch(
      /Renvoi — Courriel : (en cours d’envoi|remis le)/,
    );
    // A paper convocation is printed again rather than resent.
    await followUpRow('Paul Bernard').getByText('Sur papier : réimprimer la lettre').waitFor();
    await screenshot('resend');
  });

  it('reminds the others, records an answer on an official’s behalf, and the quorum forecast follows', async () => {
    await page.getByRole('button', { name: 'Relancer ceux qui n’ont pas accusé réception' }).click();
    await page.getByRole('status').getByText('7 élus relancés.').waitFor();

    // On a phone, every column stays in sight, the actions included: each row is a card.
    await page.setViewportSize({ width: 390, height: 844 });
    const action = page.getByRole('button', { name: 'Saisir la réponse de Paul Bernard' });
    await action.scrollIntoViewIfNeeded();
    const box = (await action.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await followUpRow('Paul Bernard').locator('td[data-label="Réponse"]').waitFor();
    await expectAccessible();
    await screenshot('follow-up-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Saisir la réponse de Paul Bernard' }).click();
    // The form opens in the table, right under Paul Bernard's row, with the focus on it and no answer chosen.
    const form = page.locator('.cartable-follow-up tbody tr.cartable-follow-up__panel');
    expect(
      await form.evaluate((row) => (row.previousElementSibling?.querySelector('th')?.textContent ?? '').startsWith('Paul Bernard')),
    ).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Réponse de Paul Bernard, saisie par le secrétariat');
    expect(await form.locator('input[type="radio"]:checked').count()).toBe(0);
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await form.getByText('Choisissez une option.').waitFor();
    await page.getByLabel('Absent, donne pouvoir').check({ force: true });
    expect(await form.getByText('Choisissez une option.').count()).toBe(0);
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await form.locator('.fr-select-group--error').getByText('Choisissez une option.').waitFor();
    await page.getByLabel('Membre qui reçoit le pouvoir').selectOption({ label: 'Sophie Lambert' });
    await expectAccessible();
    await screenshot('answer-on-behalf');
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await page.getByRole('status').getByText('Réponse de Paul Bernard enregistrée.').waitFor();
    await eventually(() => followUpRow('Paul Bernard').locator('td').nth(3).textContent()).toBe(
      'Pouvoir à Sophie Lambert (saisie par le secrétariat)',
    );
    expect(await followUpRow('Sophie Lambert').locator('td').nth(4).textContent()).toBe('pour Paul Bernard');
    await page.getByText('Présents : 0 — représentés : 1 — absents : 0 — sans réponse : 8.').waitFor();
    await page.getByRole('heading', { name: 'Quorum prévu : pas encore atteint, 8 réponses attendues' }).waitFor();
  });

  it('prints the paper convocation and records its posting date', async () => {
    const paul = followUpRow('Paul Bernard');
    await paul.getByRole('link', { name: 'Lettre de Paul Bernard (PDF)' }).waitFor();
    const letter = await page.request.get((await paul.getByRole('link', { name: 'Lettre de Paul Bernard (PDF)' }).getAttribute('href'))!);
    expect(letter.status()).toBe(200);
    expect(letter.headers()['content-type']).toMatch(/^application\/pdf/);
    await paul
      .getByLabel('Date de dépôt de la lettre de Paul Bernard')
      .fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()));
    await paul.getByRole('button', { name: 'Enregistrer le dépôt' }).click();
    await eventually(() => paul.locator('td').first().textContent()).toMatch(/^Courrier papier : posté le \d{2}\/\d{2}\/\d{4}/);
    await expectAccessible();
  });

  it('sends a supplement when a document changed, and hands out the proof file and the attendance sheet', async () => {
    await openStep('Documents');
    await page.getByRole('button', { name: 'Remplacer « Note explicative de synthèse » par une nouvelle version' }).click();
    const note = await createSamplePdf({
      title: 'Note explicative de synthèse (rectifiée)',
      pages: 4,
      bodyName: 'Conseil municipal de Besançon',
    });
    await page
      .getByLabel('Nouvelle version de « Note explicative de synthèse » (PDF)')
      .setInputFiles({ name: 'note-v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from(note) });
    await page.getByRole('status').getByText('« note-v2.pdf » est ajouté.').waitFor();

    await openStep('Suivi');
    await page.getByText('Documents ajoutés ou remplacés depuis le dernier envoi : Note explicative de synthèse.').waitFor();
    await page.getByRole('button', { name: 'Envoyer un complément' }).click();
    await page.getByRole('status').getByText('Complément envoyé (1 document).').waitFor();
    await page.getByRole('cell', { name: 'Complément n° 1' }).waitFor();

    // Claire's inbox card says the documents changed, and that one is still to read.
    const claire = await launchBrowser({ width: 390, height: 844 });
    try {
      const herPage = claire.context.pages()[0] ?? (await claire.context.newPage());
      await logIn(herPage, server.url, 'claire.martin');
      const card = herPage.locator('.cartable-meeting-list > li', {
        has: herPage.getByRole('link', { name: 'Ouvrir la séance « Conseil municipal extraordinaire » (Ville de Besançon)' }),
      });
      await card.getByText(/^Documents modifiés le .+ \(complément à la convocation\)$/).waitFor();
      await card.getByText('1 document modifié à lire').waitFor();
      expect(await seriousAccessibilityViolations(herPage)).toEqual([]);
      await herPage.screenshot({ path: `${artifacts}secretariat-inbox-supplement-phone.png`, fullPage: true });
    } finally {
      await claire.close();
    }

    for (const name of ['Attestation d’envoi (PDF)', 'Dossier de preuve (.tar)', 'Feuille d’émargement (PDF)']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const response = await page.request.get(href!);
      expect(response.status(), name).toBe(200);
      expect(response.headers()['content-type'], name).toMatch(name.includes('PDF') ? /^application\/pdf/ : /^application\/x-tar/);
    }
    await expectAccessible();
  });

  it('shows the body’s statistics, with editable saving assumptions, and exports them as CSV', async () => {
    await page.getByRole('navigation', { name: 'vous êtes ici :' }).getByRole('link', { name: 'Ville de Besançon', exact: true }).click();
    await page
      .getByRole('navigation', { name: /^Secrétariat — / })
      .getByRole('link', { name: 'Statistiques' })
      .click();
    await page.getByRole('heading', { name: 'Statistiques', level: 1 }).waitFor();
    // The demo's conseil municipal and the extraordinary one, both convened; three sends with the supplement.
    const figures = page.locator('#figures-heading + ul > li');
    await eventually(() => figures.first().textContent()).toBe('2 séances convoquées sur 2');
    expect(await figures.nth(1).textContent()).toBe('3 envois (convocations et compléments), dont 3 dans les délais ; 1 en urgence');
    const officials = page.getByRole('table', { name: 'Présence (constatée ou annoncée), pouvoirs et lecture par élu' });
    const sophie = (await officials.locator('tr', { hasText: 'Sophie Lambert' }).locator('td').allTextContents()).map(withPlainSpaces);
    expect(sophie.slice(0, 8)).toEqual(['Sophie Lambert', '2', '1', '0', '0', '1', '50 %', '2']);

    const euros = page.locator('#savings-heading ~ ul > li').nth(1);
    const before = await euros.textContent();
    await page.getByLabel('Affranchissement et enveloppe par courrier (€)').fill('10');
    await eventually(() => euros.textContent()).not.toBe(before);
    await expectAccessible();
    await screenshot('statistics');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter le tableau des élus (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('statistiques-elus-ville-besancon.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeffÉlu;Convocations;Présent;Pouvoir donné;Absent;Sans réponse;Taux de présence;Pouvoirs reçus;Ouvertes;Délai moyen d’ouverture',
    );
    expect(withPlainSpaces(csv)).toContain('Sophie Lambert;2;1;0;0;1;50 %;2;');
  });

  it('shows its admin the body’s billing, visibly off in the demo, and its share of the groupement’s costs by month', async () => {
    await page
      .getByRole('navigation', { name: /^Secrétariat — / })
      .getByRole('link', { name: 'Facturation' })
      .click();
    await page.getByRole('heading', { name: 'Facturation', level: 1 }).waitFor();
    await page.getByText('La facturation n’est pas activée sur cette instance').waitFor();

    // claire.martin's tablet (20 € a month), lent all this month, is shared by her three bodies; the Ville,
    // last in slug order, gets the share without the leftover cents.
    const lines = page.getByRole('table', { name: /^Part de l’organisme, ligne par ligne/ });
    const tablet = lines.locator('tr', { hasText: 'R52W70A1B2C' });
    const cells = async () =>
      Promise.all((await tablet.all()).map(async (row) => (await row.locator('td').allTextContents()).map(withPlainSpaces)));
    await eventually(cells).toEqual([['Tablette', 'Claire Martin', 'R52W70A1B2C', '20,00 €', '3 organismes', '6,66 €']]);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);
    const statement = await server.graphql<{ body: { costStatement: { totalCents: number } } }>(
      'query ($month: Month!) { body(slug: "ville-besancon") { costStatement(month: $month) { totalCents } } }',
      { month },
      await server.token('secretariat.ville'),
    );
    const total = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(
      statement.data!.body.costStatement.totalCents / 100,
    );
    expect(
      withPlainSpaces(
        (await page
          .locator('dt', { hasText: /^Total$/ })
          .locator('+ dd')
          .textContent())!,
      ),
    ).toBe(withPlainSpaces(total));
    await expectAccessible();
    await screenshot('billing');

    // It was handed over on the 6th of last month: charged by day then, with its set-up.
    await page.getByLabel('Mois').selectOption({ index: 1 });
    const [year, monthNumber] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
      .format(new Date())
      .split('-')
      .map(Number) as [number, number];
    const days = new Date(Date.UTC(year, monthNumber - 1, 0)).getUTCDate();
    const byDay = Math.round((2000 * (days - 5)) / days);
    const euros = (cents: number) =>
      withPlainSpaces(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));
    await eventually(cells).toEqual([
      ['Tablette', 'Claire Martin', 'R52W70A1B2C', euros(byDay), '3 organismes', euros(Math.floor(byDay / 3))],
      ['Mise en service', 'Claire Martin', 'R52W70A1B2C', '49,99 €', '3 organismes', '16,66 €'],
    ]);
  });

  it('lets its admin download the body’s Factur-X invoice of last month and check its Chorus Pro settings', async () => {
    const invoices = page.getByRole('table', { name: /^1 document, le plus récent d’abord$/ });
    await invoices.waitFor();
    const cells = (await invoices.locator('tbody tr').first().locator('td').allTextContents()).map(withPlainSpaces);
    expect(cells[0]).toMatch(/^\d{4}-\d{6}$/);
    expect(cells[4]).toBe('À déposer');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `Télécharger ${cells[0]} (PDF)` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`facture-${cells[0]}.pdf`);
    const pdf = await readFile((await download.path())!);
    expect([pdf.subarray(0, 5).toString(), pdf.includes('factur-x.xml')]).toEqual(['%PDF-', true]);
    await page.getByText(/^Total \d{4} \(TTC, avoirs déduits\) : /).waitFor();
    expect(await page.getByLabel('SIRET').inputValue()).toBe('21250056500016');
    // A SIRET whose key is wrong is refused in French.
    await page.getByLabel('SIRET').fill('21250056500017');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn) est juste.').waitFor();
    await expectAccessible();
    await screenshot('invoices');
  });
});

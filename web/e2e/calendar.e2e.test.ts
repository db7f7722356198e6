import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../server/src/media/sample-pdf.ts';
import { launchBrowser, logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { artifacts, useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

const journey = useJourney('calendar');
const { expectAccessible, screenshot } = journey;
let server: RunningServer;
let page: Page;
/** The secretariat of the Ville, in a browser of its own beside Claire's. */
let secretariat: Browser;
let desk: Page;
beforeAll(async () => {
  ({ server, page } = journey);
  secretariat = await launchBrowser();
  desk = secretariat.context.pages()[0] ?? (await secretariat.context.newPage());
});
afterAll(() => secretariat?.close());

/** "2027-01-14T18:00", `days` from now, Paris time (the browser's and the Ville's). */
function inDaysAt(days: number, time: string): string {
  const day = new Date(Date.now() + days * 86_400_000);
  return `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(day)}T${time}`;
}

/** The feed behind a `webcal:` link, fetched as a calendar application would. */
const feed = (webcal: string) => fetch(webcal.replace(/^webcal:/, 'http:'));

async function consoleAccessible() {
  expect(await seriousAccessibilityViolations(desk)).toEqual([]);
}

let subscription = '';
let duplicateUrl = '';

describe('the calendar of claire.martin, and a meeting cancelled', () => {
  it('adds her meetings to her calendar: a webcal link of her own, replaced on demand', async () => {
    await logIn(page, server.url, 'claire.martin');
    await page.goto(`${server.url}/profil`);
    await page.getByRole('heading', { name: 'Mon agenda', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Ajouter à mon agenda' }).click();
    const link = page.getByRole('link', { name: 'Ajouter à mon agenda' });
    await link.waitFor();
    subscription = (await link.getAttribute('href'))!;
    expect(subscription).toMatch(/^webcal:\/\/127\.0\.0\.1:\d+\/calendar\/[\w-]{43}\.ics$/);
    expect(await page.getByLabel('Lien d’abonnement').inputValue()).toBe(subscription);
    const calendar = await feed(subscription);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    // Her three bodies' convened meetings.
    const text = (await calendar.text()).replace(/\r\n /g, '');
    for (const assembly of ['Conseil municipal', 'Conseil communautaire', 'Conseil départemental'])
      expect(text).toContain(`SUMMARY:${assembly} — `);
    await expectAccessible();
    await screenshot('profile-agenda');
    for (const [name, size] of [
      ['phone', { width: 390, height: 844 }],
      ['tablet', { width: 810, height: 1080 }],
    ] as const) {
      await page.setViewportSize(size);
      await page.getByRole('heading', { name: 'Mon agenda', level: 2 }).scrollIntoViewIfNeeded();
      await expectAccessible();
      await screenshot(`profile-agenda-${name}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Générer un nouveau lien' }).click();
    await page.getByText('Nouveau lien créé : l’ancien ne fonctionne plus ; abonnez votre agenda à celui-ci.').waitFor();
    const replaced = (await link.getAttribute('href'))!;
    expect(replaced).not.toBe(subscription);
    expect((await feed(subscription)).status).toBe(404);
    subscription = replaced;
  });

  it('the secretariat duplicates the convened council as a template, then cancels it with its reason', async () => {
    await logIn(desk, server.url, 'secretariat.ville', 'Séances');
    await desk
      .getByRole('link', { name: /Préparer la séance « Conseil municipal »/ })
      .first()
      .click();
    await desk.getByRole('heading', { name: 'Conseil municipal', level: 1 }).waitFor();
    const council = desk.url();
    const items = desk.locator('.cartable-builder .cartable-agenda__title');
    await items.first().waitFor();
    const skeleton = await items.allTextContents();

    await desk.getByRole('button', { name: 'Dupliquer' }).click();
    await desk.getByLabel('Intitulé de la nouvelle séance').fill('Conseil municipal de janvier');
    await desk.getByLabel(/^Date et heure de la nouvelle séance/).fill(inDaysAt(14, '18:00'));
    await consoleAccessible();
    await desk.getByRole('button', { name: 'Créer la séance' }).click();
    await desk.getByRole('heading', { name: 'Conseil municipal de janvier', level: 1 }).waitFor();
    duplicateUrl = desk.url();
    expect(duplicateUrl).not.toBe(council);
    // The agenda skeleton came along, not the documents.
    await expect.poll(() => items.allTextContents()).toEqual(skeleton);

    await desk.goto(council);
    await desk.getByRole('button', { name: 'Annuler la séance' }).click();
    await desk.getByRole('heading', { name: 'Annuler la séance ?' }).waitFor();
    await desk.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await desk.getByText('Indiquez le motif.').waitFor();
    await desk.getByLabel('Motif').fill('Salle du conseil indisponible (travaux)');
    await consoleAccessible();
    await desk.screenshot({ path: path.join(artifacts, 'calendar-cancel-confirm.png'), fullPage: true });
    await desk.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await desk.getByText('Séance annulée. Motif : Salle du conseil indisponible (travaux)').waitFor();
    await consoleAccessible();
    await desk.screenshot({ path: path.join(artifacts, 'calendar-cancelled-console.png'), fullPage: true });
  });

  it('claire.martin sees it cancelled in her inbox, on its page and in her calendar', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Mes séances', level: 1 }).waitFor();
    const card = page.locator('.cartable-meeting-list li', { hasText: 'Ville de Besançon' }).filter({ hasText: 'Conseil municipal' });
    await card.getByText('Annulée. Motif : Salle du conseil indisponible (travaux)').waitFor();
    await card.getByText('Annulée', { exact: true }).waitFor();
    await expectAccessible();
    await screenshot('inbox-cancelled');
    await card.getByRole('link').click();
    await page.getByText('Annulée. Motif : Salle du conseil indisponible (travaux)').waitFor();
    await expectAccessible();

    const text = (await (await feed(subscription)).text()).replace(/\r\n /g, '');
    const event = text.split('BEGIN:VEVENT').find((block) => block.includes('SUMMARY:ANNULÉE — Conseil municipal'))!;
    expect(event).toContain('SEQUENCE:1');
    expect(event).toContain('STATUS:CANCELLED');
  });
});

describe('a scheduled send', () => {
  it('schedules the convocation of the new meeting, refuses a time after the legal deadline, and cancels it', async () => {
    await desk.goto(duplicateUrl);
    await desk.getByRole('navigation', { name: 'Étapes de la séance' }).getByRole('link', { name: 'Documents', exact: true }).click();
    const note = await createSamplePdf({ title: 'Note explicative de synthèse', pages: 2, bodyName: 'Conseil municipal de Besançon' });
    await desk.getByLabel('Fichier PDF').setInputFiles({ name: 'note.pdf', mimeType: 'application/pdf', buffer: Buffer.from(note) });
    await desk.getByLabel('Titre du document').fill('Note explicative de synthèse');
    await desk.getByLabel('Nature du document').selectOption({ label: 'Note de synthèse' });
    await desk.getByRole('button', { name: 'Téléverser' }).click();
    await desk.getByRole('status').getByText('« note.pdf » est ajouté.').waitFor();

    await desk.getByRole('navigation', { name: 'Étapes de la séance' }).getByRole('link', { name: 'Convocation', exact: true }).click();
    await desk.getByRole('heading', { name: 'Programmer l’envoi', level: 3 }).waitFor();
    const runAt = desk.getByLabel(/^Date et heure d’envoi/);
    // Fourteen days ahead, five jours francs: in ten days is too late.
    await runAt.fill(inDaysAt(10, '09:00'));
    await desk.getByRole('button', { name: 'Programmer l’envoi' }).click();
    await desk.getByText(/Le délai légal est dépassé/).waitFor();

    await runAt.fill(inDaysAt(1, '08:30'));
    await desk.getByRole('button', { name: 'Programmer l’envoi' }).click();
    await desk.getByText(/^Envoi programmé le .* à 08:30, par Secrétariat des assemblées — Ville de Besançon\.$/).waitFor();
    await consoleAccessible();
    await desk.screenshot({ path: path.join(artifacts, 'calendar-scheduled-send.png'), fullPage: true });

    await desk.getByRole('button', { name: 'Annuler l’envoi programmé' }).click();
    await desk.getByText('L’envoi programmé a été annulé.').waitFor();
    await desk.getByRole('button', { name: 'Programmer l’envoi' }).waitFor();
    await consoleAccessible();
  });
});

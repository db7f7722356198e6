import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn } from './browser.ts';
import { useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

// Issue 17 (8, 14): forms answer in French under the field, even in a browser set to English (no
// « Please fill out this field. » bubble); the tables whose rows carry actions keep them within reach on a
// phone (390 px): each row is a card, its buttons visible and clickable.
const journey = useJourney('forms-and-tables', {}, { locale: 'en-US' });
const { expectAccessible, screenshot } = journey;
let server: RunningServer;
let page: Page;
beforeAll(() => {
  ({ server, page } = journey);
});

const laptop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

/**
 * Submits the form of `section` empty and checks its first invalid field (by its `name`): focused, `aria-invalid`, its
 * French message tied by `aria-describedby`; the form is `noValidate`, so the browser shows no bubble.
 */
async function submitEmpty(section: Locator, submit: string, field: string, message: string) {
  const form = section.locator('form');
  expect(await form.evaluate((element: HTMLFormElement) => element.noValidate)).toBe(true);
  await section.getByRole('button', { name: submit, exact: true }).click();
  const control = section.locator(`[name="${field}"]`);
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  expect(await control.evaluate((element) => element === document.activeElement)).toBe(true);
  const describedBy = (await control.getAttribute('aria-describedby'))!.split(/\s+/).filter(Boolean);
  const descriptions = await Promise.all(
    describedBy.map((id) =>
      page
        .locator(`[id="${id}"]`)
        .textContent()
        .catch(() => ''),
    ),
  );
  expect(descriptions.join(' ')).toContain(message);
  // The browser's own words (English here) never reach the page.
  expect(await page.locator('body').textContent()).not.toMatch(/Please (fill|select|enter)/);
}

/**
 * Every button and link of the table's rows: on screen once the page is scrolled down to it — never
 * sideways, neither the page nor the table — and clickable.
 */
async function expectActionsWithinReach(table: Locator, where: string) {
  const actions = table.locator('tbody').getByRole('button').or(table.locator('tbody').getByRole('link'));
  await actions.first().waitFor();
  const count = await actions.count();
  for (let index = 0; index < count; index += 1) {
    const action = actions.nth(index);
    await action.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - window.innerHeight / 2));
    const box = (await action.boundingBox())!;
    expect(box.x, `${where}: action ${index} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${where}: action ${index} ends on screen`).toBeLessThanOrEqual(phone.width);
    // Visible, enabled, not covered: what a tap needs (trial: nothing is changed).
    if (await action.isEnabled()) await action.click({ trial: true });
  }
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    `${where}: no sideways scroll`,
  ).toBeLessThanOrEqual(0);
}

/** Signs out (the header's button, at laptop width) and in again as `username`. */
async function switchTo(username: string, home: string) {
  await page.setViewportSize(laptop);
  await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
  await page.getByRole('button', { name: 'Se connecter' }).waitFor();
  await logIn(page, server.url, username, home);
}

const section = (heading: string) => page.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });

describe('forms in an English browser: inline French errors, no bubble', () => {
  it('the coordination’s new member body and new tablet forms', async () => {
    await page.setViewportSize(laptop);
    await logIn(page, server.url, 'coordination', 'Organismes membres');
    await submitEmpty(section('Nouvel organisme membre'), 'Créer l’organisme', 'slug', 'Ce champ est obligatoire.');
    await screenshot('member-body-errors');
    await expectAccessible();

    await page.goto(`${server.url}/coordination/tablettes`);
    await submitEmpty(section('Ajouter une tablette'), 'Ajouter', 'serialNumber', 'Ce champ est obligatoire.');
    // Typing clears the error of that field only.
    await section('Ajouter une tablette').locator('[name="serialNumber"]').fill('SN-1');
    expect(await section('Ajouter une tablette').locator('[name="serialNumber"]').getAttribute('aria-invalid')).toBeNull();
    expect(await section('Ajouter une tablette').locator('[name="model"]').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible();
  });

  it('the secretariat’s « Ajouter une personne » form, empty then with a wrong address', async () => {
    await switchTo('secretariat.ville', 'Séances');
    await page.goto(`${server.url}/secretariat/ville-besancon/membres`);
    const adding = section('Ajouter une personne');
    await submitEmpty(adding, 'Ajouter', 'email', 'Ce champ est obligatoire.');
    await adding.locator('[name="email"]').fill('pas-une-adresse');
    await adding.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await adding.getByText('Indiquez une adresse électronique valide, par exemple prenom.nom@exemple.fr.').waitFor();
    await screenshot('member-errors');
    await expectAccessible();
  });
});

describe('tables with actions on a phone (390 px)', () => {
  it('the secretariat’s members and seats, and its meetings', async () => {
    await page.setViewportSize(phone);
    await page.goto(`${server.url}/secretariat/ville-besancon/membres`);
    const tables = page.locator('.fr-table table');
    await tables.first().waitFor();
    const count = await tables.count();
    expect(count).toBeGreaterThan(1);
    for (let index = 0; index < count; index += 1) {
      const table = tables.nth(index);
      if ((await table.locator('tbody').getByRole('button').count()) > 0)
        await expectActionsWithinReach(table, `membres, ${await table.locator('caption').textContent()}`);
    }
    await screenshot('members-phone');
    await expectAccessible();

    await page.goto(`${server.url}/secretariat/ville-besancon`);
    await expectActionsWithinReach(page.locator('.fr-table table').first(), 'séances');
    await expectAccessible();
  });

  it('the coordination’s member bodies and tablets', async () => {
    await switchTo('coordination', 'Organismes membres');
    await page.setViewportSize(phone);
    await expectActionsWithinReach(page.locator('.fr-table table').first(), 'organismes membres');
    await screenshot('member-bodies-phone');
    await expectAccessible();

    await page.goto(`${server.url}/coordination/tablettes`);
    await expectActionsWithinReach(page.locator('.fr-table table').first(), 'tablettes');
    await expectAccessible();
  });
});

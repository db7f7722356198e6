import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/e2e/install-chromium.sh); playwright-core never downloads a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const launchFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** The widths every screen is checked at: phone, tablet, laptop. */
export const viewports = {
  laptop: { width: 1280, height: 900 },
  tablet: { width: 800, height: 1280 },
  phone: { width: 390, height: 844 },
};

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile (service worker, IndexedDB and storage start empty), in French unless `locale` says otherwise. */
export async function launchBrowser(viewport = { width: 1280, height: 900 }, locale = 'fr-FR'): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'cartable-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: launchFlags,
    viewport,
    locale,
    timezoneId: 'Europe/Paris',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Logs in through the app's button and the provider's form (authorization code + PKCE), to the account's
 * own home, whose heading is `home`: the inbox for an official, the console for a secretariat or a coordinator.
 */
export async function logIn(page: Page, baseUrl: string, username: string, home = 'Mes séances', password = 'demo'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Identifiant ou adresse électronique').fill(username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: home, level: 1 }).waitFor();
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page and returns its serious and critical violations.
 * Injected through the DevTools protocol, which the app's CSP (no inline script) does not apply to.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target }) => ({ target: target.map(String) })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromiumPath, launchBrowser, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/** Screenshots of the screens, for people to look at (git-ignored). */
export const artifacts = fileURLToPath(new URL('../e2e-artifacts/', import.meta.url));

/** The server, the browser page and the helpers of one end-to-end file, ready once its `beforeAll` ran. */
export interface Journey {
  readonly server: RunningServer;
  readonly page: Page;
  /** `web/e2e-artifacts/<prefix>-<name>.png`, the whole page. */
  screenshot(name: string): Promise<void>;
  /** axe-core finds no serious or critical violation on the page as it is. */
  expectAccessible(): Promise<void>;
}

/** Keeps what goes wrong on `page` — console errors and warnings, the API's error answers — in `troubles`, each line after `who`. */
export function recordTroubles(page: Page, troubles: string[], who = ''): void {
  const from = who ? `${who} ` : '';
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') troubles.push(`${from}console ${message.type()}: ${message.text()}`);
  });
  page.on('response', async (response) => {
    if (!response.url().endsWith('/graphql')) return;
    const body = await response.text().catch(() => '');
    if (response.status() !== 200 || body.includes('"errors"')) troubles.push(`${from}${response.status()} ${response.request().postData()?.slice(0, 80)} → ${body.slice(0, 500)}`);
  });
}

/**
 * Registers the hooks of a journey: its own server (demo data, free ports) and a fresh Chromium; the
 * browser's console errors and the API's error answers are kept and, when a step fails, written next to
 * the screenshot of the page (`<prefix>-failed-<step>.png` and `.log`). `environment` adds server settings; `locale` is the browser's language (French unless said).
 */
export function useJourney(prefix: string, environment: Record<string, string> = {}, { locale }: { locale?: string } = {}): Journey {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const troubles: string[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the journey has not started');
    return value;
  };
  const journey: Journey = {
    get server() {
      return ready(server);
    },
    get page() {
      return ready(page);
    },
    async screenshot(name) {
      await journey.page.screenshot({ path: path.join(artifacts, `${prefix}-${name}.png`), fullPage: true });
    },
    async expectAccessible() {
      expect(await seriousAccessibilityViolations(journey.page)).toEqual([]);
    },
  };

  beforeAll(async () => {
    await access(chromiumPath).catch(() => {
      throw new Error(`No Chromium at ${chromiumPath}: run bash scripts/e2e/install-chromium.sh`);
    });
    await mkdir(artifacts, { recursive: true });
    server = await startServer(environment);
    browser = await launchBrowser(undefined, locale);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    recordTroubles(page, troubles);
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return;
    const name = `failed-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`;
    await journey.screenshot(name).catch(() => undefined);
    await writeFile(path.join(artifacts, `${prefix}-${name}.log`), troubles.join('\n'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return journey;
}

import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
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

/**
 * Keeps what goes wrong on `page` — console errors and warnings, the API's error answers, API requests that
 * failed — in `troubles`, each line after `who`. Returns what is still waiting for the API's answer (with
 * how long), for the log of a failed step: a step that waits for a screen may be waiting for the server.
 */
export function recordTroubles(page: Page, troubles: string[], who = ''): () => string[] {
  const from = who ? `${who} ` : '';
  const waiting = new Map<Request, number>();
  const operation = (request: Request) => request.postData()?.slice(0, 80);
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') troubles.push(`${from}console ${message.type()}: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql')) waiting.set(request, Date.now());
  });
  page.on('requestfailed', (request) => {
    if (waiting.delete(request)) troubles.push(`${from}failed ${operation(request)} → ${request.failure()?.errorText}`);
  });
  page.on('response', async (response) => {
    if (!response.url().endsWith('/graphql')) return;
    waiting.delete(response.request());
    const body = await response.text().catch(() => '');
    if (response.status() !== 200 || body.includes('"errors"'))
      troubles.push(`${from}${response.status()} ${operation(response.request())} → ${body.slice(0, 500)}`);
  });
  return () => [...waiting].map(([request, since]) => `${from}still waiting after ${Date.now() - since} ms: ${operation(request)}`);
}

/** With E2E_TRACE=1, each journey's Playwright trace (every action's log: waits, retries, clicks) is kept as `<prefix>-trace.zip`. */
const tracing = process.env.E2E_TRACE === '1';

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
  let waiting = (): string[] => [];
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
    waiting = recordTroubles(page, troubles);
    if (tracing) await browser.context.tracing.start({ snapshots: false, screenshots: false });
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return;
    const name = `failed-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`;
    await journey.screenshot(name).catch(() => undefined);
    await writeFile(path.join(artifacts, `${prefix}-${name}.log`), [...troubles, ...waiting()].join('\n'));
  });

  afterAll(async () => {
    if (tracing) await browser?.context.tracing.stop({ path: path.join(artifacts, `${prefix}-trace.zip`) });
    await browser?.close();
    await server?.stop();
  });

  return journey;
}

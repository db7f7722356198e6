import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPath, launchBrowser, type Browser } from './browser.ts';
import { artifacts, recordTroubles } from './journey.ts';
import { startServer, type RunningServer } from './server.ts';

/** The meeting of the Ville's council held today (Paris time), as the demo séances provide it. */
async function meetingHeldToday(server: RunningServer): Promise<string> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const found = await server.graphql<{ body: { meetings: { id: string; startsAt: string; status: string }[] } }>(
    '{ body(slug: "ville-besancon") { meetings(limit: 200) { id startsAt status } } }',
    {},
    await server.token('secretariat.ville'),
  );
  const meeting = found.data!.body.meetings.find(
    (candidate) =>
      candidate.status === 'CONVENED' &&
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(candidate.startsAt)) === today,
  );
  if (!meeting) throw new Error('the demo has no meeting of the Ville convened for today');
  return meeting.id;
}

/** The product with its demo séances, and the Ville's meeting held today; Chromium checked first. */
export async function startSeanceServer(): Promise<{ server: RunningServer; meetingId: string }> {
  await access(chromiumPath).catch(() => {
    throw new Error(`No Chromium at ${chromiumPath}: run bash scripts/e2e/install-chromium.sh`);
  });
  await mkdir(artifacts, { recursive: true });
  const server = await startServer({ CARTABLE_DEMO_SEANCES: 'true' });
  return { server, meetingId: await meetingHeldToday(server) };
}

/** A browser of its own for `who` at `viewport` (kept in `browsers` to close), what goes wrong in it written to `troubles`. */
export async function newPage(
  browsers: Map<string, Browser>,
  troubles: string[],
  viewport: { width: number; height: number },
  who: string,
): Promise<Page> {
  const browser = await launchBrowser(viewport);
  browsers.set(who, browser);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  recordTroubles(page, troubles, who);
  return page;
}

/** After a failed step: each page's screenshot and what went wrong in the browsers, into the e2e artefacts (`<prefix>-failed-<step>`). */
export async function keepFailure(
  prefix: string,
  step: string,
  pages: Record<string, Page | undefined>,
  troubles: readonly string[],
): Promise<void> {
  const name = `${prefix}-failed-${step.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`;
  for (const [who, page] of Object.entries(pages)) {
    await page?.screenshot({ path: path.join(artifacts, `${name}-${who}.png`), fullPage: true }).catch(() => undefined);
  }
  await writeFile(path.join(artifacts, `${name}.log`), troubles.join('\n'));
}

/** Closes every browser, then the server. */
export async function closeAll(browsers: Map<string, Browser>, server: RunningServer | undefined): Promise<void> {
  await Promise.all([...browsers.values()].map((browser) => browser.close()));
  await server?.stop();
}

import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser.ts';
import { recordTroubles } from './journey.ts';
import type { RunningServer } from './server.ts';

/** The meeting of the Ville's council held today (Paris time), as the demo séances provide it. */
export async function meetingHeldToday(server: RunningServer): Promise<string> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const found = await server.graphql<{ body: { meetings: { id: string; startsAt: string; status: string }[] } }>(
    '{ body(slug: "ville-besancon") { meetings(limit: 200) { id startsAt status } } }',
    {},
    await server.token('secretariat.ville'),
  );
  const meeting = found.data!.body.meetings.find((candidate) => candidate.status === 'CONVENED' && new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(candidate.startsAt)) === today);
  if (!meeting) throw new Error('the demo has no meeting of the Ville convened for today');
  return meeting.id;
}

/** A browser of its own for `who` at `viewport` (kept in `browsers` to close), what goes wrong in it written to `troubles`. */
export async function newPage(browsers: Map<string, Browser>, troubles: string[], viewport: { width: number; height: number }, who: string): Promise<Page> {
  const browser = await launchBrowser(viewport);
  browsers.set(who, browser);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  recordTroubles(page, troubles, who);
  return page;
}

import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import {
  api as apiOf,
  arreteSignAndPublish,
  expectAccessible,
  expectPublic,
  publishDeliberation,
  said,
  scheduleArrete,
  signDeliberation,
  writeDeliberation,
  writeProcesVerbal,
} from './acts-steps.ts';
import { logIn, viewports } from './browser.ts';
import { useJourney } from './journey.ts';

/**
 * After a séance held with votes (the demo's past séance of the Ville's council, its budget decision voted
 * by public ballot from the tablets), the secretariat writes the délibération of the voted item and
 * finalises it; Claire Martin, président de séance, signs it under « À signer »; the secretariat publishes
 * it, then writes, finalises and (once the next séance has arrêté it and it is signed) publishes the
 * procès-verbal. Without login, the act and the PV are on the public page and the act in the SCDL CSV.
 */
const journey = useJourney('acts', { CARTABLE_DEMO_SEANCES: 'true' });
const slug = 'ville-besancon';
const item = 'Décision modificative n° 2 du budget principal';

let bodyId: string;
let pastId: string;
let todayId: string;
let number: string;

const api = <T>(query: string, variables: Record<string, unknown>, username?: string) =>
  apiOf<T>(journey.server, query, variables, username);

/** The page at phone, tablet and laptop widths, into the e2e artefacts. */
async function screenshots(page: Page, name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await journey.screenshot(`${name}-${device}`);
  }
}

describe('acts of a held séance, from the console to the public page', () => {
  it('the secretariat writes the délibération of a voted item and finalises it', async () => {
    const found = await api<{ body: { id: string; meetings: { id: string; title: string; status: string; startsAt: string }[] } }>(
      `{ body(slug: "${slug}") { id meetings(limit: 200) { id title status startsAt } } }`,
      {},
    );
    bodyId = found.body.id;
    pastId = found.body.meetings.find((meeting) => meeting.title.endsWith('séance passée') && meeting.status === 'HELD')!.id;
    // The demo's séance of the day, convened weeks ago: found by its title, not by today's date (the server may have started the day before).
    todayId = found.body.meetings.find((meeting) => meeting.title.endsWith('séance du jour') && meeting.status === 'CONVENED')!.id;

    const { page } = journey;
    await logIn(page, journey.server.url, 'secretariat.ville', 'Séances');
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${pastId}/actes`);
    number = await writeDeliberation(page, '2', item, '7.1', 'Article 1 : la décision modificative n° 2 du budget principal est adoptée.');
    await screenshots(page, 'meeting-finalised');
  });

  it('the président signs it under « À signer »', async () => {
    await signDeliberation(journey.server, bodyId, pastId, number, item);
  });

  it('the secretariat publishes the act, then writes, finalises and publishes the procès-verbal', async () => {
    const { page } = journey;
    await publishDeliberation(page, number);
    // The procès-verbal; today's séance, already convened, arrête it with its first item.
    await writeProcesVerbal(page, `2. ${item}`);
    await scheduleArrete(page, todayId);
    await arreteSignAndPublish(journey.server, page, bodyId, pastId, todayId);
    await screenshots(page, 'meeting-published');

    // The body-wide list, the registre and the settings.
    await page.goto(`${journey.server.url}/secretariat/${slug}/actes`);
    await page.getByRole('heading', { name: 'Actes', level: 1 }).waitFor();
    await page.getByRole('cell', { name: number }).waitFor();
    await page.getByRole('heading', { name: 'Registre des délibérations (CGCT R2121-9)' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'body');
  });

  it('for a séance not held in Cartable, the secretariat types the vote of a délibération', async () => {
    // The demo's closed séance of thirteen months ago was not held in Cartable: a motion written there.
    const { deliberations } = await api<{ deliberations: { meetingId: string; publishedAt: string | null }[] }>(
      'query ($bodyId: UUID!) { deliberations(bodyId: $bodyId) { meetingId publishedAt } }',
      { bodyId },
    );
    const oldId = deliberations.find((act) => act.publishedAt && act.meetingId !== pastId)!.meetingId;
    const idOf = async (username: string) => (await api<{ me: { id: string } }>('{ me { id } }', {}, username)).me.id;
    await api(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: DeliberationInput!) { createDeliberation(bodyId: $bodyId, meetingId: $meetingId, input: $input) { id } }',
      {
        bodyId,
        meetingId: oldId,
        input: {
          title: 'Motion pour la desserte ferroviaire',
          matiereCode: '9.4',
          dispositif: 'Article unique : le conseil adopte la motion.',
          presidentId: await idOf('claire.martin'),
          secretaryIds: [await idOf('paul.bernard')],
        },
      },
    );
    const { page } = journey;
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${oldId}/actes`);
    await page.getByRole('heading', { name: 'Points sans délibération' }).waitFor();
    const card = page
      .locator('li.fr-card')
      .filter({ has: page.getByRole('heading', { name: 'Projet — Motion pour la desserte ferroviaire' }) });
    const vote = card.getByRole('form', { name: /^Reporter le vote/ });
    for (const [label, value] of [
      ['Membres en exercice', '55'],
      ['Votants', '50'],
      ['Pour', '48'],
      ['Contre', '0'],
      ['Abstentions', '2'],
    ] as const)
      await vote.getByLabel(label, { exact: true }).fill(value);
    await vote.getByRole('button', { name: 'Reporter le vote' }).click();
    await said(page, 'Vote reporté dans la délibération.');
    await card.getByText('Adoptée — Vote : pour 48, contre 0, 2 abstentions — 50 votants sur 55 membres en exercice').waitFor();
    await expectAccessible(page);
  });

  it('without login, the act and the PV are on the public page, and the act in the CSV', async () => {
    await expectPublic(journey.server, slug, number, item, '7.1');
  });
});

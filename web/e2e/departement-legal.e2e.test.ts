import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { artifacts } from './journey.ts';
import { closeAll, keepFailure, newPage } from './seance-fixtures.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * Issue 17 (5): the Département du Doubs's screens cite the département's articles (L3121-x), read from
 * the API, never a commune's (L2121-x, L2131-x, R2121-x): the secretariat's meeting, convocation, séance,
 * acts and members screens, and the official's meeting and « Séance en cours », on the demo's séances
 * (a council meeting held today, a past one, a draft) and its council meeting to come.
 */

let server: RunningServer;
const browsers = new Map<string, Browser>();
const troubles: string[] = [];
let secretariat: Page;
let claire: Page;
const meetings = { today: '', upcoming: '', past: '', draft: '' };
const consoleOf = (meetingId: string, step = '') => `${server.url}/secretariat/departement-doubs/seances/${meetingId}${step}`;

/** Nothing on the page — hidden hints included — cites a commune's article; and axe finds nothing serious. */
async function citesNoCommuneArticle(page: Page) {
  const text = await page.evaluate(() => document.body.textContent ?? '');
  expect(text.match(/[LR]21\d\d[^\s,;)]*/g) ?? []).toEqual([]);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

beforeAll(async () => {
  server = await startServer({ CARTABLE_DEMO_SEANCES: 'true' });
  const token = await server.token('secretariat.doubs');
  const found = await server.graphql<{
    body: { id: string; assemblies: { id: string; kind: string }[]; meetings: { id: string; startsAt: string; status: string }[] };
  }>('{ body(slug: "departement-doubs") { id assemblies { id kind } meetings(limit: 200) { id startsAt status } } }', {}, token);
  const day = (instant: string | Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(instant));
  const all = found.data!.body.meetings;
  meetings.today = all.find((meeting) => meeting.status === 'CONVENED' && day(meeting.startsAt) === day(new Date()))!.id;
  // Answers close when a meeting starts, and today's starts at 18:00: the answer form is checked on a meeting to come.
  meetings.upcoming = all.find((meeting) => meeting.status === 'CONVENED' && day(meeting.startsAt) > day(new Date()))!.id;
  meetings.past = all.find((meeting) => meeting.status === 'HELD' || meeting.status === 'CLOSED')!.id;
  // A draft séance of the council, in six weeks: the réunion panel and the convocation step before the send.
  const { id: bodyId, assemblies } = found.data!.body;
  const draft = await server.graphql<{ createMeeting: { id: string } }>(
    'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
    {
      bodyId,
      input: {
        assemblyId: assemblies.find((assembly) => assembly.kind === 'CONSEIL_DEPARTEMENTAL')!.id,
        title: 'Session de printemps',
        startsAt: new Date(Date.now() + 42 * 86_400_000).toISOString(),
        place: 'Hôtel du Département',
      },
    },
    token,
  );
  meetings.draft = draft.data!.createMeeting.id;
  [secretariat, claire] = await Promise.all([
    newPage(browsers, troubles, { width: 1280, height: 900 }, 'secretariat'),
    newPage(browsers, troubles, { width: 800, height: 1280 }, 'claire'),
  ]);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await keepFailure('departement-legal', context.task.name, { secretariat, claire }, troubles);
});

afterAll(() => closeAll(browsers, server));

describe('a département’s screens cite the département’s articles', () => {
  it('the secretariat’s draft meeting and its convocation: L3121-16 for the réunion, L3121-19 for the urgency', async () => {
    await logIn(secretariat, server.url, 'secretariat.doubs', 'Séances');
    await secretariat.goto(consoleOf(meetings.draft));
    await secretariat
      .getByText('Une délégation de vote vaut pour une réunion, qui peut compter plusieurs séances (CGCT L3121-16).')
      .waitFor();
    await citesNoCommuneArticle(secretariat);

    // No one takes part at a distance in a conseil départemental here: no « budget primitif » box, whose only effect is to exclude it.
    await secretariat.getByRole('button', { name: 'Ajouter un point' }).click();
    await secretariat.getByLabel('Intitulé du point').waitFor();
    expect(await secretariat.getByText('Adoption du budget primitif').count()).toBe(0);
    await citesNoCommuneArticle(secretariat);

    await secretariat.goto(consoleOf(meetings.draft, '/convocation'));
    await secretariat
      .getByText(/le président en rend compte .*\(CGCT L3121-19\)/)
      .first()
      .waitFor();
    await citesNoCommuneArticle(secretariat);
  });

  it('the séance of the day, before and after its opening: secrétaires, délégations, huis clos, ballots', async () => {
    await secretariat.goto(consoleOf(meetings.today, '/convocation'));
    await secretariat.getByRole('heading', { name: 'Convocation', level: 2 }).waitFor();
    await citesNoCommuneArticle(secretariat);

    await secretariat.goto(consoleOf(meetings.today, '/seance'));
    await secretariat.getByRole('heading', { name: 'Ouvrir la séance' }).waitFor();
    await secretariat.getByText('Désigné(s) parmi les membres au début de la séance (CGCT L3121-13).').waitFor();
    await citesNoCommuneArticle(secretariat);

    await secretariat.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await secretariat.getByRole('status').getByText('Séance ouverte.').waitFor();
    await secretariat.getByText('Décidé sans débat, à la majorité absolue des membres présents ou représentés (CGCT L3121-11).').waitFor();

    // A departure: the délégation's rule (one réunion, one per holder), and no « maladie » (no limit of séances to lift).
    await secretariat
      .getByRole('button', { name: /^Départ de / })
      .first()
      .click();
    await secretariat
      .getByText('Une délégation de vote vaut pour une seule réunion ; un même élu ne peut en recevoir qu’une (CGCT L3121-16).')
      .waitFor();
    const holders = secretariat.getByLabel('Pouvoir remis à un membre présent (facultatif)');
    await holders.selectOption({ index: 1 });
    expect(await secretariat.getByText('Maladie dûment constatée').count()).toBe(0);
    await citesNoCommuneArticle(secretariat);
    await secretariat.getByRole('button', { name: 'Annuler', exact: true }).click();

    // The current item and its vote: a public ballot at the request of a sixth (L3121-15), nominations by secret ballot.
    await secretariat.getByRole('button', { name: /^Passer à ce point : 1\. / }).click();
    await secretariat
      .getByText('Un membre intéressé à l’affaire ne prend part ni au débat ni au vote, et n’est pas compté dans ce vote.')
      .waitFor();
    await secretariat
      .getByText('À la demande du sixième des membres présents (CGCT L3121-15) : le vote de chacun est nominatif.')
      .waitFor();
    await secretariat.getByRole('radio', { name: /^Scrutin secret/ }).check({ force: true });
    await secretariat.getByText('Scrutin secret de droit (CGCT L3121-15).').waitFor();
    await citesNoCommuneArticle(secretariat);
    await secretariat.screenshot({ path: path.join(artifacts, 'departement-legal-seance-laptop.png'), fullPage: true });
  });

  it('the acts of the past séance and the members: L3121-13 for the procès-verbal, L3121-24 for the groups, L3121-19 for paper', async () => {
    await secretariat.goto(consoleOf(meetings.past, '/actes'));
    await secretariat.getByText(/^Rédigé par le ou les secrétaires de séance \(CGCT L3121-13\) :/).waitFor();
    await citesNoCommuneArticle(secretariat);

    // The registre's closing sheet is signed by the président, not « le maire ».
    await secretariat.goto(`${server.url}/secretariat/departement-doubs/actes`);
    await secretariat.getByText(/Le président et le ou les secrétaires de séance les signent à la main\.$/).waitFor();
    expect(await secretariat.getByText(/Le maire/).count()).toBe(0);
    await citesNoCommuneArticle(secretariat);

    await secretariat.goto(`${server.url}/secretariat/departement-doubs/membres`);
    await secretariat
      .getByText('Les groupes d’élus de l’organisme (CGCT L3121-24). Un élu appartient à un seul groupe à la fois.')
      .waitFor();
    // A délégation is for one réunion: the règlement intérieur has no limit of séances to set.
    await secretariat.getByRole('heading', { name: 'Règlement intérieur' }).waitFor();
    expect(await secretariat.getByLabel('Séances consécutives couvertes par un même pouvoir').count()).toBe(0);
    await secretariat
      .getByRole('button', { name: /^Convocation papier de / })
      .first()
      .click();
    await secretariat
      .getByText(
        /^À la demande de l’élu, la convocation lui est adressée par écrit, à son domicile ou à une autre adresse \(CGCT L3121-19\)\./,
      )
      .waitFor();
    await citesNoCommuneArticle(secretariat);
  });

  it('the official’s meeting and « Séance en cours »: the délégation’s rule, the item taken up', async () => {
    await logIn(claire, server.url, 'claire.martin');
    await claire.goto(`${server.url}/organismes/departement-doubs/seances/${meetings.upcoming}`);
    await claire.getByRole('radio', { name: 'Absent(e), je donne pouvoir à un(e) collègue' }).check({ force: true });
    await claire
      .getByText('Une délégation de vote vaut pour une seule réunion ; un même élu ne peut en recevoir qu’une (CGCT L3121-16).')
      .waitFor();
    await citesNoCommuneArticle(claire);

    await claire.goto(`${server.url}/organismes/departement-doubs/seances/${meetings.today}/seance-en-cours`);
    await claire.getByRole('heading', { name: 'Séance en cours', level: 1 }).waitFor();
    await claire.locator('#live-item ~ .fr-text--lead').waitFor();
    await citesNoCommuneArticle(claire);
    await claire.screenshot({ path: path.join(artifacts, 'departement-legal-live-tablet.png'), fullPage: true });
  });
});

import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { artifacts } from './journey.ts';
import { closeAll, keepFailure, newPage, startSeanceServer } from './seance-fixtures.ts';
import type { RunningServer } from './server.ts';

/**
 * A whole séance of the Ville's council, held today in the demo, from three browsers at once: the
 * secretariat on a laptop, Claire Martin on a tablet (she holds Thomas Vidal's pouvoir, announced in
 * the demo) and Paul Bernard on a phone (he comes late). Opening and quorum, an arrival, a departure handing a pouvoir, a public vote on the
 * tablets, a secret ballot, a tie broken by the président, the network lost on a tablet, closing.
 */

const viewports = {
  laptop: { width: 1280, height: 900 },
  tablet: { width: 800, height: 1280 },
  phone: { width: 390, height: 844 },
};

let server: RunningServer;
const browsers = new Map<string, Browser>();
let secretariat: Page;
let claire: Page;
let paul: Page;
let meetingId: string;
let consoleUrl: string;
let liveUrl: string;

/** The page at each size, into the e2e artefacts (`seance-<name>-<device>.png`), then back to its own size. */
async function screenshots(page: Page, name: string) {
  const own = page.viewportSize();
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(artifacts, `seance-${name}-${device}.png`), fullPage: true });
  }
  if (own) await page.setViewportSize(own);
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** What went wrong in the browsers (console errors, API errors), written beside the screenshots of a failed step. */
const troubles: string[] = [];

/** The console's status line says what the last action did. */
const said = (text: string | RegExp) => secretariat.getByRole('status').getByText(text).waitFor();

/** The presence table's row of a member. */
const presenceRow = (name: string) =>
  secretariat.locator('#seance-presence ~ .fr-table tbody tr').filter({ has: secretariat.getByRole('rowheader', { name }) });

beforeAll(async () => {
  ({ server, meetingId } = await startSeanceServer());
  consoleUrl = `${server.url}/secretariat/ville-besancon/seances/${meetingId}/seance`;
  liveUrl = `${server.url}/organismes/ville-besancon/seances/${meetingId}/seance-en-cours`;
  [secretariat, claire, paul] = await Promise.all([
    newPage(browsers, troubles, viewports.laptop, 'secretariat'),
    newPage(browsers, troubles, viewports.tablet, 'claire'),
    newPage(browsers, troubles, viewports.phone, 'paul'),
  ]);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await keepFailure('seance', context.task.name, { secretariat, claire, paul }, troubles);
});

afterAll(() => closeAll(browsers, server));

describe('a séance of the Ville’s council, from the secretariat’s console and two officials’ tablets', () => {
  it('the officials wait on « Séance en cours », reached from the meeting of the day', async () => {
    await logIn(claire, server.url, 'claire.martin');
    await claire.goto(`${server.url}/organismes/ville-besancon/seances/${meetingId}`);
    await claire.getByRole('link', { name: 'Suivre la séance en cours' }).click();
    await claire.getByRole('heading', { name: 'Séance en cours', level: 1 }).waitFor();
    await claire.getByText('La séance n’est pas ouverte : cette page la suivra dès son ouverture.').waitFor();
    await claire.getByText('En direct').waitFor();
    await expectAccessible(claire);
    await screenshots(claire, 'official-waiting');

    await logIn(paul, server.url, 'paul.bernard');
    await paul.goto(liveUrl);
    await paul.getByText('La séance n’est pas ouverte : cette page la suivra dès son ouverture.').waitFor();
  });

  it('the secretariat opens the séance with the members present and a secrétaire; the quorum is reached', async () => {
    await logIn(secretariat, server.url, 'secretariat.ville', 'Séances');
    await secretariat.goto(consoleUrl);
    await secretariat.getByRole('heading', { name: 'La séance', level: 2 }).waitFor();
    await secretariat.getByRole('heading', { name: 'Ouvrir la séance' }).waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-opening');

    const present = secretariat.getByRole('group', { name: /Membres présents à l’ouverture/ });
    // Ticked from the answers: everyone but Thomas Vidal, who gave his pouvoir. Paul Bernard is not there yet.
    for (const name of ['Anne Vignot', 'Claire Martin', 'Paul Bernard', 'Nadia Haddad'])
      expect(await present.getByLabel(name).isChecked()).toBe(true);
    expect(await present.getByLabel('Thomas Vidal').isChecked()).toBe(false);
    await present.getByRole('checkbox', { name: 'Paul Bernard' }).uncheck({ force: true });
    await secretariat
      .getByRole('group', { name: /Secrétaire\(s\) de séance/ })
      .getByRole('checkbox', { name: 'Nadia Haddad' })
      .check({ force: true });
    await secretariat.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await said('Séance ouverte.');
    await secretariat.getByRole('heading', { name: 'Quorum atteint' }).waitFor();
    await secretariat.getByText('7 membres comptés pour 5 requis.').waitFor();
    await secretariat.getByText('Secrétaire(s) de séance : Nadia Haddad').waitFor();
    // Thomas Vidal's pouvoir, announced, is in force: Claire Martin is in the room.
    await presenceRow('Thomas Vidal').getByText('Représenté(e) par Claire Martin').waitFor();
    await presenceRow('Claire Martin')
      .getByText(/Détient le pouvoir de Thomas Vidal/)
      .waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-open');

    // The tablets follow, live.
    await claire.getByText('Aucun point n’est en cours d’examen.').waitFor();
    await paul.getByText('Aucun point n’est en cours d’examen.').waitFor();
  });

  it('records an arrival, then a departure that hands a pouvoir to a member present', async () => {
    // Paul Bernard comes late.
    await secretariat.getByRole('button', { name: 'Arrivée de Paul Bernard' }).click();
    await expectAccessible(secretariat);
    await secretariat.getByRole('button', { name: 'Enregistrer l’arrivée', exact: true }).click();
    await said(/^Arrivée de Paul Bernard enregistrée à \d{2}:\d{2}\.$/);
    await presenceRow('Paul Bernard')
      .getByText(/^Présent\(e\) depuis \d{2}:\d{2}/)
      .waitFor();
    await secretariat.getByText('8 membres comptés pour 5 requis.').waitFor();

    // Jean-Marc Girard leaves and hands his pouvoir to Sophie Lambert (Claire Martin holds one already).
    await secretariat.getByRole('button', { name: 'Départ de Jean-Marc Girard' }).click();
    const holders = await secretariat.getByLabel('Pouvoir remis à un membre présent (facultatif)').locator('option').allTextContents();
    expect(holders).not.toContain('Claire Martin');
    await secretariat.getByLabel('Pouvoir remis à un membre présent (facultatif)').selectOption({ label: 'Sophie Lambert' });
    await expectAccessible(secretariat);
    await secretariat.getByRole('button', { name: 'Enregistrer le départ', exact: true }).click();
    await said(/^Départ de Jean-Marc Girard enregistré à \d{2}:\d{2}\.$/);
    await presenceRow('Jean-Marc Girard').getByText('Représenté(e) par Sophie Lambert').waitFor();
    await presenceRow('Sophie Lambert')
      .getByText(/Détient le pouvoir de Jean-Marc Girard/)
      .waitFor();
    await secretariat.getByText('7 membres comptés pour 5 requis.').waitFor();
  });

  it('takes up item 1: every tablet shows it with its documents', async () => {
    await secretariat.getByRole('button', { name: /^Passer à ce point : 1\. / }).click();
    await said('Le point 1 est en cours : les tablettes des élus le suivent.');
    const title = (await secretariat.locator('#seance-current ~ .fr-text--lead').textContent())!.trim();
    await claire.getByText(title).waitFor();
    await paul.getByText(title).waitFor();
    expect(await claire.locator('.cartable-documents a').count()).toBeGreaterThan(0);
    await expectAccessible(claire);
    await screenshots(claire, 'official-current-item');
  });

  it('holds a public vote on the tablets: Claire Martin votes for herself and for Thomas Vidal; the count arrives; names in the result', async () => {
    await secretariat.getByRole('radio', { name: /^Scrutin public/ }).check({ force: true });
    const requesters = secretariat.getByRole('group', { name: /Membres présents qui demandent ce scrutin/ });
    await requesters.getByText('Claire Martin', { exact: true }).click();
    await requesters.getByText('Paul Bernard', { exact: true }).click();
    expect(await secretariat.getByLabel('Vote sur les tablettes des élus').isChecked()).toBe(true);
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 1.');
    await secretariat.getByText('0 vote reçu sur 9').waitFor();

    await claire.getByRole('heading', { name: 'Vote en cours' }).waitFor();
    await claire.getByText('Votre vote est nominatif : il figurera au procès-verbal.').waitFor();
    await expectAccessible(claire);
    await screenshots(claire, 'official-public-vote');
    await claire.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await claire.getByText('Vote enregistré : Pour.').waitFor();
    await claire.getByRole('button', { name: 'Contre — Pour Thomas Vidal (pouvoir)' }).click();
    await claire.getByText('Vote enregistré : Contre.').waitFor();
    await paul.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await paul.getByText('Vote enregistré : Pour.').waitFor();
    await expectAccessible(paul);
    await screenshots(paul, 'official-ballot-cast');

    await secretariat.getByText('3 votes reçus sur 9').waitFor();
    await secretariat.getByText('Pour : 2 — contre : 1 — abstentions : 0').waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-public-vote');
    await secretariat.getByRole('button', { name: 'Clore le vote' }).click();
    await said('Vote clos : adopté.');
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Adopté').waitFor();
    await result.getByText('Pour : Claire Martin, Paul Bernard').waitFor();
    await result.getByText('Contre : Thomas Vidal').waitFor();
    await claire.locator('.cartable-vote-result').getByText('Adopté').waitFor();
  });

  it('holds a secret ballot for a nomination: the tablets say it is secret; only totals come back', async () => {
    await secretariat.getByRole('button', { name: /^Passer à ce point : 4\. / }).click();
    await said('Le point 4 est en cours : les tablettes des élus le suivent.');
    await secretariat.getByRole('radio', { name: /^Scrutin secret/ }).check({ force: true });
    await secretariat.getByRole('checkbox', { name: /^Nomination ou présentation/ }).check({ force: true });
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 4.');

    await claire.getByText('Scrutin secret', { exact: true }).waitFor();
    await claire
      .getByText('Votre choix n’est conservé avec votre nom nulle part : seul le fait que vous avez voté est enregistré.')
      .waitFor();
    await expectAccessible(claire);
    await screenshots(claire, 'official-secret-vote');
    await claire.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await claire.getByRole('button', { name: 'Blanc — Pour Thomas Vidal (pouvoir)' }).click();
    await paul.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await paul.getByText('A voté. Votre bulletin est enregistré, sans lien avec votre nom.').waitFor();
    await expect.poll(() => claire.getByText('A voté. Votre bulletin est enregistré, sans lien avec votre nom.').count()).toBe(2);

    await secretariat.getByText('3 votes reçus sur 9').waitFor();
    await secretariat.getByText('Scrutin secret : seuls la participation et les totaux sont connus, jamais le choix de chacun.').waitFor();
    await expectAccessible(secretariat);
    // Whoever conducts the séance — the président on a tablet, here the secretariat — sees the count there and closes the vote.
    const desk = await browsers.get('secretariat')!.context.newPage();
    await desk.goto(liveUrl);
    const count = desk.getByRole('region', { name: 'Décompte (président et secrétariat)' });
    await count.getByText('3 votes reçus sur 9').waitFor();
    expect(await count.getByText(/^Pour : \d/).count()).toBe(0);
    await expectAccessible(desk);
    await screenshots(desk, 'president-count');
    await desk.getByRole('button', { name: 'Clore le vote' }).click();
    await desk.getByRole('status').getByText('Vote clos : adopté.').waitFor();
    await desk.close();
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Pour : 2 — contre : 0 — bulletins blancs : 1 — nuls : 0 (2 suffrages exprimés)').waitFor();
    expect(await result.locator('li').count()).toBe(0);
  });

  it('a tablet that loses the network says so in French, and catches up when it is back', async () => {
    const paulBrowser = browsers.get('paul')!;
    await paulBrowser.context.setOffline(true);
    await paul.getByText(/^Connexion perdue : votre tablette ne reçoit plus la séance\./).waitFor();
    await expectAccessible(paul);
    await screenshots(paul, 'official-offline');
    // Meanwhile the séance goes on: item 3.
    await secretariat.getByRole('button', { name: /^Passer à ce point : 3\. / }).click();
    await said('Le point 3 est en cours : les tablettes des élus le suivent.');
    await paulBrowser.context.setOffline(false);
    const title = (await secretariat.locator('#seance-current ~ .fr-text--lead').textContent())!.trim();
    await paul.getByText(title).waitFor();
    await paul.getByText('En direct').waitFor();
  });

  it('adjourns item 2; on item 3 a member declares an interest and steps out of its vote', async () => {
    await secretariat.getByRole('button', { name: /^Passer à ce point : 2\. / }).click();
    await said('Le point 2 est en cours : les tablettes des élus le suivent.');
    await secretariat.getByRole('button', { name: 'Ajourner le point' }).click();
    await said('Point 2 ajourné.');
    await secretariat.locator('.cartable-seance-items > li').nth(1).getByText('Ajourné').waitFor();

    await secretariat.getByRole('button', { name: /^Passer à ce point : 3\. / }).click();
    await said('Le point 3 est en cours : les tablettes des élus le suivent.');
    await secretariat.getByLabel('Membre qui se déclare intéressé').selectOption({ label: 'Karim Benali' });
    await secretariat.getByRole('button', { name: 'Enregistrer la déclaration' }).click();
    await said('Karim Benali ne prend pas part au vote de ce point.');
    await secretariat.getByText('Karim Benali — ne prend pas part au vote').waitFor();
  });

  it('votes item 3 by show of hands: a tie, broken by the président’s voix prépondérante', async () => {
    await secretariat.getByRole('radio', { name: /^À main levée/ }).check({ force: true });
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 3.');
    await paul.getByText('Ce vote a lieu dans la salle : levez la main, le secrétariat compte les voix.').waitFor();
    // Nine votes in the room, Karim Benali's aside: eight.
    await secretariat.getByText('8 votants (membres présents et pouvoirs, sans les membres intéressés)').waitFor();
    await secretariat.getByLabel('Pour', { exact: true }).fill('4');
    await secretariat.getByLabel('Contre', { exact: true }).fill('5');
    await secretariat.getByText('9 votes saisis pour 8 votants : corrigez les totaux.').waitFor();
    expect(await secretariat.getByRole('button', { name: 'Enregistrer les totaux et clore le vote' }).isDisabled()).toBe(true);
    await secretariat.getByLabel('Contre', { exact: true }).fill('4');
    await secretariat.getByText('Ne prennent pas part : 0').waitFor();
    const casting = secretariat.getByRole('group', { name: /Sens du vote du président/ });
    await casting.getByRole('radio', { name: 'Pour' }).check({ force: true });
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-totals');
    await secretariat.getByRole('button', { name: 'Enregistrer les totaux et clore le vote' }).click();
    await said('Vote clos : adopté.');
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Égalité des voix : la voix du président est prépondérante (CGCT L2121-20).').waitFor();
    await result.getByText('Pour : 4 — contre : 4 — abstentions : 0 (8 suffrages exprimés)').waitFor();
    await paul.locator('.cartable-vote-result').getByText('Adopté').waitFor();
  });

  it('records the huis clos, suspends and resumes the séance; the tablets show each', async () => {
    await secretariat.getByRole('button', { name: 'Décider le huis clos' }).click();
    await said('Huis clos enregistré.');
    await claire.getByText('Huis clos', { exact: true }).waitFor();
    await secretariat.getByRole('button', { name: 'Reprendre en séance publique' }).click();
    await said('La séance est de nouveau publique.');
    await secretariat.getByRole('button', { name: 'Suspendre la séance' }).click();
    await said(/^Séance suspendue à \d{2}:\d{2}\.$/);
    await claire.getByText('La séance est suspendue.').waitFor();
    await expectAccessible(claire);
    await secretariat.getByRole('button', { name: 'Reprendre la séance' }).click();
    await said(/^Séance reprise à \d{2}:\d{2}\.$/);
    await expect.poll(() => claire.getByText('La séance est suspendue.').count()).toBe(0);
  });

  it('closes the séance; the tablets say so', async () => {
    await secretariat.getByRole('button', { name: 'Clore la séance' }).click();
    await secretariat.getByRole('button', { name: 'Confirmer la clôture' }).click();
    await said(/^Séance close à \d{2}:\d{2}\.$/);
    await secretariat.getByText('Séance close', { exact: true }).waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-closed');
    await claire.getByText('La séance est close.').waitFor();
    await expectAccessible(claire);
    await screenshots(claire, 'official-closed');
  });
});

import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { artifacts } from './journey.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * A whole séance of the Ville's council, held today in the demo, from three browsers at once: the
 * secretariat on a laptop, Sophie Lambert on a tablet (she holds Paul Bernard's pouvoir) and Karim
 * Benali on a phone. Opening and quorum, an arrival, a departure handing a pouvoir, a public vote on the
 * tablets, a secret ballot, a tie broken by the président, the network lost on a tablet, closing.
 */

const viewports = {
  laptop: { width: 1280, height: 900 },
  tablet: { width: 800, height: 1280 },
  phone: { width: 390, height: 844 },
};

let server: RunningServer;
const browsers: Browser[] = [];
let secretariat: Page;
let sophie: Page;
let karim: Page;
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

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const browser = await launchBrowser(viewport);
  browsers.push(browser);
  return browser.context.pages()[0] ?? (await browser.context.newPage());
}

/** The console's status line says what the last action did. */
const said = (text: string | RegExp) => secretariat.getByRole('status').getByText(text).waitFor();

/** The meeting of the Ville's council held today (Paris time), as the demo provides it. */
async function meetingHeldToday(): Promise<string> {
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

/** The presence table's row of a member. */
const presenceRow = (name: string) => secretariat.locator('#seance-presence ~ .fr-table tbody tr').filter({ has: secretariat.getByRole('rowheader', { name }) });

beforeAll(async () => {
  await access(chromiumPath).catch(() => {
    throw new Error(`No Chromium at ${chromiumPath}: run bash scripts/e2e/install-chromium.sh`);
  });
  await mkdir(artifacts, { recursive: true });
  server = await startServer();
  meetingId = await meetingHeldToday();
  consoleUrl = `${server.url}/secretariat/ville-besancon/seances/${meetingId}/seance`;
  liveUrl = `${server.url}/organismes/ville-besancon/seances/${meetingId}/seance-en-cours`;
  [secretariat, sophie, karim] = await Promise.all([newPage(viewports.laptop), newPage(viewports.tablet), newPage(viewports.phone)]);
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  await server?.stop();
});

describe('a séance of the Ville’s council, from the secretariat’s console and two officials’ tablets', () => {
  it('the officials wait on « Séance en cours », reached from the meeting of the day', async () => {
    await logIn(sophie, server.url, 'sophie.lambert');
    await sophie.goto(`${server.url}/organismes/ville-besancon/seances/${meetingId}`);
    await sophie.getByRole('link', { name: 'Suivre la séance en cours' }).click();
    await sophie.getByRole('heading', { name: 'Séance en cours', level: 1 }).waitFor();
    await sophie.getByText('La séance n’est pas ouverte : cette page la suivra dès son ouverture.').waitFor();
    await sophie.getByText('En direct').waitFor();
    await expectAccessible(sophie);
    await screenshots(sophie, 'official-waiting');

    await logIn(karim, server.url, 'karim.benali');
    await karim.goto(liveUrl);
    await karim.getByText('La séance n’est pas ouverte : cette page la suivra dès son ouverture.').waitFor();
  });

  it('the secretariat opens the séance with the members present and a secrétaire; the quorum is reached', async () => {
    await logIn(secretariat, server.url, 'secretariat.ville', 'Séances');
    await secretariat.goto(consoleUrl);
    await secretariat.getByRole('heading', { name: 'La séance', level: 2 }).waitFor();
    await secretariat.getByRole('heading', { name: 'Ouvrir la séance' }).waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-opening');

    const present = secretariat.getByRole('group', { name: /Membres présents à l’ouverture/ });
    // Announced present: ticked already. Thomas Vidal, Claire Martin and Nadia Haddad came without answering.
    for (const name of ['Anne Vignot', 'Sophie Lambert', 'Karim Benali']) expect(await present.getByLabel(name).isChecked()).toBe(true);
    expect(await present.getByLabel('Jean-Marc Girard').isChecked()).toBe(false);
    for (const name of ['Claire Martin', 'Nadia Haddad', 'Thomas Vidal']) await present.getByText(name, { exact: true }).click();
    await secretariat.getByRole('group', { name: /Secrétaire\(s\) de séance/ }).getByText('Claire Martin', { exact: true }).click();
    await secretariat.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await said('Séance ouverte.');
    await secretariat.getByRole('heading', { name: 'Quorum atteint' }).waitFor();
    await secretariat.getByText('6 membres comptés pour 5 requis.').waitFor();
    await secretariat.getByText('Secrétaire(s) de séance : Claire Martin').waitFor();
    // Paul Bernard's pouvoir, announced, is in force: Sophie Lambert is in the room.
    await presenceRow('Paul Bernard').getByText('Représenté(e) par Sophie Lambert').waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-open');

    // The tablets follow, live.
    await sophie.getByText('Aucun point n’est en cours d’examen.').waitFor();
    await karim.getByText('Aucun point n’est en cours d’examen.').waitFor();
  });

  it('records an arrival, then a departure that hands a pouvoir to a member present', async () => {
    await secretariat.getByRole('button', { name: 'Enregistrer l’arrivée de Jean-Marc Girard' }).click();
    await secretariat.getByRole('button', { name: 'Enregistrer l’arrivée' }).click();
    await said(/^Arrivée de Jean-Marc Girard enregistrée à \d{2}:\d{2}\.$/);
    await presenceRow('Jean-Marc Girard').getByText(/^Présent\(e\) depuis \d{2}:\d{2}/).waitFor();
    await secretariat.getByText('7 membres comptés pour 5 requis.').waitFor();

    await secretariat.getByRole('button', { name: 'Enregistrer le départ de Thomas Vidal' }).click();
    await secretariat.getByLabel('Pouvoir remis à un membre présent (facultatif)').selectOption({ label: 'Claire Martin' });
    await expectAccessible(secretariat);
    await secretariat.getByRole('button', { name: 'Enregistrer le départ' }).click();
    await said(/^Départ de Thomas Vidal enregistré à \d{2}:\d{2}\.$/);
    await presenceRow('Thomas Vidal').getByText('Représenté(e) par Claire Martin').waitFor();
    await presenceRow('Claire Martin').getByText(/Détient le pouvoir de Thomas Vidal/).waitFor();
    await secretariat.getByText('6 membres comptés pour 5 requis.').waitFor();
  });

  it('takes up item 1: every tablet shows it with its documents', async () => {
    await secretariat.getByRole('button', { name: /^Passer au point 1 « / }).click();
    await said('Le point 1 est en cours : les tablettes des élus le suivent.');
    const title = (await secretariat.locator('#seance-current ~ .fr-text--lead').textContent())!.trim();
    await sophie.getByText(title).waitFor();
    await karim.getByText(title).waitFor();
    expect(await sophie.locator('.cartable-documents a').count()).toBeGreaterThan(0);
    await expectAccessible(sophie);
    await screenshots(sophie, 'official-current-item');
  });

  it('holds a public vote on the tablets: Sophie Lambert votes for herself and for Paul Bernard; the count arrives; names in the result', async () => {
    await secretariat.getByText('Scrutin public (par nom)').click();
    const requesters = secretariat.getByRole('group', { name: /Membres présents qui demandent ce scrutin/ });
    await requesters.getByText('Sophie Lambert', { exact: true }).click();
    await requesters.getByText('Karim Benali', { exact: true }).click();
    expect(await secretariat.getByLabel('Vote sur les tablettes des élus').isChecked()).toBe(true);
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 1.');
    await secretariat.getByText('0 vote reçu sur 8').waitFor();

    await sophie.getByRole('heading', { name: 'Vote en cours' }).waitFor();
    await sophie.getByText('Votre vote est nominatif : il figurera au procès-verbal.').waitFor();
    await expectAccessible(sophie);
    await screenshots(sophie, 'official-public-vote');
    await sophie.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await sophie.getByText('Vote enregistré : Pour.').waitFor();
    await sophie.getByRole('button', { name: 'Contre — Pour Paul Bernard (pouvoir)' }).click();
    await sophie.getByText('Vote enregistré : Contre.').waitFor();
    await karim.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await karim.getByText('Vote enregistré : Pour.').waitFor();
    await expectAccessible(karim);
    await screenshots(karim, 'official-ballot-cast');

    await secretariat.getByText('3 votes reçus sur 8').waitFor();
    await secretariat.getByText('Pour : 2 — contre : 1 — abstentions : 0').waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-public-vote');
    await secretariat.getByRole('button', { name: 'Clore le vote' }).click();
    await said('Vote clos : adopté.');
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Adopté').waitFor();
    await result.getByText('Pour : Karim Benali, Sophie Lambert').waitFor();
    await result.getByText('Contre : Paul Bernard').waitFor();
    await sophie.locator('.cartable-vote-result').getByText('Adopté').waitFor();
  });

  it('holds a secret ballot for a nomination: the tablets say it is secret; only totals come back', async () => {
    await secretariat.getByRole('button', { name: /^Passer au point 5 « / }).click();
    await said('Le point 5 est en cours : les tablettes des élus le suivent.');
    await secretariat.getByText('Scrutin secret', { exact: true }).click();
    await secretariat.getByText('Nomination ou présentation').click();
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 5.');

    await sophie.getByText('Scrutin secret', { exact: true }).waitFor();
    await sophie.getByText('Votre choix n’est conservé avec votre nom nulle part : seul le fait que vous avez voté est enregistré.').waitFor();
    await expectAccessible(sophie);
    await screenshots(sophie, 'official-secret-vote');
    await sophie.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await sophie.getByRole('button', { name: 'Blanc — Pour Paul Bernard (pouvoir)' }).click();
    await karim.getByRole('button', { name: 'Pour — Mon vote' }).click();
    await karim.getByText('A voté. Votre bulletin est enregistré, sans lien avec votre nom.').waitFor();
    expect(await sophie.getByText('A voté. Votre bulletin est enregistré, sans lien avec votre nom.').count()).toBe(2);

    await secretariat.getByText('3 votes reçus sur 8').waitFor();
    await secretariat.getByText('Scrutin secret : seuls la participation et les totaux sont connus, jamais le choix de chacun.').waitFor();
    await expectAccessible(secretariat);
    await secretariat.getByRole('button', { name: 'Clore le vote' }).click();
    await said('Vote clos : adopté.');
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Pour : 2 — contre : 0 — bulletins blancs : 1 — nuls : 0 (2 suffrages exprimés)').waitFor();
    expect(await result.locator('li').count()).toBe(0);
  });

  it('a tablet that loses the network says so in French, and catches up when it is back', async () => {
    const karimBrowser = browsers[2]!;
    await karimBrowser.context.setOffline(true);
    await karim.getByText(/^Connexion perdue : votre tablette ne reçoit plus la séance\./).waitFor();
    await expectAccessible(karim);
    await screenshots(karim, 'official-offline');
    // Meanwhile the séance goes on: item 3.
    await secretariat.getByRole('button', { name: /^Passer au point 3 « / }).click();
    await said('Le point 3 est en cours : les tablettes des élus le suivent.');
    await karimBrowser.context.setOffline(false);
    const title = (await secretariat.locator('#seance-current ~ .fr-text--lead').textContent())!.trim();
    await karim.getByText(title).waitFor();
    await karim.getByText('En direct').waitFor();
  });

  it('votes item 3 by show of hands: a tie, broken by the président’s voix prépondérante', async () => {
    await secretariat.getByText('À main levée').click();
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 3.');
    await karim.getByText('Ce vote a lieu dans la salle : levez la main, le secrétariat compte les voix.').waitFor();
    await secretariat.getByLabel('Pour', { exact: true }).fill('3');
    await secretariat.getByLabel('Contre', { exact: true }).fill('3');
    await secretariat.getByLabel('Abstentions', { exact: true }).fill('2');
    await secretariat.getByText('Ne prennent pas part : 0').waitFor();
    const casting = secretariat.getByRole('group', { name: /Sens du vote du président/ });
    await casting.getByText('Pour', { exact: true }).click();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-totals');
    await secretariat.getByRole('button', { name: 'Enregistrer les totaux et clore le vote' }).click();
    await said('Vote clos : adopté.');
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Égalité des voix : la voix du président est prépondérante (CGCT L2121-20).').waitFor();
    await result.getByText('Pour : 3 — contre : 3 — abstentions : 2 (6 suffrages exprimés)').waitFor();
    await karim.locator('.cartable-vote-result').getByText('Adopté').waitFor();
  });

  it('closes the séance; the tablets say so', async () => {
    await secretariat.getByRole('button', { name: 'Clore la séance' }).click();
    await secretariat.getByRole('button', { name: 'Confirmer la clôture' }).click();
    await said(/^Séance close à \d{2}:\d{2}\.$/);
    await secretariat.getByText('Séance close', { exact: true }).waitFor();
    await expectAccessible(secretariat);
    await screenshots(secretariat, 'console-closed');
    await sophie.getByText('La séance est close.').waitFor();
    await expectAccessible(sophie);
    await screenshots(sophie, 'official-closed');
  });
});

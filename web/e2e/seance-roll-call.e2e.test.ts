import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { artifacts } from './journey.ts';
import { closeAll, keepFailure, newPage, startSeanceServer } from './seance-fixtures.ts';
import type { RunningServer } from './server.ts';

/**
 * A scrutin public by appel nominal (CGCT L2121-21) while the tablets are down: the secretariat, on a
 * laptop, enters each member's vote — the pouvoirs held included — and closes the vote; Claire Martin's
 * tablet, cut off during the vote, catches up and reads who voted what once the vote is closed.
 */

const laptop = { width: 1280, height: 900 };
const tablet = { width: 800, height: 1280 };

let server: RunningServer;
const browsers = new Map<string, Browser>();
let secretariat: Page;
let claire: Page;
let meetingId: string;
const troubles: string[] = [];

const said = (text: string | RegExp) => secretariat.getByRole('status').getByText(text).waitFor();

beforeAll(async () => {
  ({ server, meetingId } = await startSeanceServer());
  [secretariat, claire] = await Promise.all([
    newPage(browsers, troubles, laptop, 'secretariat'),
    newPage(browsers, troubles, tablet, 'claire'),
  ]);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await keepFailure('seance-roll-call', context.task.name, { secretariat, claire }, troubles);
});

afterAll(() => closeAll(browsers, server));

describe('a public vote by roll call, entered by the secretariat when the tablets are down', () => {
  it('opens the séance; Claire Martin follows it on her tablet', async () => {
    await logIn(claire, server.url, 'claire.martin');
    await claire.goto(`${server.url}/organismes/ville-besancon/seances/${meetingId}/seance-en-cours`);
    await claire.getByText('En direct').waitFor();

    await logIn(secretariat, server.url, 'secretariat.ville', 'Séances');
    await secretariat.goto(`${server.url}/secretariat/ville-besancon/seances/${meetingId}/seance`);
    await secretariat.getByRole('heading', { name: 'Ouvrir la séance' }).waitFor();
    // Everyone answered present but Thomas Vidal, whose pouvoir Claire Martin holds.
    await secretariat.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await said('Séance ouverte.');
    await secretariat.getByRole('button', { name: /^Passer à ce point : 1\. / }).click();
    await said('Le point 1 est en cours : les tablettes des élus le suivent.');
    const title = (await secretariat.locator('#seance-current ~ .fr-text--lead').textContent())!.trim();
    await claire.getByText(title).waitFor();
  });

  it('opens a scrutin public off the tablets: the console calls the roll, pouvoirs included', async () => {
    // The network of the room fails: Claire Martin's tablet is cut off.
    await browsers.get('claire')!.context.setOffline(true);
    await claire.getByText(/^Connexion perdue : votre tablette ne reçoit plus la séance\./).waitFor();

    await secretariat.getByRole('radio', { name: /^Scrutin public/ }).check({ force: true });
    const requesters = secretariat.getByRole('group', { name: /Membres présents qui demandent ce scrutin/ });
    await requesters.getByText('Claire Martin', { exact: true }).click();
    await requesters.getByText('Paul Bernard', { exact: true }).click();
    await secretariat.getByLabel('Vote sur les tablettes des élus').uncheck({ force: true });
    await secretariat.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said('Vote ouvert sur le point 1.');
    const rollCall = secretariat.getByRole('table', { name: 'Vote de chaque membre présent et des pouvoirs détenus' });
    await rollCall.waitFor();
    // Eight members in the room and Thomas Vidal's pouvoir, held by Claire Martin.
    expect(await rollCall.locator('tbody tr').count()).toBe(9);
    await rollCall
      .getByRole('rowheader', { name: /^Thomas Vidal/ })
      .getByText('pouvoir détenu par Claire Martin')
      .waitFor();
    expect(await seriousAccessibilityViolations(secretariat)).toEqual([]);
    await secretariat.screenshot({ path: path.join(artifacts, 'seance-roll-call-console-laptop.png'), fullPage: true });
  });

  it('enters each member’s vote as called, then closes the vote: who did not answer takes no part', async () => {
    const votes: [string, string][] = [
      ['Anne Vignot', 'Pour'],
      ['Claire Martin', 'Pour'],
      ['Thomas Vidal', 'Contre'],
      ['Paul Bernard', 'Pour'],
      ['Nadia Haddad', 'Abstention'],
      ['Sophie Lambert', 'Contre'],
      ['Jean-Marc Girard', 'Pour'],
      ['Élodie Roussel', 'Pour'],
    ];
    for (const [name, choice] of votes) {
      await secretariat.getByLabel(`Vote de ${name}`).selectOption({ label: choice });
      await said(`Vote de ${name} : ${choice}.`);
    }
    await secretariat.getByText('8 votes reçus sur 9').waitFor();
    // Karim Benali does not answer the call.
    await expect.poll(() => secretariat.getByLabel('Vote de Karim Benali').count()).toBe(1);
    await secretariat.getByRole('button', { name: 'Clore le vote' }).click();
    await said('Vote clos : adopté.');
    const result = secretariat.locator('.cartable-vote-result').first();
    await result.getByText('Pour : 5 — contre : 2 — abstentions : 1 (7 suffrages exprimés)').waitFor();
    await result.getByText('Pour : Anne Vignot, Claire Martin, Élodie Roussel, Jean-Marc Girard, Paul Bernard').waitFor();
    await result.getByText('Contre : Sophie Lambert, Thomas Vidal').waitFor();
    await result.getByText('Abstention : Nadia Haddad').waitFor();
    expect(await seriousAccessibilityViolations(secretariat)).toEqual([]);
  });

  it('Claire Martin’s tablet, back online, catches up and reads who voted what', async () => {
    await browsers.get('claire')!.context.setOffline(false);
    await claire.getByText('En direct').waitFor();
    const result = claire.locator('.cartable-vote-result');
    await result.getByText('Adopté').waitFor();
    await result.getByText('Pour : Anne Vignot, Claire Martin, Élodie Roussel, Jean-Marc Girard, Paul Bernard').waitFor();
    await result.getByText('Contre : Sophie Lambert, Thomas Vidal').waitFor();
    expect(await seriousAccessibilityViolations(claire)).toEqual([]);
    await claire.screenshot({ path: path.join(artifacts, 'seance-roll-call-official-tablet.png'), fullPage: true });
  });
});

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, seriousAccessibilityViolations, viewports, type Browser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/** Screenshots of the screens, for people to look at (git-ignored). */
const artifacts = fileURLToPath(new URL('../e2e-artifacts/', import.meta.url));

let server: RunningServer;
let browser: Browser;
let page: Page;
let bodyId: string;
let projetId: string;

/** Axe-clean, and a screenshot, at each width. */
async function checkScreen(on: Page, name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await on.setViewportSize(size);
    expect(await seriousAccessibilityViolations(on), `${name} on a ${device}`).toEqual([]);
    await on.screenshot({ path: path.join(artifacts, `${name}-${device}.png`), fullPage: device !== 'laptop' });
  }
  await on.setViewportSize(viewports.laptop);
}

/** A decision taken through the API by `username`, as another validator's own app would. */
async function decide(username: string, decision: 'APPROVE' | 'SEND_BACK', version: number, step: number, comment?: string) {
  const result = await server.graphql<{ decideOnProjet: { status: string } }>(
    'mutation ($bodyId: ID!, $id: ID!, $input: CircuitDecisionInput!) { decideOnProjet(bodyId: $bodyId, id: $id, input: $input) { status } }',
    { bodyId, id: projetId, input: { decision, version, step, comment: comment ?? null } },
    await server.token(username),
  );
  expect(result.errors).toBeUndefined();
}

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const token = await server.token('secretariat.ville');
  const ville = await server.graphql<{ body: { id: string; assemblies: { id: string; kind: string }[] } }>('{ body(slug: "ville-besancon") { id assemblies { id kind } } }', {}, token);
  bodyId = ville.data!.body.id;
  // A séance in preparation, a month from now, for the approved projet.
  const assemblyId = ville.data!.body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!.id;
  const created = await server.graphql(
    'mutation ($bodyId: ID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
    { bodyId, input: { assemblyId, title: 'Conseil municipal de printemps', startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), place: 'Hôtel de Ville' } },
    token,
  );
  expect(created.errors).toBeUndefined();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a projet de délibération through a three-step circuit', () => {
  it('the secretariat subjects délibérations to a circuit and defines one: service, direction générale, maire', async () => {
    await logIn(page, server.url, 'secretariat.ville', 'Séances');
    await page.getByRole('link', { name: 'Circuits de validation' }).click();
    await page.getByRole('heading', { name: 'Circuits de validation', level: 1 }).waitFor();
    await page.locator('.fr-checkbox-group label', { hasText: 'Délibération' }).click();
    await page.getByRole('button', { name: 'Enregistrer les natures' }).click();
    await page.getByText('Natures soumises à un circuit enregistrées.').waitFor();

    await page.getByRole('button', { name: 'Nouveau circuit' }).click();
    await page.getByLabel('Nom du circuit').fill('Délibérations du conseil');
    const step = (position: number) => page.locator('fieldset', { has: page.getByText(`Étape ${position}`, { exact: true }) });
    await step(1).getByLabel(/^Libellé/).fill('Service instructeur');
    await step(1).getByLabel('Qui vise').selectOption('role');
    await step(1).getByLabel('Rôle').selectOption('SECRETARIAT');
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    await step(2).getByLabel(/^Libellé/).fill('Direction générale');
    await step(2).getByLabel('Personne').selectOption({ label: 'Paul Bernard' });
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    await step(3).getByLabel(/^Libellé/).fill('Maire');
    await step(3).getByLabel('Personne').selectOption({ label: 'Claire Martin' });
    await checkScreen(page, 'circuit-form');
    await page.getByRole('button', { name: 'Enregistrer le circuit' }).click();
    await page.getByText('Circuit « Délibérations du conseil » enregistré.').waitFor();
    await page.getByRole('cell', { name: /Direction générale : Paul Bernard/ }).waitFor();
  });

  it('an agent writes the projet and its rapport, and submits it', async () => {
    await page.getByRole('link', { name: 'Projets' }).click();
    await page.getByRole('heading', { name: 'Projets', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Nouveau projet' }).click();
    await page.getByLabel('Objet').fill('Tarifs de la piscine municipale 2027');
    await page.getByLabel(/^Rapport(?!eur)/).fill('Les tarifs augmentent de 2 % pour suivre le coût de l’énergie.');
    await page.getByLabel(/^Projet de délibération/).fill('Article 1 : les tarifs sont fixés selon la grille annexée.');
    await page.getByLabel('Circuit de validation').selectOption({ label: 'Délibérations du conseil' });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Tarifs de la piscine municipale 2027', level: 1 }).waitFor();
    projetId = new URL(page.url()).pathname.split('/').at(-1)!;
    await checkScreen(page, 'projet-draft');
    await page.getByRole('button', { name: 'Soumettre au circuit' }).click();
    await page.getByText('Projet soumis : la première étape du circuit peut le viser.').waitFor();
    await page.getByText('Ce projet est en cours de validation').waitFor();
  });

  it('the direction générale sends it back once; the agent revises it and the circuit restarts', async () => {
    await decide('secretariat.ville', 'APPROVE', 1, 0, 'Vu pour le service.');
    await decide('paul.bernard', 'SEND_BACK', 1, 1, 'Précisez le tarif réduit.');
    await page.reload();
    await page.getByText('Renvoyé par Paul Bernard : « Précisez le tarif réduit. »', { exact: false }).waitFor();
    await page.getByLabel(/^Rapport(?!eur)/).fill('Les tarifs augmentent de 2 % ; le tarif réduit reste à 2 €.');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Projet enregistré.').waitFor();
    await page.getByRole('button', { name: 'Soumettre la version revue' }).click();
    await page.getByText('Ce projet est en cours de validation').waitFor();
    await decide('secretariat.ville', 'APPROVE', 2, 0);
    await decide('paul.bernard', 'APPROVE', 2, 1, 'Bon pour moi.');
  });

  it('the maire visas it from « À viser » in the officials’ app', async () => {
    const claire = await launchBrowser();
    try {
      const herPage = claire.context.pages()[0] ?? (await claire.context.newPage());
      await logIn(herPage, server.url, 'claire.martin');
      await herPage.getByRole('link', { name: 'À viser' }).click();
      await herPage.getByRole('heading', { name: 'À viser', level: 1 }).waitFor();
      await herPage.getByRole('link', { name: 'Lire le projet « Tarifs de la piscine municipale 2027 »' }).click();
      await herPage.getByText('le tarif réduit reste à 2 €').waitFor();
      await herPage.getByRole('cell', { name: 'Renvoyé à l’auteur — Direction générale' }).waitFor();
      await herPage.getByRole('heading', { name: 'Étape 3 — Maire' }).waitFor();
      await herPage.getByLabel('Commentaire').fill('Bon pour inscription.');
      await checkScreen(herPage, 'a-viser');
      await herPage.getByRole('button', { name: 'Viser' }).click();
      await herPage.getByText('Votre visa sur « Tarifs de la piscine municipale 2027 » est enregistré.').waitFor();
      await herPage.getByRole('cell', { name: 'Visa — Maire' }).waitFor();
    } finally {
      await claire.close();
    }
  });

  it('the approved projet goes onto the séance’s agenda, with its rapport', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Inscription à l’ordre du jour' }).waitFor();
    const meetings = page.getByLabel('Séance', { exact: true });
    await meetings.selectOption((await meetings.locator('option', { hasText: 'Conseil municipal de printemps' }).getAttribute('value'))!);
    await checkScreen(page, 'projet-approved');
    await page.getByRole('button', { name: 'Inscrire à l’ordre du jour' }).click();
    await page.getByText('Projet inscrit à l’ordre du jour.').waitFor();
    await page.getByRole('link', { name: 'Voir l’ordre du jour' }).click();
    await page.getByText('Tarifs de la piscine municipale 2027').first().waitFor();
    const meetingId = new URL(page.url()).pathname.split('/').at(-1)!;
    const meeting = await server.graphql<{ body: { meeting: { documents: { title: string; kind: string }[] } } }>(
      'query ($id: ID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { title kind } } } }',
      { id: meetingId },
      await server.token('secretariat.ville'),
    );
    expect(meeting.data!.body.meeting.documents).toContainEqual({ title: 'Rapport — Tarifs de la piscine municipale 2027', kind: 'RAPPORT' });
    const history = await server.graphql<{ projet: { status: string; history: { action: string; version: number; actorName: string }[] } }>(
      'query ($bodyId: ID!, $id: ID!) { projet(bodyId: $bodyId, id: $id) { status history { action version actorName } } }',
      { bodyId, id: projetId },
      await server.token('secretariat.ville'),
    );
    expect(history.data!.projet.history.map((entry) => `${entry.version} ${entry.action} ${entry.actorName}`)).toEqual([
      '1 SUBMITTED Secrétariat des assemblées — Ville de Besançon',
      '1 APPROVED Secrétariat des assemblées — Ville de Besançon',
      '1 SENT_BACK Paul Bernard',
      '2 SUBMITTED Secrétariat des assemblées — Ville de Besançon',
      '2 APPROVED Secrétariat des assemblées — Ville de Besançon',
      '2 APPROVED Paul Bernard',
      '2 APPROVED Claire Martin',
      '2 PLACED_ON_AGENDA Secrétariat des assemblées — Ville de Besançon',
    ]);
  });
});

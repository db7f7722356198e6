import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../server/src/media/sample-pdf.ts';
import {
  api as apiOf,
  arreteSignAndPublish,
  expectAccessible,
  expectPublic,
  publishDeliberation,
  said,
  signDeliberation,
  writeDeliberation,
  writeProcesVerbal,
} from './acts-steps.ts';
import { launchBrowser, logIn, viewports } from './browser.ts';
import { artifacts, useJourney } from './journey.ts';

/**
 * The whole chain of an act, in Chromium: a projet de délibération goes through a three-step circuit
 * (service instructeur, direction générale, maire), is sent back once and revised; approved, it goes
 * onto the agenda of a council meeting; the séance is opened with its quorum, the item voted by show of
 * hands and the séance closed from the console; the secretariat writes and finalises the délibération,
 * Claire Martin signs it under « À signer », the secretariat publishes it; the procès-verbal is written
 * and finalised (its approval goes by itself first on the agenda of the next séance, in preparation),
 * arrêté by that séance, signed and published; without login, the act and the PV are on the public page
 * and the act in the SCDL CSV.
 *
 * Any hour of any day: the chain's two meetings are its own, planned and convened weeks before they
 * start — two hours and one hour before the test does — through the server's own services with their
 * clock set back (web/e2e/meeting-in-the-past.mjs, as the demo convenes its séance of the day). A séance
 * opens from its day on, so both can be held now, whatever the time; neither depends on the demo's
 * séances nor on a day boundary.
 *
 * Through the UI: the circuit and the natures subjected to it, the projet, its revision and submissions,
 * Paul Bernard's send-back and Claire Martin's visa under « À viser », the placement, the séance, the
 * acts' screens, the signatures of the président. Through the GraphQL API, to save time: the service
 * instructeur's visas (twice), Paul Bernard's visa of the revised version, the secrétaire's signatures,
 * the note de synthèse of the next séance and its holding (each has its own journey).
 */
// With the demo's séances, as a body has other meetings around (that of the day, at 18:00, may fall between the chain's two).
const journey = useJourney('acts-chain', { CARTABLE_DEMO_SEANCES: 'true' });
const slug = 'ville-besancon';
const title = 'Tarifs de la piscine municipale 2027';
/** The test's start, to the minute: its meetings are planned from it. */
const start = Math.floor(Date.now() / 60_000) * 60_000;
const hour = 3_600_000;

let bodyId: string;
let assemblyId: string;
let projetId: string;
let meetingId: string;
let nextId: string;
let number: string;

const api = <T>(query: string, variables: Record<string, unknown>, username?: string) =>
  apiOf<T>(journey.server, query, variables, username);

/** The page at phone, tablet and laptop widths, axe-clean at each, into the e2e artefacts; then back to a laptop. */
async function checkScreen(page: Page, name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(artifacts, `acts-chain-${name}-${device}.png`), fullPage: device !== 'laptop' });
  }
  await page.setViewportSize(viewports.laptop);
}

/** A decision taken through the API by `username`, as the validator's own app would. */
async function decide(username: string, decision: 'APPROVE' | 'SEND_BACK', version: number, step: number, comment?: string) {
  await api(
    'mutation ($bodyId: UUID!, $id: UUID!, $input: CircuitDecisionInput!) { decideOnProjet(bodyId: $bodyId, id: $id, input: $input) { status } }',
    { bodyId, id: projetId, input: { decision, version, step, comment: comment ?? null } },
    username,
  );
}

/** A council meeting planned by the secretariat thirty days before `startsAt` (which may be past); its id. */
async function planMeeting(meetingTitle: string, startsAt: Date): Promise<string> {
  const output = await journey.server.script('web/e2e/meeting-in-the-past.mjs', [
    'plan',
    slug,
    assemblyId,
    startsAt.toISOString(),
    '30',
    meetingTitle,
  ]);
  return (JSON.parse(output) as { id: string }).id;
}

/** The meeting convened twenty days before it, within the legal delay (five jours francs); its members answer « présent ». */
async function convene(id: string) {
  await journey.server.script('web/e2e/meeting-in-the-past.mjs', ['convene', slug, id, '20']);
  const convened = await api<{ body: { meeting: { status: string } } }>(
    `query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { status } } }`,
    { id },
  );
  expect(convened.body.meeting.status).toBe('CONVENED');
}

/** `who` opens the projet from their « À viser » in the officials' app. */
async function openToVisa(who: string, check: (page: Page) => Promise<void>) {
  const browser = await launchBrowser();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await logIn(page, journey.server.url, who);
    await page.getByRole('link', { name: 'À viser' }).click();
    await page.getByRole('heading', { name: 'À viser', level: 1 }).waitFor();
    await page.getByRole('link', { name: `Lire le projet « ${title} »` }).click();
    await check(page);
  } finally {
    await browser.close();
  }
}

describe('an act from its projet to the public page', () => {
  it('the secretariat subjects délibérations to a circuit and defines one: service, direction générale, maire', async () => {
    const { page } = journey;
    const { body } = await api<{ body: { id: string; assemblies: { id: string; kind: string }[] } }>(
      `{ body(slug: "${slug}") { id assemblies { id kind } } }`,
      {},
    );
    bodyId = body.id;
    assemblyId = body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!.id;
    await logIn(page, journey.server.url, 'secretariat.ville', 'Séances');
    await page.getByRole('link', { name: 'Circuits de validation' }).click();
    await page.getByRole('heading', { name: 'Circuits de validation', level: 1 }).waitFor();
    await page.locator('.fr-checkbox-group label', { hasText: 'Délibération' }).click();
    await page.getByRole('button', { name: 'Enregistrer les natures' }).click();
    await page.getByText('Natures soumises à un circuit enregistrées.').waitFor();

    await page.getByRole('button', { name: 'Nouveau circuit' }).click();
    await page.getByLabel('Nom du circuit').fill('Délibérations du conseil');
    const step = (position: number) => page.locator('fieldset', { has: page.getByText(`Étape ${position}`, { exact: true }) });
    await step(1)
      .getByLabel(/^Libellé/)
      .fill('Service instructeur');
    await step(1).getByLabel('Qui vise').selectOption('role');
    await step(1).getByLabel('Rôle').selectOption('SECRETARIAT');
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    await step(2)
      .getByLabel(/^Libellé/)
      .fill('Direction générale');
    await step(2).getByLabel('Personne').selectOption({ label: 'Paul Bernard' });
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    await step(3)
      .getByLabel(/^Libellé/)
      .fill('Maire');
    await step(3).getByLabel('Personne').selectOption({ label: 'Claire Martin' });
    await checkScreen(page, 'circuit-form');
    await page.getByRole('button', { name: 'Enregistrer le circuit' }).click();
    await page.getByText('Circuit « Délibérations du conseil » enregistré.').waitFor();
    // The list shows it once reloaded (the demo's circuit has the same steps: wait for this one's name).
    await page.getByText('Délibérations du conseil', { exact: true }).waitFor();
  });

  it('an agent writes the projet and its rapport, and submits it', async () => {
    const { page } = journey;
    await page.getByRole('link', { name: 'Projets' }).click();
    await page.getByRole('heading', { name: 'Projets', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Nouveau projet' }).click();
    await page.getByLabel('Objet').fill(title);
    await page.getByLabel(/^Rapport(?!eur)/).fill('Les tarifs augmentent de 2 % pour suivre le coût de l’énergie.');
    await page.getByLabel(/^Projet de délibération/).fill('Article 1 : les tarifs sont fixés selon la grille annexée.');
    await page.getByLabel('Circuit de validation').selectOption({ label: 'Délibérations du conseil' });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    projetId = new URL(page.url()).pathname.split('/').at(-1)!;
    await checkScreen(page, 'projet-draft');
    await page.getByRole('button', { name: 'Soumettre au circuit' }).click();
    await page.getByText('Projet soumis : la première étape du circuit peut le viser.').waitFor();
    await page.getByText('Ce projet est en cours de validation').waitFor();
  });

  it('the direction générale sends it back from « À viser »; the agent revises it and the circuit restarts', async () => {
    await decide('secretariat.ville', 'APPROVE', 1, 0, 'Vu pour le service.');
    await openToVisa('paul.bernard', async (paul) => {
      await paul.getByRole('heading', { name: 'Étape 2 — Direction générale' }).waitFor();
      await paul.getByLabel('Commentaire').fill('Précisez le tarif réduit.');
      await expectAccessible(paul);
      await paul.getByRole('button', { name: 'Renvoyer à l’auteur' }).click();
      await paul.getByText(`« ${title} » est renvoyé à son auteur.`).waitFor();
    });
    const { page } = journey;
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
    await openToVisa('claire.martin', async (claire) => {
      await claire.getByText('le tarif réduit reste à 2 €').waitFor();
      await claire.getByRole('cell', { name: 'Renvoyé à l’auteur — Direction générale' }).waitFor();
      await claire.getByRole('heading', { name: 'Étape 3 — Maire' }).waitFor();
      await claire.getByLabel('Commentaire').fill('Bon pour inscription.');
      await checkScreen(claire, 'a-viser');
      await claire.getByRole('button', { name: 'Viser' }).click();
      await claire.getByText(`Votre visa sur « ${title} » est enregistré.`).waitFor();
      await claire.getByRole('cell', { name: 'Visa — Maire' }).waitFor();
    });
  });

  it('the approved projet goes onto the agenda of a meeting planned weeks ago, with its rapport; the meeting is convened in time', async () => {
    meetingId = await planMeeting('Conseil municipal extraordinaire', new Date(start - 2 * hour));

    const { page } = journey;
    await page.reload();
    await page.getByRole('heading', { name: 'Inscription à l’ordre du jour' }).waitFor();
    await page.getByLabel('Séance', { exact: true }).selectOption(meetingId);
    await checkScreen(page, 'projet-approved');
    await page.getByRole('button', { name: 'Inscrire à l’ordre du jour' }).click();
    await page.getByText('Projet inscrit à l’ordre du jour.').waitFor();
    await page.getByRole('link', { name: 'Voir l’ordre du jour' }).click();
    await page.getByText(title).first().waitFor();
    expect(new URL(page.url()).pathname.split('/').at(-1)).toBe(meetingId);
    const meeting = await api<{ body: { meeting: { documents: { title: string; kind: string }[] } } }>(
      `query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { documents { title kind } } } }`,
      { id: meetingId },
    );
    expect(meeting.body.meeting.documents).toContainEqual({ title: `Rapport — ${title}`, kind: 'RAPPORT' });
    const history = await api<{ projet: { history: { action: string; version: number; actorName: string }[] } }>(
      'query ($bodyId: UUID!, $id: UUID!) { projet(bodyId: $bodyId, id: $id) { history { action version actorName } } }',
      { bodyId, id: projetId },
    );
    expect(history.projet.history.map((entry) => `${entry.version} ${entry.action} ${entry.actorName}`)).toEqual([
      '1 SUBMITTED Secrétariat des assemblées — Ville de Besançon',
      '1 APPROVED Secrétariat des assemblées — Ville de Besançon',
      '1 SENT_BACK Paul Bernard',
      '2 SUBMITTED Secrétariat des assemblées — Ville de Besançon',
      '2 APPROVED Secrétariat des assemblées — Ville de Besançon',
      '2 APPROVED Paul Bernard',
      '2 APPROVED Claire Martin',
      '2 PLACED_ON_AGENDA Secrétariat des assemblées — Ville de Besançon',
    ]);

    await convene(meetingId);
  });

  it('the séance: opened with its quorum, the item voted by show of hands, closed — from the console', async () => {
    const { page } = journey;
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${meetingId}/seance`);
    await page.getByRole('heading', { name: 'Ouvrir la séance' }).waitFor();
    await page
      .getByRole('group', { name: /Secrétaire\(s\) de séance/ })
      .getByRole('checkbox', { name: 'Paul Bernard' })
      .check({ force: true });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await said(page, 'Séance ouverte.');
    await page.getByRole('heading', { name: 'Quorum atteint' }).waitFor();
    await page.getByRole('button', { name: /^Passer à ce point : 1\. / }).click();
    await said(page, 'Le point 1 est en cours : les tablettes des élus le suivent.');
    await page.getByRole('radio', { name: /^À main levée/ }).check({ force: true });
    await page.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await said(page, 'Vote ouvert sur le point 1.');
    const voters = await page.getByText(/^\d+ votants \(/).textContent();
    await page.getByLabel('Pour', { exact: true }).fill(/^(\d+)/.exec(voters!)![1]!);
    await page.getByLabel('Contre', { exact: true }).fill('0');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer les totaux et clore le vote' }).click();
    await said(page, 'Vote clos : adopté.');
    await page.getByRole('button', { name: 'Clore la séance' }).click();
    await page.getByRole('button', { name: 'Confirmer la clôture' }).click();
    await said(page, /^Séance close à \d{2}:\d{2}\.$/);
    await checkScreen(page, 'seance-closed');
  });

  it('the secretariat writes the délibération of the voted item and finalises it; the président signs it; the secretariat publishes it', async () => {
    const { page } = journey;
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${meetingId}/actes`);
    number = await writeDeliberation(
      page,
      '1',
      title,
      '7.10',
      'Article 1 : les tarifs de la piscine municipale sont fixés selon la grille annexée ; le tarif réduit reste à 2 €.',
    );
    await signDeliberation(journey.server, bodyId, meetingId, number, title);
    await publishDeliberation(page, number);
    await checkScreen(page, 'act-published');
  });

  it('the procès-verbal is written and finalised: its approval goes first on the agenda of the next séance, in preparation', async () => {
    // The next séance, planned weeks ago too, an hour after the chain's meeting; its note de synthèse.
    nextId = await planMeeting('Conseil municipal', new Date(start - hour));
    const note = await createSamplePdf({ title: 'Note explicative de synthèse', pages: 1, bodyName: 'Ville de Besançon' });
    await journey.server.uploadPdf('secretariat.ville', slug, 'Note explicative de synthèse', note, {
      meetingId: nextId,
      kind: 'NOTE_SYNTHESE',
    });

    const { page } = journey;
    await writeProcesVerbal(page, `1. ${title}`);
    await page
      .getByRole('region', { name: 'Procès-verbal' })
      .getByText(/^Son approbation est inscrite à l’ordre du jour de la séance du /)
      .waitFor();
    const next = await api<{ body: { meeting: { agenda: { number: string; title: string }[] } } }>(
      `query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { agenda { number title } } } }`,
      { id: nextId },
    );
    expect(next.body.meeting.agenda.map((item) => `${item.number}. ${item.title}`)).toEqual([
      expect.stringMatching(/^1\. Approbation du procès-verbal de la séance du /),
    ]);
  });

  it('the next séance, convened without a visa for the approval of the procès-verbal, arrêtes it; the PV is signed and published', async () => {
    await convene(nextId);
    await arreteSignAndPublish(journey.server, journey.page, bodyId, meetingId, nextId);
    await checkScreen(journey.page, 'pv-published');
  });

  it('without login, the act and the PV are on the public page, and the act in the CSV', async () => {
    await expectPublic(journey.server, slug, number, title, '7.10');
  });
});

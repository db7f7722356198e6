import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api as apiOf, expectAccessible, expectPublic, procesVerbalToPublication, publishDeliberation, said, signDeliberation, writeDeliberation } from './acts-steps.ts';
import { launchBrowser, logIn, viewports } from './browser.ts';
import { artifacts, useJourney } from './journey.ts';

/**
 * The whole chain of an act, in Chromium: a projet de délibération goes through a three-step circuit
 * (service instructeur, direction générale, maire), is sent back once and revised; approved, it goes
 * onto the agenda of a council meeting held today, convened twenty days ago (through the real send path,
 * its clock set back: web/e2e/convene-in-the-past.mjs, as the demo convenes its séance of the day); the
 * séance is opened with its quorum, the item voted by show of hands and the séance closed from the
 * console; the secretariat writes and finalises the délibération, Claire Martin signs it under
 * « À signer », the secretariat publishes it; the procès-verbal is written, finalised, arrêté by the
 * demo's séance of the day (later today), signed and published; without login, the act and the PV are
 * on the public page and the act in the SCDL CSV.
 *
 * Through the UI: the circuit and the natures subjected to it, the projet, its revision and submissions,
 * Paul Bernard's send-back and Claire Martin's visa under « À viser », the placement, the séance, the
 * acts' screens, the signatures of the président. Through the GraphQL API, to save time: the service
 * instructeur's visas (twice), Paul Bernard's visa of the revised version, the secrétaire's signatures
 * and the holding of the next séance (each has its own journey).
 */
const journey = useJourney('acts-chain', { CARTABLE_DEMO_SEANCES: 'true' });
const slug = 'ville-besancon';
const title = 'Tarifs de la piscine municipale 2027';
const day = (instant: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(instant));

let bodyId: string;
let projetId: string;
let meetingId: string;
let number: string;

const api = <T>(query: string, variables: Record<string, unknown>, username?: string) => apiOf<T>(journey.server, query, variables, username);

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
  await api('mutation ($bodyId: UUID!, $id: UUID!, $input: CircuitDecisionInput!) { decideOnProjet(bodyId: $bodyId, id: $id, input: $input) { status } }', { bodyId, id: projetId, input: { decision, version, step, comment: comment ?? null } }, username);
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

// The chain's meeting starts ten minutes after the test does and its procès-verbal is arrêté by the demo's
// séance of the day (18:00, Paris): the server has no clock the e2e can set, so after 17:30 the chain
// cannot run today. It says so instead of failing (known limit: docs/testing/README.md).
const parisHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
const parisMinute = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', minute: 'numeric' }).format(new Date()));
const beforeTheDaysSeance = parisHour * 60 + parisMinute < 17 * 60 + 30;
if (!beforeTheDaysSeance) console.warn('acts-chain: skipped, it runs before 17:30 Paris time only (the demo séance of the day arrêtes its PV)');

describe.runIf(beforeTheDaysSeance)('an act from its projet to the public page', () => {
  it('the secretariat subjects délibérations to a circuit and defines one: service, direction générale, maire', async () => {
    const { page } = journey;
    bodyId = (await api<{ body: { id: string } }>(`{ body(slug: "${slug}") { id } }`, {})).body.id;
    await logIn(page, journey.server.url, 'secretariat.ville', 'Séances');
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

  it('the approved projet goes onto the agenda of a meeting held today, with its rapport; the meeting is convened in time', async () => {
    // Today, before the demo's séance of the day (18:00), which will arrête this one's procès-verbal.
    const startsAt = new Date(Date.now() + 10 * 60_000);
    expect(day(startsAt), 'the chain runs before 17:50, Paris time').toBe(day(new Date()));
    expect(Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' }).format(startsAt))).toBeLessThan(18);
    const { body } = await api<{ body: { assemblies: { id: string; kind: string }[] } }>(`{ body(slug: "${slug}") { assemblies { id kind } } }`, {});
    const assemblyId = body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!.id;
    meetingId = (
      await api<{ createMeeting: { id: string } }>('mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }', {
        bodyId,
        input: { assemblyId, title: 'Conseil municipal extraordinaire', startsAt: startsAt.toISOString(), place: 'Hôtel de Ville' },
      })
    ).createMeeting.id;

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
    const meeting = await api<{ body: { meeting: { documents: { title: string; kind: string }[] } } }>(`query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { documents { title kind } } } }`, { id: meetingId });
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

    // Convened twenty days before the meeting: the legal delay (five jours francs) holds.
    await journey.server.script('web/e2e/convene-in-the-past.mjs', [slug, meetingId, '20']);
    const convened = await api<{ body: { meeting: { status: string } } }>(`query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { status } } }`, { id: meetingId });
    expect(convened.body.meeting.status).toBe('CONVENED');
  });

  it('the séance: opened with its quorum, the item voted by show of hands, closed — from the console', async () => {
    const { page } = journey;
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${meetingId}/seance`);
    await page.getByRole('heading', { name: 'Ouvrir la séance' }).waitFor();
    await page.getByRole('group', { name: /Secrétaire\(s\) de séance/ }).getByRole('checkbox', { name: 'Paul Bernard' }).check({ force: true });
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
    number = await writeDeliberation(page, '1', title, '7.10', 'Article 1 : les tarifs de la piscine municipale sont fixés selon la grille annexée ; le tarif réduit reste à 2 €.');
    await signDeliberation(journey.server, bodyId, meetingId, number, title);
    await publishDeliberation(page, number);
    await checkScreen(page, 'act-published');
  });

  it('the procès-verbal is written, finalised, arrêté by the séance of the day, signed and published', async () => {
    const { body } = await api<{ body: { meetings: { id: string; title: string; status: string; startsAt: string }[] } }>(`{ body(slug: "${slug}") { meetings(limit: 200) { id title status startsAt } } }`, {});
    const next = body.meetings.find((meeting) => meeting.title.endsWith('séance du jour') && meeting.status === 'CONVENED' && day(meeting.startsAt) === day(new Date()))!;
    await procesVerbalToPublication(journey.server, journey.page, bodyId, meetingId, next.id, `1. ${title}`);
    await checkScreen(journey.page, 'pv-published');
  });

  it('without login, the act and the PV are on the public page, and the act in the CSV', async () => {
    await expectPublic(journey.server, slug, number, title, '7.10');
  });
});

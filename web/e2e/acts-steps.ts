import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, logIn, seriousAccessibilityViolations, viewports } from './browser.ts';
import type { RunningServer } from './server.ts';

/**
 * The steps of the acts' screens that the journeys share: the secretariat writes and finalises a
 * délibération, Claire Martin signs under « À signer » (the secrétaire Paul Bernard through the API), the
 * secretariat publishes; the procès-verbal written, finalised, arrêté by the next séance, signed and
 * published; a visitor without login finds them on the public page and the act in the SCDL CSV.
 */

export async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** The status line or alert of the console says what the last action did. */
export const said = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();

export async function api<T>(
  server: RunningServer,
  query: string,
  variables: Record<string, unknown>,
  username = 'secretariat.ville',
): Promise<T> {
  const result = await server.graphql<T>(query, variables, await server.token(username));
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

/** On a meeting's « Actes » screen, the délibération of item `number` (`title`) written, signatories Claire Martin and Paul Bernard, then finalised: its number. */
export async function writeDeliberation(
  page: Page,
  number: string,
  title: string,
  matiereCode: string,
  dispositif: string,
): Promise<string> {
  await page.getByRole('heading', { name: 'Actes de la séance', level: 2 }).waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: new RegExp(`^Rédiger la délibération du point ${number}$`) }).click();
  await page.getByRole('heading', { name: `Délibération du point : ${number}. ${title}` }).waitFor();
  expect(await page.getByLabel('Objet').inputValue()).toBe(title);
  expect(await page.getByLabel('Visas', { exact: false }).inputValue()).toContain('Vu le code général des collectivités territoriales');
  await page.getByLabel('Code matière ACTES').fill(matiereCode);
  await page.getByLabel('Président(e) de séance').selectOption({ label: 'Claire Martin' });
  const secretaries = page.getByRole('group', { name: /Secrétaire\(s\) de séance/ });
  for (const box of await secretaries.getByRole('checkbox').all()) {
    if (await box.isChecked()) await secretaries.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  }
  await secretaries.locator('label', { hasText: 'Paul Bernard' }).click();
  await page.getByLabel('Dispositif').fill(dispositif);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await said(page, 'Délibération rédigée. Relisez-la, puis finalisez-la.');
  await page.getByRole('heading', { name: `Projet — ${title}` }).waitFor();
  await page.getByRole('button', { name: 'Finaliser', exact: true }).click();
  await said(page, /Délibération n° \d{4}-\d{3} finalisée/);
  const heading = await page.getByRole('heading', { name: new RegExp(`^Délibération n° \\d{4}-\\d{3} — ${title}$`) }).textContent();
  const actNumber = /n° (\d{4}-\d{3})/.exec(heading!)![1]!;
  await page.getByText('Claire Martin, président(e) de séance — doit encore signer').waitFor();
  await page.getByText('Paul Bernard, secrétaire de séance — doit encore signer').waitFor();
  await expectAccessible(page);
  return actNumber;
}

/** Claire Martin, président(e), signs the act under « À signer » on a tablet; Paul Bernard, secrétaire, through the API. */
export async function signDeliberation(
  server: RunningServer,
  bodyId: string,
  meetingId: string,
  number: string,
  title: string,
): Promise<void> {
  const browser = await launchBrowser(viewports.tablet);
  try {
    const claire = browser.context.pages()[0] ?? (await browser.context.newPage());
    await logIn(claire, server.url, 'claire.martin');
    await claire.goto(`${server.url}/a-signer`);
    await claire.getByRole('heading', { name: `Délibération n° ${number} — ${title}` }).waitFor();
    await claire.locator('.fr-checkbox-group label', { hasText: `J’ai lu la délibération n° ${number} (version 1)` }).click();
    await expectAccessible(claire);
    await claire.getByRole('button', { name: 'Signer', exact: true }).click();
    await claire.getByText(`Délibération n° ${number} signée.`).waitFor();
  } finally {
    await browser.close();
  }
  const { deliberations } = await api<{ deliberations: { id: string; number: string | null; version: number }[] }>(
    server,
    'query ($bodyId: UUID!, $meetingId: UUID!) { deliberations(bodyId: $bodyId, meetingId: $meetingId) { id number version } }',
    { bodyId, meetingId },
  );
  const act = deliberations.find((candidate) => candidate.number === number)!;
  await api(
    server,
    'mutation ($bodyId: UUID!, $id: UUID!, $version: Int!) { signDeliberation(bodyId: $bodyId, id: $id, version: $version) { status } }',
    { bodyId, id: act.id, version: act.version },
    'paul.bernard',
  );
}

/** Back on the meeting's « Actes » screen (reloaded), the secretariat publishes the signed act. */
export async function publishDeliberation(page: Page, number: string): Promise<void> {
  await page.setViewportSize(viewports.laptop);
  await page.reload();
  const card = page.locator('li.fr-card').filter({ has: page.getByRole('heading', { name: new RegExp(`^Délibération n° ${number}`) }) });
  await card.getByText('Claire Martin, président(e) de séance — a signé').waitFor();
  await card.getByLabel('Prénom et nom de l’auteur').fill('Claire Martin');
  await card.getByLabel('Qualité').fill('Adjointe au maire');
  await card.getByRole('button', { name: 'Publier', exact: true }).click();
  await said(page, 'Publié sur la page publique.');
  await card.getByText(/Mis en ligne le .* par Claire Martin, Adjointe au maire\./).waitFor();
}

/**
 * The procès-verbal of the meeting whose « Actes » screen is open: the discussions on item `item` (« 2. … »)
 * typed, then finalised (its approval goes first on the agenda of the assembly's next séance in
 * preparation, if there is one).
 */
export async function writeProcesVerbal(page: Page, item: string): Promise<void> {
  const pv = page.getByRole('region', { name: 'Procès-verbal' });
  await pv.getByLabel('Demandes de scrutin particulier').fill('Aucune demande de scrutin particulier.');
  await pv.getByRole('button', { name: 'Rédiger le procès-verbal' }).click();
  await said(page, 'Procès-verbal créé : saisissez la teneur des discussions de chaque point.');
  const number = item.split('.')[0];
  await pv.getByLabel(`Teneur des discussions — ${item}`).fill('L’adjointe présente le point ; M. Benali demande le détail des montants.');
  await pv.getByRole('button', { name: `Enregistrer ce résumé — ${item}` }).click();
  await said(page, `Résumé du point ${number} enregistré.`);
  await expectAccessible(page);
  await pv.getByRole('button', { name: 'Finaliser le procès-verbal' }).click();
  await said(page, 'Procès-verbal finalisé : il sera arrêté au commencement de la séance suivante.');
}

/** The finalised procès-verbal put on the agenda of the next séance `nextId`, already convened: its first item is the approval. */
export async function scheduleArrete(page: Page, nextId: string): Promise<void> {
  const pv = page.getByRole('region', { name: 'Procès-verbal' });
  await pv.getByLabel('Séance suivante').selectOption(nextId);
  await pv
    .getByLabel('Point de l’ordre du jour qui arrête le procès-verbal')
    .selectOption({ label: '1. Approbation du procès-verbal de la séance précédente' });
  await pv.getByRole('button', { name: 'Inscrire' }).click();
  await said(page, 'Approbation du procès-verbal inscrite.');
  await expectAccessible(page);
}

/**
 * The procès-verbal of `meetingId`, on the agenda of the convened séance `nextId`: that séance held
 * (opened and closed through the séance's API: its own journeys drive its screens), the arrêté recorded,
 * signed by Claire Martin under « À signer » and Paul Bernard through the API, published.
 */
export async function arreteSignAndPublish(
  server: RunningServer,
  page: Page,
  bodyId: string,
  meetingId: string,
  nextId: string,
): Promise<void> {
  const pv = page.getByRole('region', { name: 'Procès-verbal' });
  const attendance = await api<{ body: { meeting: { attendance: { entries: { personId: string; votingRight: boolean }[] } } } }>(
    server,
    'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { attendance { entries { personId votingRight } } } } }',
    { id: nextId },
  );
  const present = attendance.body.meeting.attendance.entries.filter((entry) => entry.votingRight).map((entry) => entry.personId);
  await api(server, 'mutation ($bodyId: UUID!, $input: OpenSeanceInput!) { openSeance(bodyId: $bodyId, input: $input) { status } }', {
    bodyId,
    input: { meetingId: nextId, presentIds: present, secretaryIds: [present[0]] },
  });
  await api(server, 'mutation ($bodyId: UUID!, $meetingId: UUID!) { closeSeance(bodyId: $bodyId, meetingId: $meetingId) { status } }', {
    bodyId,
    meetingId: nextId,
  });
  await pv.getByRole('button', { name: 'Enregistrer l’arrêté (séance suivante tenue)' }).click();
  await said(page, /Procès-verbal arrêté/);
  await pv.getByText(/À publier au plus tard le/).waitFor();

  const browser = await launchBrowser(viewports.phone);
  try {
    const claire = browser.context.pages()[0] ?? (await browser.context.newPage());
    await logIn(claire, server.url, 'claire.martin');
    await claire.goto(`${server.url}/a-signer`);
    await claire.getByRole('heading', { name: /^Procès-verbal de la séance du / }).waitFor();
    await claire.locator('.fr-checkbox-group label', { hasText: 'J’ai lu le procès-verbal arrêté de la séance du' }).click();
    await expectAccessible(claire);
    await claire.getByRole('button', { name: 'Signer', exact: true }).click();
    await claire.getByText(/Procès-verbal de la séance du .* signé\./).waitFor();
  } finally {
    await browser.close();
  }
  const { procesVerbal } = await api<{ procesVerbal: { id: string } }>(
    server,
    'query ($bodyId: UUID!, $meetingId: UUID!) { procesVerbal(bodyId: $bodyId, meetingId: $meetingId) { id } }',
    { bodyId, meetingId },
  );
  await api(
    server,
    'mutation ($bodyId: UUID!, $id: UUID!) { signProcesVerbal(bodyId: $bodyId, id: $id) { status } }',
    { bodyId, id: procesVerbal.id },
    'paul.bernard',
  );

  await page.reload();
  const signedPv = page.getByRole('region', { name: 'Procès-verbal' });
  await signedPv.getByText('Arrêté et signé').waitFor();
  await signedPv.getByLabel('Prénom et nom de l’auteur').fill('Claire Martin');
  await signedPv.getByLabel('Qualité').fill('Adjointe au maire');
  await signedPv.getByRole('button', { name: 'Publier', exact: true }).click();
  await said(page, 'Procès-verbal publié sur la page publique.');
  await expectAccessible(page);
}

/** A browser without login: the act `number` and a signed PV on `/public/<slug>/actes`, the act's row (with `title` and `matiereCode`) in the SCDL CSV. */
export async function expectPublic(server: RunningServer, slug: string, number: string, title: string, matiereCode: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const visitor = browser.context.pages()[0] ?? (await browser.context.newPage());
    await visitor.goto(`${server.url}/public/${slug}/actes`);
    await visitor.getByRole('heading', { name: 'Actes publiés', level: 1 }).waitFor();
    await visitor.getByRole('link', { name: `Délibération n° ${number} (PDF signé)` }).waitFor();
    await visitor.getByRole('rowheader', { name: number }).waitFor();
    const pvLink = visitor.getByRole('link', { name: /^Procès-verbal de la séance du .* \(PDF signé\)$/ }).first();
    const pdf = await visitor.request.get(new URL((await pvLink.getAttribute('href'))!, server.url).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect(await seriousAccessibilityViolations(visitor)).toEqual([]);
    const csv = await visitor.request.get(`${server.url}/public/${slug}/deliberations.csv`);
    expect(csv.status()).toBe(200);
    const row = (await csv.text()).split('\r\n').find((line) => line.includes(`,${number},`));
    expect(row).toContain(title);
    expect(row).toContain(`,${matiereCode},`);
  } finally {
    await browser.close();
  }
}

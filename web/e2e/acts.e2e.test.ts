import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser, logIn, seriousAccessibilityViolations, viewports } from './browser.ts';
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

async function api<T>(query: string, variables: Record<string, unknown>, username = 'secretariat.ville'): Promise<T> {
  const result = await journey.server.graphql<T>(query, variables, await journey.server.token(username));
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** The page at phone, tablet and laptop widths, into the e2e artefacts. */
async function screenshots(page: Page, name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await journey.screenshot(`${name}-${device}`);
  }
}

/** The status line or alert of the console says what the last action did. */
const said = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();

describe('acts of a held séance, from the console to the public page', () => {
  it('the secretariat writes the délibération of a voted item and finalises it', async () => {
    const found = await api<{ body: { id: string; meetings: { id: string; title: string; status: string; startsAt: string }[] } }>(
      `{ body(slug: "${slug}") { id meetings(limit: 200) { id title status startsAt } } }`,
      {},
    );
    bodyId = found.body.id;
    pastId = found.body.meetings.find((meeting) => meeting.title.endsWith('séance passée') && meeting.status === 'HELD')!.id;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    todayId = found.body.meetings.find((meeting) => meeting.status === 'CONVENED' && new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(meeting.startsAt)) === today)!.id;

    const { page } = journey;
    await logIn(page, journey.server.url, 'secretariat.ville', 'Séances');
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${pastId}/actes`);
    await page.getByRole('heading', { name: 'Actes de la séance', level: 2 }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: /^Rédiger la délibération du point 2$/ }).click();
    await page.getByRole('heading', { name: `Délibération du point : 2. ${item}` }).waitFor();
    expect(await page.getByLabel('Objet').inputValue()).toBe(item);
    expect(await page.getByLabel('Visas', { exact: false }).inputValue()).toContain('Vu le code général des collectivités territoriales');
    await page.getByLabel('Code matière ACTES').fill('7.1');
    await page.getByLabel('Président(e) de séance').selectOption({ label: 'Claire Martin' });
    const secretaries = page.getByRole('group', { name: /Secrétaire\(s\) de séance/ });
    for (const box of await secretaries.getByRole('checkbox').all()) {
      if (await box.isChecked()) await secretaries.locator(`label[for="${await box.getAttribute('id')}"]`).click();
    }
    await secretaries.locator('label', { hasText: 'Paul Bernard' }).click();
    await page.getByLabel('Dispositif').fill('Article 1 : la décision modificative n° 2 du budget principal est adoptée.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await said(page, 'Délibération rédigée. Relisez-la, puis finalisez-la.');
    await page.getByRole('heading', { name: `Projet — ${item}` }).waitFor();
    await page.getByRole('button', { name: 'Finaliser', exact: true }).click();
    await said(page, /Délibération n° \d{4}-\d{3} finalisée/);
    const heading = await page.getByRole('heading', { name: new RegExp(`^Délibération n° \\d{4}-\\d{3} — ${item}$`) }).textContent();
    number = /n° (\d{4}-\d{3})/.exec(heading!)![1]!;
    await page.getByText('Claire Martin, président(e) de séance — doit encore signer').waitFor();
    await page.getByText('Paul Bernard, secrétaire de séance — doit encore signer').waitFor();
    await expectAccessible(page);
    await screenshots(page, 'meeting-finalised');
  });

  it('the président signs it under « À signer »', async () => {
    const browser = await launchBrowser(viewports.tablet);
    try {
      const claire = browser.context.pages()[0] ?? (await browser.context.newPage());
      await logIn(claire, journey.server.url, 'claire.martin');
      await claire.goto(`${journey.server.url}/a-signer`);
      await claire.getByRole('heading', { name: `Délibération n° ${number} — ${item}` }).waitFor();
      await claire.locator('.fr-checkbox-group label', { hasText: `J’ai lu la délibération n° ${number} (version 1)` }).click();
      await expectAccessible(claire);
      await claire.getByRole('button', { name: 'Signer', exact: true }).click();
      await claire.getByText(`Délibération n° ${number} signée.`).waitFor();
    } finally {
      await browser.close();
    }
    // The secrétaire de séance signs too (his own « À signer », here through the API).
    const { deliberations } = await api<{ deliberations: { id: string; number: string | null; version: number }[] }>(
      'query ($bodyId: ID!, $meetingId: ID!) { deliberations(bodyId: $bodyId, meetingId: $meetingId) { id number version } }',
      { bodyId, meetingId: pastId },
    );
    const act = deliberations.find((candidate) => candidate.number === number)!;
    await api('mutation ($bodyId: ID!, $id: ID!, $version: Int!) { signDeliberation(bodyId: $bodyId, id: $id, version: $version) { status } }', { bodyId, id: act.id, version: act.version }, 'paul.bernard');
  });

  it('the secretariat publishes the act, then writes, finalises and publishes the procès-verbal', async () => {
    const { page } = journey;
    await page.setViewportSize(viewports.laptop);
    await page.reload();
    const card = page.locator('li.fr-card').filter({ has: page.getByRole('heading', { name: new RegExp(`^Délibération n° ${number}`) }) });
    await card.getByText('Claire Martin, président(e) de séance — a signé').waitFor();
    await card.getByLabel('Prénom et nom de l’auteur').fill('Claire Martin');
    await card.getByLabel('Qualité').fill('Adjointe au maire');
    await card.getByRole('button', { name: 'Publier', exact: true }).click();
    await said(page, 'Publié sur la page publique.');
    await card.getByText(/Mis en ligne le .* par Claire Martin, Adjointe au maire\./).waitFor();

    // The procès-verbal: the discussions on the item, then finalised.
    const pv = page.getByRole('region', { name: 'Procès-verbal' });
    await pv.getByLabel('Demandes de scrutin particulier').fill('Scrutin public demandé sur la décision modificative.');
    await pv.getByRole('button', { name: 'Rédiger le procès-verbal' }).click();
    await said(page, 'Procès-verbal créé : saisissez la teneur des discussions de chaque point.');
    await pv.getByLabel(`Teneur des discussions — 2. ${item}`).fill('L’adjointe aux finances présente la décision ; M. Benali demande le détail des crédits.');
    await pv.getByRole('button', { name: `Enregistrer ce résumé — 2. ${item}` }).click();
    await said(page, 'Résumé du point 2 enregistré.');
    await expectAccessible(page);
    await pv.getByRole('button', { name: 'Finaliser le procès-verbal' }).click();
    await said(page, 'Procès-verbal finalisé : il sera arrêté au commencement de la séance suivante.');

    // Today's séance, already convened, arrête it with its first item.
    await pv.getByLabel('Séance suivante').selectOption(todayId);
    await pv.getByLabel('Point de l’ordre du jour qui arrête le procès-verbal').selectOption({ label: '1. Approbation du procès-verbal de la séance précédente' });
    await pv.getByRole('button', { name: 'Inscrire' }).click();
    await said(page, 'Approbation du procès-verbal inscrite.');
    await expectAccessible(page);
    // That séance is held (opened and closed through the séance's API: its own journey drives its screens).
    const attendance = await api<{ body: { meeting: { attendance: { entries: { personId: string; displayName: string; votingRight: boolean }[] } } } }>(
      `query ($id: ID!) { body(slug: "${slug}") { meeting(id: $id) { attendance { entries { personId displayName votingRight } } } } }`,
      { id: todayId },
    );
    const present = attendance.body.meeting.attendance.entries.filter((entry) => entry.votingRight).map((entry) => entry.personId);
    await api('mutation ($bodyId: ID!, $input: OpenSeanceInput!) { openSeance(bodyId: $bodyId, input: $input) { status } }', { bodyId, input: { meetingId: todayId, presentIds: present, secretaryIds: [present[0]] } });
    await api('mutation ($bodyId: ID!, $meetingId: ID!) { closeSeance(bodyId: $bodyId, meetingId: $meetingId) { status } }', { bodyId, meetingId: todayId });
    await pv.getByRole('button', { name: 'Enregistrer l’arrêté (séance suivante tenue)' }).click();
    await said(page, /Procès-verbal arrêté/);
    await pv.getByText(/À publier au plus tard le/).waitFor();

    // Signed by the président (« À signer ») and the secrétaire.
    const browser = await launchBrowser(viewports.phone);
    try {
      const claire = browser.context.pages()[0] ?? (await browser.context.newPage());
      await logIn(claire, journey.server.url, 'claire.martin');
      await claire.goto(`${journey.server.url}/a-signer`);
      const pvTitle = claire.getByRole('heading', { name: /^Procès-verbal de la séance du / });
      await pvTitle.waitFor();
      await claire.locator('.fr-checkbox-group label', { hasText: 'J’ai lu le procès-verbal arrêté de la séance du' }).click();
      await expectAccessible(claire);
      await claire.getByRole('button', { name: 'Signer', exact: true }).click();
      await claire.getByText(/Procès-verbal de la séance du .* signé\./).waitFor();
    } finally {
      await browser.close();
    }
    const { procesVerbal } = await api<{ procesVerbal: { id: string } }>('query ($bodyId: ID!, $meetingId: ID!) { procesVerbal(bodyId: $bodyId, meetingId: $meetingId) { id } }', { bodyId, meetingId: pastId });
    await api('mutation ($bodyId: ID!, $id: ID!) { signProcesVerbal(bodyId: $bodyId, id: $id) { status } }', { bodyId, id: procesVerbal.id }, 'paul.bernard');

    await page.reload();
    const signedPv = page.getByRole('region', { name: 'Procès-verbal' });
    await signedPv.getByText('Arrêté et signé').waitFor();
    await signedPv.getByLabel('Prénom et nom de l’auteur').fill('Claire Martin');
    await signedPv.getByLabel('Qualité').fill('Adjointe au maire');
    await signedPv.getByRole('button', { name: 'Publier', exact: true }).click();
    await said(page, 'Procès-verbal publié sur la page publique.');
    await expectAccessible(page);
    await screenshots(page, 'meeting-published');

    // The body-wide list, the registre and the settings.
    await page.goto(`${journey.server.url}/secretariat/${slug}/actes`);
    await page.getByRole('heading', { name: 'Actes', level: 1 }).waitFor();
    await page.getByRole('cell', { name: number }).waitFor();
    await page.getByRole('heading', { name: 'Registre des délibérations (R2121-9)' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'body');
  });

  it('for a séance not held in Cartable, the secretariat types the vote of a délibération', async () => {
    // The demo's closed séance of thirteen months ago was not held in Cartable: a motion written there.
    const { deliberations } = await api<{ deliberations: { meetingId: string; publishedAt: string | null }[] }>('query ($bodyId: ID!) { deliberations(bodyId: $bodyId) { meetingId publishedAt } }', { bodyId });
    const oldId = deliberations.find((act) => act.publishedAt && act.meetingId !== pastId)!.meetingId;
    const idOf = async (username: string) => (await api<{ me: { id: string } }>('{ me { id } }', {}, username)).me.id;
    await api(
      'mutation ($bodyId: ID!, $meetingId: ID!, $input: DeliberationInput!) { createDeliberation(bodyId: $bodyId, meetingId: $meetingId, input: $input) { id } }',
      { bodyId, meetingId: oldId, input: { title: 'Motion pour la desserte ferroviaire', matiereCode: '9.4', dispositif: 'Article unique : le conseil adopte la motion.', presidentId: await idOf('claire.martin'), secretaryIds: [await idOf('paul.bernard')] } },
    );
    const { page } = journey;
    await page.goto(`${journey.server.url}/secretariat/${slug}/seances/${oldId}/actes`);
    await page.getByRole('heading', { name: 'Points sans délibération' }).waitFor();
    const card = page.locator('li.fr-card').filter({ has: page.getByRole('heading', { name: 'Projet — Motion pour la desserte ferroviaire' }) });
    const vote = card.getByRole('form', { name: /^Reporter le vote/ });
    for (const [label, value] of [['Membres en exercice', '55'], ['Votants', '50'], ['Pour', '48'], ['Contre', '0'], ['Abstentions', '2']] as const) await vote.getByLabel(label, { exact: true }).fill(value);
    await vote.getByRole('button', { name: 'Reporter le vote' }).click();
    await said(page, 'Vote reporté dans la délibération.');
    await card.getByText('Adoptée — Vote : pour 48, contre 0, 2 abstentions — 50 votants sur 55 membres en exercice').waitFor();
    await expectAccessible(page);
  });

  it('without login, the act and the PV are on the public page, and the act in the CSV', async () => {
    const browser = await launchBrowser();
    try {
      const visitor = browser.context.pages()[0] ?? (await browser.context.newPage());
      await visitor.goto(`${journey.server.url}/public/${slug}/actes`);
      await visitor.getByRole('heading', { name: 'Actes publiés', level: 1 }).waitFor();
      await visitor.getByRole('link', { name: `Délibération n° ${number} (PDF signé)` }).waitFor();
      await visitor.getByRole('rowheader', { name: number }).waitFor();
      const pvLink = visitor.getByRole('link', { name: /^Procès-verbal de la séance du .* \(PDF signé\)$/ });
      const pdf = await visitor.request.get(new URL((await pvLink.getAttribute('href'))!, journey.server.url).href);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
      expect(await seriousAccessibilityViolations(visitor)).toEqual([]);
      const csv = await visitor.request.get(`${journey.server.url}/public/${slug}/deliberations.csv`);
      expect(csv.status()).toBe(200);
      const row = (await csv.text()).split('\r\n').find((line) => line.includes(`,${number},`));
      expect(row).toContain(item);
      expect(row).toContain(',7.1,');
    } finally {
      await browser.close();
    }
  });
});

import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamplePdf } from '../../server/src/media/sample-pdf.ts';
import { chromiumPath, launchBrowser, logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/** Screenshots of the main screens, for people to look at (git-ignored). */
const artifacts = fileURLToPath(new URL('../e2e-artifacts/', import.meta.url));
const viewports = {
  laptop: { width: 1280, height: 900 },
  tablet: { width: 800, height: 1280 },
  phone: { width: 390, height: 844 },
};

let server: RunningServer;
let browser: Browser;
let page: Page;
let meetingUrl: string;

async function screenshots(name: string) {
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(artifacts, `${name}-${device}.png`), fullPage: device !== 'laptop' });
  }
  await page.setViewportSize(viewports.laptop);
}

/** Every annotation change reached the server: no "en attente d'envoi" left on the page. */
async function expectAllSent() {
  await expect.poll(() => page.getByText(/en attente d’envoi/i).count(), { timeout: 30_000 }).toBe(0);
}

async function expectAccessible() {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** Selects `text` in the text layer of the reader, as a pointer would. */
async function selectInDocument(text: string) {
  await page.evaluate((wanted) => {
    const span = [...document.querySelectorAll('.textLayer span')].find((element) => element.textContent?.includes(wanted));
    if (!span?.firstChild) throw new Error(`no "${wanted}" in the text layer`);
    const start = span.textContent!.indexOf(wanted);
    const range = document.createRange();
    range.setStart(span.firstChild, start);
    range.setEnd(span.firstChild, start + wanted.length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  }, text);
}

interface FollowUpRow {
  displayName: string;
  firstOpenedAt: string | null;
  acknowledgedAt: string | null;
  answer: { response: string; proxyHolder: { displayName: string } | null } | null;
}

/** Where Claire Martin stands on the Ville's meeting, as its secretariat sees it. */
async function claireFollowUp(): Promise<FollowUpRow> {
  const result = await server.graphql<{ body: { meeting: { followUp: FollowUpRow[] } } }>(
    'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { followUp { displayName firstOpenedAt acknowledgedAt answer { response proxyHolder { displayName } } } } } }',
    { id: new URL(meetingUrl).pathname.split('/').at(-1)! },
    await server.token('secretariat.ville'),
  );
  return result.data!.body.meeting.followUp.find((row) => row.displayName === 'Claire Martin')!;
}

/** Answers the Ville's meeting on the open meeting page, as the official of `on` would (a radio's label is what one taps). */
async function answer(on: Page, response: RegExp, holder?: string) {
  await on.locator('.fr-radio-group label', { hasText: response }).click();
  expect(await on.getByRole('radio', { name: response }).isChecked()).toBe(true);
  if (holder) await on.getByLabel('Collègue qui votera en mon nom').selectOption({ label: holder });
  await on.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
}

const annotationsQuery = `query ($meetingId: UUID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) {
  documents { title annotations { kind quote note pageNumber } } } } }`;

beforeAll(async () => {
  await access(chromiumPath).catch(() => {
    throw new Error(`No Chromium at ${chromiumPath}: run bash scripts/e2e/install-chromium.sh`);
  });
  await mkdir(artifacts, { recursive: true });
  // An SMS provider is configured (its API on a closed loopback port: nothing leaves), so the profile offers SMS alerts.
  server = await startServer({
    SMS_PROVIDER: 'brevo',
    SMS_API_KEY: 'cle-de-test',
    SMS_SENDER: 'Besancon',
    SMS_API_URL: 'http://127.0.0.1:9/v3',
  });
  browser = await launchBrowser(viewports.laptop);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an official, claire.martin, on the web app', () => {
  it('logs in with the authorization code flow and sees the meetings of her three bodies in one inbox', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await expectAccessible();
    await screenshots('login');
    await logIn(page, server.url, 'claire.martin');
    const cards = page.locator('.cartable-meeting-list > li');
    await cards.first().waitFor();
    const bodies = await cards.locator('.fr-card__desc strong').allTextContents();
    expect(bodies).toEqual(['Ville de Besançon', 'Grand Besançon Métropole', 'Département du Doubs']);
    // Three convocations, none opened yet, each with the deadline to answer (the start of the meeting).
    expect(await cards.locator('.fr-badge', { hasText: /^Nouvelle$/ }).count()).toBe(3);
    expect(await cards.getByText(/^Réponse attendue avant le /).count()).toBe(3);
    await page.getByText('3 séances — 3 convocations non lues').waitFor();
    await expectAccessible();
    await screenshots('inbox');

    await page.getByLabel('Organisme').selectOption({ label: 'Département du Doubs (1 non lue)' });
    expect(await cards.locator('.fr-card__desc strong').allTextContents()).toEqual(['Département du Doubs']);
    await page.getByText('1 séance — 1 convocation non lue').waitFor();
    await page.getByLabel('Organisme').selectOption({ label: 'Tous les organismes' });
  });

  it('opens a meeting: numbered agenda with sub-items, documents, place with a map link', async () => {
    await page.getByRole('link', { name: /Ouvrir la séance « Conseil municipal »/ }).click();
    await page.getByRole('heading', { name: 'Ordre du jour' }).waitFor();
    meetingUrl = page.url();
    const numbers = await page.locator('.cartable-agenda__number').allTextContents();
    expect(numbers).toEqual(['1.', '2.', '2.1.', '2.2.', '3.', '4.', '5.']);
    expect(await page.getByRole('link', { name: 'Voir sur une carte (OpenStreetMap)' }).getAttribute('href')).toContain(
      'openstreetmap.org/search?query=H%C3%B4tel%20de%20Ville',
    );
    await page.getByText(/^Convocation envoyée le .* — 6 documents$/).waitFor();
    // Displaying the meeting recorded "opened": the secretariat sees it.
    await page.getByText(/^Ouverte le /).waitFor();
    expect((await claireFollowUp()).firstOpenedAt).not.toBeNull();
    await expectAccessible();
    await screenshots('meeting');

    await page.getByRole('button', { name: 'Télécharger pour consultation hors ligne' }).click();
    await page.getByText(/Disponible hors ligne \(copie du/).waitFor();
  });

  it('reads a document and highlights a passage with a note, saved on the server', async () => {
    await page.getByRole('link', { name: 'Rapport de présentation du budget primitif 2027' }).click();
    await page.locator('.textLayer span').first().waitFor();
    await selectInDocument('budget primitif');
    await page.getByRole('button', { name: 'Surligner la sélection' }).click();
    await page.getByLabel('Note').fill('Comparer avec le budget 2026');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.cartable-highlight').first().waitFor();
    await page.locator('.cartable-annotation', { hasText: 'Comparer avec le budget 2026' }).waitFor();
    await expectAllSent();
    await expectAccessible();
    await screenshots('reader');
  });

  it('searches inside the document, and highlights the match with the keyboard only', async () => {
    await page.getByLabel('Rechercher dans le document').fill('délibération');
    await page.getByLabel('Rechercher dans le document').press('Enter');
    await page.getByText(/Résultat 1 sur \d+/).waitFor();
    await page.getByRole('button', { name: 'Surligner ce résultat' }).press('Enter');
    await page.getByRole('button', { name: 'Annuler' }).press('Enter');
    await page.locator('.cartable-annotation', { hasText: /« délibération »/i }).waitFor();
    await expectAllSent();
  });

  it('offline: reopens the meeting, the document, and annotates; back online, the annotations reach the server', async () => {
    await browser.context.setOffline(true);
    await page.goto(meetingUrl);
    await page.getByText(/Vous consultez la copie hors ligne/).waitFor();
    await page.getByRole('link', { name: 'Rapport de présentation du budget primitif 2027' }).click();
    await page.getByText('Document lu depuis la copie hors ligne.').waitFor();
    await page.locator('.textLayer span').first().waitFor();
    await page.locator('.cartable-annotation', { hasText: 'Comparer avec le budget 2026' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une note à cette page' }).click();
    await page.getByLabel('Nouvelle note pour la page 1').fill('Question à poser en séance');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.cartable-annotation', { hasText: 'Question à poser en séance' }).getByText('En attente d’envoi').waitFor();
    await screenshots('reader-offline');

    // Offline, what was never downloaded says so in French, as an information: never « Failed to fetch ».
    await page.goto(`${server.url}/profil`);
    await page.locator('.fr-alert--info').getByText('Votre profil demande une connexion.').waitFor();
    await page.goto(meetingUrl.replace(/[^/]+$/, '00000000-0000-4000-8000-000000000000'));
    await page
      .locator('.fr-alert--info')
      .getByText('Cette séance n’a pas été téléchargée : elle n’est pas consultable hors ligne.')
      .waitFor();
    expect(await page.getByText(/fetch|erreur est survenue/i).count()).toBe(0);
    await expectAccessible();
    // The inbox offline: the downloaded meeting, already opened, reads as read; only the note waits.
    await page.goto(server.url);
    const card = page.locator('.cartable-meeting-list > li', { hasText: 'Conseil municipal' });
    await card.locator('.fr-badge', { hasText: /^Lue$/ }).waitFor();
    expect(await card.locator('.fr-badge', { hasText: /^Nouvelle$/ }).count()).toBe(0);
    await page.getByText('1 modification en attente d’envoi').waitFor();
    await screenshots('inbox-offline');

    await browser.context.setOffline(false);
    await expectAllSent();

    const meetingId = new URL(meetingUrl).pathname.split('/').at(-1)!;
    const result = await server.graphql<{
      body: {
        meeting: {
          documents: { title: string; annotations: { kind: string; quote: string; note: string | null; pageNumber: number }[] }[];
        };
      };
    }>(annotationsQuery, { meetingId }, await server.token('claire.martin'));
    const report = result.data!.body.meeting.documents.find(
      (document) => document.title === 'Rapport de présentation du budget primitif 2027',
    )!;
    expect(report.annotations).toEqual(
      expect.arrayContaining([
        { kind: 'HIGHLIGHT', quote: 'budget primitif', note: 'Comparer avec le budget 2026', pageNumber: 1 },
        { kind: 'HIGHLIGHT', quote: expect.stringMatching(/^délibération$/i), note: null, pageNumber: expect.any(Number) },
        { kind: 'NOTE', quote: '', note: 'Question à poser en séance', pageNumber: 1 },
      ]),
    );
    expect(report.annotations).toHaveLength(3);
  });

  it('searches across all the documents of all her meetings', async () => {
    await page.getByRole('link', { name: 'Rechercher dans les documents' }).click();
    await page.getByLabel(/Mots recherchés/).fill('budget');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText(/\d+ résultats?/).waitFor();
    const bodies = new Set(await page.locator('.cartable-search-results li p.fr-text--xs').allTextContents());
    expect([...bodies].some((line) => line.startsWith('Département du Doubs'))).toBe(true);
    await expectAccessible();
    await screenshots('search');
  });

  it('is told that a secretariat console is reserved, with the way back to her meetings', async () => {
    await page.goto(`${server.url}/secretariat/ville-besancon`);
    await page.getByText('Cette console est réservée au secrétariat des assemblées et aux administrateurs de l’organisme.').waitFor();
    expect(await page.getByRole('button', { name: 'Nouvelle séance' }).count()).toBe(0);
    await expectAccessible();
    await screenshots('console-reserved');
    await page.getByRole('link', { name: 'Retour à mes séances' }).click();
    await page.getByRole('heading', { name: 'Mes séances', level: 1 }).waitFor();
  });
});

describe('claire.martin answers her convocation', () => {
  it('acknowledges receipt offline; the acknowledgement reaches the server when back online', async () => {
    await page.goto(meetingUrl);
    await page.getByRole('heading', { name: 'Convocation', exact: true }).waitFor();
    await browser.context.setOffline(true);
    await page.getByRole('button', { name: 'Accuser réception' }).click();
    await page.getByText('Accusé de réception en attente d’envoi : il partira au retour du réseau.').waitFor();
    expect((await claireFollowUp()).acknowledgedAt).toBeNull();
    await screenshots('meeting-receipt-offline');

    await browser.context.setOffline(false);
    await page.getByText(/^Réception accusée le /).waitFor();
    await expectAllSent();
    expect((await claireFollowUp()).acknowledgedAt).not.toBeNull();
  });

  it('gives a proxy: to a colleague who already holds one, refused in plain French; to another, recorded', async () => {
    // Paul Bernard (demo data) gave his proxy to Sophie Lambert: she may hold no second one (L2121-20).
    await answer(page, /je donne pouvoir/, 'Sophie Lambert');
    await page
      .getByText(
        'Sophie Lambert détient déjà un pouvoir pour cette séance : un même élu ne peut être porteur que d’un seul pouvoir (CGCT L2121-20).',
      )
      .waitFor();
    await page.getByText('Vous n’avez pas encore répondu.').waitFor();
    await expectAccessible();
    await screenshots('answer-refused');

    await answer(page, /je donne pouvoir/, 'Karim Benali');
    await page.getByText('Votre réponse est enregistrée.').waitFor();
    await page.getByText(/^Votre réponse : Pouvoir donné à Karim Benali \(enregistrée le /).waitFor();
    expect((await claireFollowUp()).answer).toEqual({ response: 'PROXY', proxyHolder: { displayName: 'Karim Benali' } });
  });

  it('a second official, paul.bernard, cannot give his proxy to the same holder', async () => {
    const paul = await launchBrowser(viewports.tablet);
    try {
      const paulPage = paul.context.pages()[0] ?? (await paul.context.newPage());
      await logIn(paulPage, server.url, 'paul.bernard');
      await paulPage.getByRole('link', { name: /Ouvrir la séance « Conseil municipal »/ }).click();
      await paulPage.getByText(/^Votre réponse : Pouvoir donné à Sophie Lambert/).waitFor();
      await answer(paulPage, /je donne pouvoir/, 'Karim Benali');
      await paulPage
        .getByText(
          'Karim Benali détient déjà un pouvoir pour cette séance : un même élu ne peut être porteur que d’un seul pouvoir (CGCT L2121-20).',
        )
        .waitFor();
      await paulPage.getByText(/^Votre réponse : Pouvoir donné à Sophie Lambert/).waitFor();
    } finally {
      await paul.close();
    }
  });

  it('changes her answer to present; her answers are listed, and the inbox shows it answered', async () => {
    await answer(page, /^Présent\(e\)$/);
    await page.getByText(/^Votre réponse : Présent\(e\) \(enregistrée le /).waitFor();
    const history = await page.locator('.cartable-answer-history > li').allTextContents();
    expect(history).toEqual([
      expect.stringMatching(/ — Présent\(e\) — réponse actuelle$/),
      expect.stringMatching(/ — Pouvoir donné à Karim Benali$/),
    ]);
    expect((await claireFollowUp()).answer).toEqual({ response: 'PRESENT', proxyHolder: null });
    await expectAccessible();
    await screenshots('answer');

    await page.getByRole('link', { name: 'Ville de Besançon' }).first().click();
    const ville = page.locator('.cartable-meeting-list > li', { hasText: 'Ville de Besançon' });
    await ville.getByText(/^Réponse modifiable jusqu’au /).waitFor();
    expect(await ville.locator('.fr-badge', { hasText: /^Répondu$/ }).count()).toBe(1);
    await page.getByText('3 séances — 2 convocations non lues').waitFor();
  });

  it('sees the documents of a supplement marked as new', async () => {
    const bytes = await createSamplePdf({ title: 'Plan de financement du budget 2027', pages: 2, bodyName: 'Ville de Besançon' });
    await server.uploadPdf('secretariat.ville', 'ville-besancon', 'Plan de financement du budget 2027', bytes);
    const ville = await server.graphql<{ body: { id: string } }>(
      '{ body(slug: "ville-besancon") { id } }',
      {},
      await server.token('secretariat.ville'),
    );
    const sent = await server.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { sendConvocationSupplement(bodyId: $bodyId, meetingId: $meetingId) { sequence } }',
      { bodyId: ville.data!.body.id, meetingId: new URL(meetingUrl).pathname.split('/').at(-1)! },
      await server.token('secretariat.ville'),
    );
    expect(sent.errors).toBeUndefined();

    await page.goto(meetingUrl);
    await page.getByText(/^Complément n° 1 envoyé le /).waitFor();
    await page.locator('.cartable-sends').getByText('Nouveau : Plan de financement du budget 2027').waitFor();
    const document = page.locator('.cartable-documents > li', { hasText: 'Plan de financement du budget 2027' });
    expect(await document.locator('.fr-badge').textContent()).toBe('Nouveau');
    expect(await page.locator('.cartable-documents .fr-badge').count()).toBe(1);
    await expectAccessible();
    await screenshots('meeting-supplement');
  });

  it('opens the meeting from the link of her convocation email', async () => {
    const ville = await server.graphql<{ body: { id: string } }>(
      '{ body(slug: "ville-besancon") { id } }',
      {},
      await server.token('claire.martin'),
    );
    const meetingId = new URL(meetingUrl).pathname.split('/').at(-1)!;
    await page.goto(`${server.url}/seances/${ville.data!.body.id}/${meetingId}`);
    await page.waitForURL(meetingUrl);
    await page.getByRole('heading', { name: 'Ma réponse' }).waitFor();
  });
});

describe('claire.martin’s profile and alerts', () => {
  const alertsQuery =
    '{ me { alerts { mobilePhone smsAlerts pushDevices } memberships { body { slug } paperConvocation { postalAddress } } } }';
  type Alerts = {
    me: {
      alerts: { mobilePhone: string | null; smsAlerts: boolean; pushDevices: number };
      memberships: { body: { slug: string }; paperConvocation: { postalAddress: string } | null }[];
    };
  };
  const mine = async () => (await server.graphql<Alerts>(alertsQuery, {}, await server.token('claire.martin'))).data!.me;
  const villePaper = async () => (await mine()).memberships.find((seat) => seat.body.slug === 'ville-besancon')!.paperConvocation;

  it('reads her email, opts in to SMS alerts with her mobile number, and asks for paper convocations', async () => {
    await page.getByRole('link', { name: 'Mon profil' }).click();
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    const email = page.getByLabel(/^Adresse électronique/);
    expect(await email.inputValue()).toBe('claire.martin@demo.cartable.fr');
    expect(await email.getAttribute('readonly')).not.toBeNull();

    await page.locator('.fr-checkbox-group label', { hasText: 'Recevoir aussi mes convocations par SMS' }).click();
    await page.getByLabel(/^Numéro de téléphone mobile/).fill('12');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Numéro de téléphone mobile invalide.').waitFor();
    await page.getByLabel(/^Numéro de téléphone mobile/).fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Vos préférences d’alerte sont enregistrées.').waitFor();
    expect(await page.getByLabel(/^Numéro de téléphone mobile/).inputValue()).toBe('+33612345678');
    expect((await mine()).alerts).toMatchObject({ mobilePhone: '+33612345678', smsAlerts: true });

    const ville = page.locator('.cartable-paper', { hasText: 'Ville de Besançon' });
    await ville.getByLabel(/^Adresse postale pour Ville de Besançon/).fill('3 rue de la Mairie\n25000 Besançon');
    await ville.getByRole('button', { name: 'Demander la convocation papier' }).click();
    await ville.getByText('Votre choix est enregistré.').waitFor();
    await ville.getByText(/^Par courrier, à votre demande du /).waitFor();
    expect(await villePaper()).toEqual({ postalAddress: '3 rue de la Mairie\n25000 Besançon' });
    // Each body's own article: the Ville's L2121-10, the Département's L3121-19.
    await ville.getByText('Règle applicable : CGCT L2121-10.').waitFor();
    await page.locator('.cartable-paper', { hasText: 'Département du Doubs' }).getByText('Règle applicable : CGCT L3121-19.').waitFor();
    await expectAccessible();
    await screenshots('profile');

    await ville.getByRole('button', { name: 'Revenir à la convocation électronique' }).click();
    await ville.getByText('Par voie électronique.').waitFor();
    expect(await villePaper()).toBeNull();
  });

  it('subscribes this browser to web push, and unsubscribes it', async () => {
    await browser.context.grantPermissions(['notifications'], { origin: server.url });
    // The browser's push service (Google's, for Chromium) is out of reach from this machine: its part —
    // handing out an endpoint and keys — is played by a stand-in; the app and the server are real. The
    // endpoint is a real push service's, so it is removed again before anything could be sent to it.
    await page.evaluate(() => {
      let current: PushSubscription | null = null;
      const endpoint = 'https://fcm.googleapis.com/fcm/send/e2e-claire-martin';
      const keys = {
        p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      };
      const subscription = { endpoint, toJSON: () => ({ endpoint, keys }), unsubscribe: async () => ((current = null), true) };
      PushManager.prototype.subscribe = async () => (current = subscription as unknown as PushSubscription);
      PushManager.prototype.getSubscription = async () => current;
    });
    await page.getByRole('link', { name: 'Rechercher dans les documents' }).click();
    await page.getByRole('link', { name: 'Mon profil' }).click();
    await page.getByRole('button', { name: 'Activer sur cet appareil' }).click();
    await page.getByText('Activées sur cet appareil.').waitFor();
    await page.getByText('1 appareil reçoit vos notifications.').waitFor();
    expect((await mine()).alerts.pushDevices).toBe(1);

    await page.getByRole('button', { name: 'Désactiver sur cet appareil' }).click();
    await page.getByText('Désactivées sur cet appareil.').waitFor();
    await page.getByText('0 appareil reçoit vos notifications.').waitFor();
    expect((await mine()).alerts.pushDevices).toBe(0);
  });

  it('shows a push of the server as a notification, which opens the meeting', async () => {
    const ville = await server.graphql<{ body: { id: string } }>(
      '{ body(slug: "ville-besancon") { id } }',
      {},
      await server.token('claire.martin'),
    );
    const meetingId = new URL(meetingUrl).pathname.split('/').at(-1)!;
    // What the server sends (server/src/notify/push.ts), delivered to the service worker by Chromium's DevTools protocol.
    const payload = {
      title: 'Convocation — Conseil municipal',
      body: 'Des documents ont été ajoutés.',
      url: `${server.url}/seances/${ville.data!.body.id}/${meetingId}`,
      tag: `meeting-${meetingId}`,
    };
    const cdp = await browser.context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.some((registration) => registration.scopeURL === `${server.url}/`)).toBe(true);
    const { registrationId } = registrations.find((registration) => registration.scopeURL === `${server.url}/`)!;
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });

    const shown = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map(({ title, body, tag, data }) => ({
          title,
          body,
          tag,
          data: data as unknown,
        })),
      );
    await expect.poll(shown).toEqual([{ title: payload.title, body: payload.body, tag: payload.tag, data: { url: payload.url } }]);

    // A tap on it: the service worker's notificationclick, dispatched in the worker itself.
    const [worker] = browser.context.serviceWorkers();
    await worker!.evaluate(async () => {
      const scope = self as unknown as ServiceWorkerGlobalScope;
      const [notification] = await scope.registration.getNotifications();
      scope.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }));
    });
    await page.waitForURL(meetingUrl);
    await page.getByRole('heading', { name: 'Ma réponse' }).waitFor();
    expect(await shown()).toEqual([]);
    await cdp.detach();
  });
});

describe('claire.martin’s tablet', () => {
  type Loan = { myDevice: { acceptedAt: string | null; conventionSha256: string } };
  const myDevice = async () =>
    (await server.graphql<Loan>('{ myDevice { acceptedAt conventionSha256 } }', {}, await server.token('claire.martin'))).data!.myDevice;

  it('reads her loan convention (PDF) and accepts it, online only; the acceptance date is the server’s', async () => {
    await page.getByRole('link', { name: 'Mon profil' }).click();
    await page.getByRole('link', { name: 'Ma tablette et sa convention de prêt' }).click();
    await page.getByRole('heading', { name: 'Ma tablette', level: 1 }).waitFor();
    await page.getByText('Samsung Galaxy Tab S9 FE').waitFor();
    await page.getByText('R52W70A1B2C').waitFor();

    const href = await page.getByRole('link', { name: /^Lire la convention de prêt \(PDF\)/ }).getAttribute('href');
    const pdf = await page.request.get(new URL(href!, server.url).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    const fingerprint = createHash('sha256')
      .update(await pdf.body())
      .digest('hex');
    expect(await page.locator('.cartable-fingerprint').textContent()).toBe(fingerprint);
    expect(await myDevice()).toEqual({ acceptedAt: null, conventionSha256: fingerprint });

    const accept = page.getByRole('button', { name: 'J’ai lu et j’accepte la convention de prêt' });
    await browser.context.setOffline(true);
    await page.getByText(/^Accepter la convention demande une connexion/).waitFor();
    expect(await accept.isDisabled()).toBe(true);
    await browser.context.setOffline(false);
    await expect.poll(() => accept.isEnabled()).toBe(true);
    await expectAccessible();

    await accept.click();
    const accepted = page.getByText(/^Convention acceptée le /);
    await accepted.waitFor();
    const { acceptedAt } = await myDevice();
    expect(acceptedAt).not.toBeNull();
    const shown = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
      new Date(acceptedAt!),
    );
    expect(await accepted.textContent()).toBe(`Convention acceptée le ${shown}`);
    expect(await accept.count()).toBe(0);
  });

  it('reports a problem with her tablet, and finds it among her open requests', async () => {
    await page.getByRole('button', { name: 'Signaler un problème' }).click();
    await page.getByLabel(/^Objet/).fill('La batterie se vide en une heure');
    await page.getByLabel(/^Description/).fill('Depuis la mise à jour de lundi.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Votre demande est transmise à la coordination du groupement.').waitFor();
    await page.locator('.cartable-tickets li', { hasText: 'La batterie se vide en une heure' }).waitFor();
    const open = await server.graphql<{
      supportTickets: { subject: string; openedBy: { displayName: string }; device: { serialNumber: string } }[];
    }>(
      '{ supportTickets(status: OPEN) { subject openedBy { displayName } device { serialNumber } } }',
      {},
      await server.token('coordination'),
    );
    expect(open.data!.supportTickets).toContainEqual({
      subject: 'La batterie se vide en une heure',
      openedBy: { displayName: 'Claire Martin' },
      device: { serialNumber: 'R52W70A1B2C' },
    });
    await expectAccessible();
    await screenshots('tablet');
  });
});

describe('claire.martin signs a délibération', () => {
  it('finds it under « À signer », reads it, says so, and signs the version read', async () => {
    const secretariat = await server.token('secretariat.ville');
    const idOf = async (username: string) =>
      (await server.graphql<{ me: { id: string } }>('{ me { id } }', {}, await server.token(username))).data!.me.id;
    const ville = await server.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, secretariat);
    const bodyId = ville.data!.body.id;
    const demoActs = await server.graphql<{ deliberations: { meetingId: string }[] }>(
      'query ($bodyId: UUID!) { deliberations(bodyId: $bodyId) { meetingId } }',
      { bodyId },
      secretariat,
    );
    const created = await server.graphql<{ createDeliberation: { id: string } }>(
      `mutation ($bodyId: UUID!, $meetingId: UUID!, $input: DeliberationInput!) { createDeliberation(bodyId: $bodyId, meetingId: $meetingId, input: $input) { id } }`,
      {
        bodyId,
        meetingId: demoActs.data!.deliberations[0]!.meetingId,
        input: {
          title: 'Motion pour la desserte ferroviaire',
          matiereCode: '9.4',
          dispositif: 'Article unique : le conseil adopte la motion.',
          presidentId: await idOf('claire.martin'),
          secretaryIds: [await idOf('paul.bernard')],
        },
      },
      secretariat,
    );
    const id = created.data!.createDeliberation.id;
    await server.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { recordDeliberationVote(bodyId: $bodyId, id: $id, vote: { effectif: 55, votants: 50, pour: 48, contre: 0, abstention: 2 }) { id } }',
      { bodyId, id },
      secretariat,
    );
    const finalised = await server.graphql<{ finaliseDeliberation: { number: string } }>(
      'mutation ($bodyId: UUID!, $id: UUID!) { finaliseDeliberation(bodyId: $bodyId, id: $id) { number } }',
      { bodyId, id },
      secretariat,
    );
    const number = finalised.data!.finaliseDeliberation.number;

    await page.getByRole('link', { name: 'À signer' }).click();
    await page.getByRole('heading', { name: 'À signer', level: 1 }).waitFor();
    await page.getByRole('heading', { name: `Délibération n° ${number} — Motion pour la desserte ferroviaire` }).waitFor();
    const href = await page.getByRole('link', { name: new RegExp(`^Lire la délibération n° ${number} \\(PDF\\)`) }).getAttribute('href');
    const pdf = await page.request.get(new URL(href!, server.url).href);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    const sign = page.getByRole('button', { name: 'Signer' });
    expect(await sign.isDisabled()).toBe(true);
    await page.locator('.fr-checkbox-group label', { hasText: `J’ai lu la délibération n° ${number} (version 1)` }).click();
    await expect.poll(() => sign.isEnabled()).toBe(true);
    await expectAccessible();
    await screenshots('a-signer');
    await sign.click();
    await page.getByText(`Délibération n° ${number} signée.`).waitFor();
    const signatures = await server.graphql<{ deliberations: { id: string; signatures: { signerName: string; role: string }[] }[] }>(
      'query ($bodyId: UUID!) { deliberations(bodyId: $bodyId) { id signatures { signerName role } } }',
      { bodyId },
      secretariat,
    );
    expect(signatures.data!.deliberations.find((act) => act.id === id)!.signatures).toEqual([
      { signerName: 'Claire Martin', role: 'PRESIDENT' },
    ]);
  });
});

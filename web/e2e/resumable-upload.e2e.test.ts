import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeLargePdf } from '../../server/test/media/pdf-fixtures.ts';
import { chromiumPath, launchBrowser, logIn, seriousAccessibilityViolations, type Browser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * Resumable uploads in the console: with parts of 64 KiB (UPLOAD_PART_SIZE_BYTES, the local storage
 * accepts small parts), a PDF of about 1.2 MB goes in ~19 parts. The network is cut after a few parts
 * (Chromium offline): the upload pauses and says so, resumes when the network is back, and sends each
 * part once. Then a reload in the middle of an upload: picking the same file again offers to resume it.
 */
const artifacts = fileURLToPath(new URL('../e2e-artifacts/', import.meta.url));
const partSize = 64 * 1024;

let server: RunningServer;
let browser: Browser;
let page: Page;
let folder: string;
let meetingPath: string;
let meetingId: string;
let pdf: Buffer;

/**
 * Records in the page itself, in sessionStorage (kept across a reload), the part number of each part PUT
 * the page sends, in order. Playwright's network events are not used for this: around request interception and a
 * reload, some never arrive (a part stored by the server with neither a `request` nor a `response` event
 * was seen under load), while the page's own record of what it sent is exact.
 */
function recordPartsInPage() {
  const key = 'cartable.e2e.parts';
  const log = (part: number) =>
    sessionStorage.setItem(key, JSON.stringify([...(JSON.parse(sessionStorage.getItem(key) ?? '[]') as number[]), part]));
  const partOf = new WeakMap<XMLHttpRequest, number>();
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (
    this: XMLHttpRequest,
    method: string,
    url: string | URL,
    ...rest: [boolean?, string?, string?]
  ) {
    const target = new URL(url, location.href);
    if (method === 'PUT' && target.pathname.endsWith('/storage/part')) {
      const token = (target.searchParams.get('token') ?? '').split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/');
      partOf.set(this, (JSON.parse(atob(token)) as { partNumber: number }).partNumber);
    }
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof open;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: XMLHttpRequestBodyInit | null) {
    const part = partOf.get(this);
    if (part !== undefined) log(part);
    return send.call(this, body);
  };
}

/** The part numbers of the part PUTs the page sent so far, in order (see `recordPartsInPage`). */
async function sentParts(): Promise<number[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('cartable.e2e.parts') ?? '[]') as number[]);
}

/** The parts the storage holds for the upload the page remembers (localStorage), as the API reports them. */
async function partsStoredOnServer(): Promise<number[]> {
  const uploadId = await page.evaluate(() => {
    const records = Object.keys(localStorage).filter((key) => key.startsWith('cartable.upload.'));
    return records.length === 1 ? (JSON.parse(localStorage.getItem(records[0]!)!) as { uploadId: string }).uploadId : null;
  });
  expect(uploadId, 'one upload in parts remembered by the page').not.toBeNull();
  const progress = await server.graphql<{ body: { documentUpload: { storedParts: { partNumber: number }[] } } }>(
    'query ($id: UUID!) { body(slug: "ville-besancon") { documentUpload(id: $id) { storedParts { partNumber } } } }',
    { id: uploadId },
    await server.token('secretariat.ville'),
  );
  return progress.data!.body.documentUpload.storedParts.map((part) => part.partNumber);
}

/**
 * Resuming sends only what the storage lacks: none of the parts it held when the upload stopped, each
 * other part once (a part stored while its answer was lost is not sent again either: it is not asked for).
 */
function expectOnlyMissingPartsSent(sentAfter: number[], storedWhenStopped: number[]) {
  expect(new Set(sentAfter).size).toBe(sentAfter.length);
  expect(sentAfter.filter((part) => storedWhenStopped.includes(part))).toEqual([]);
}

beforeAll(async () => {
  await access(chromiumPath).catch(() => {
    throw new Error(`No Chromium at ${chromiumPath}: run bash scripts/e2e/install-chromium.sh`);
  });
  await mkdir(artifacts, { recursive: true });
  server = await startServer({ UPLOAD_PART_SIZE_BYTES: String(partSize) });
  const token = await server.token('secretariat.ville');
  const body = await server.graphql<{ body: { id: string; slug: string; assemblies: { id: string; kind: string }[] } }>(
    '{ body(slug: "ville-besancon") { id slug assemblies { id kind } } }',
    {},
    token,
  );
  const { id: bodyId, assemblies } = body.data!.body;
  const created = await server.graphql<{ createMeeting: { id: string } }>(
    'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
    {
      bodyId,
      input: { assemblyId: assemblies[0]!.id, title: 'Séance des annexes', startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    },
    token,
  );
  meetingId = created.data!.createMeeting.id;
  meetingPath = `/secretariat/ville-besancon/seances/${meetingId}/documents`;
  folder = await mkdtemp(path.join(tmpdir(), 'cartable-e2e-parts-'));
  writeLargePdf(path.join(folder, 'annexes.pdf'), { pages: 20, imageBytes: 60_000 });
  pdf = await readFile(path.join(folder, 'annexes.pdf'));
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.addInitScript(recordPartsInPage);
  await logIn(page, server.url, 'secretariat.ville', 'Séances');
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await page
    .screenshot({
      path: path.join(artifacts, `upload-failed-${context.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}.png`),
      fullPage: true,
    })
    .catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The SHA-256 the server computed for a document of the meeting, by title. */
async function storedHash(title: string): Promise<string | undefined> {
  const listed = await server.graphql<{ body: { meeting: { documents: { title: string; versions: { sha256: string }[] }[] } } }>(
    'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { title versions { sha256 } } } } }',
    { id: meetingId },
    await server.token('secretariat.ville'),
  );
  return listed.data!.body.meeting.documents.find((document) => document.title === title)?.versions[0]?.sha256;
}

/** The part PUTs from the `from`-th to the `to`-th fail as a connection cut, after `cut` ran. */
async function dropParts(from: number, to: number, cut: () => unknown) {
  let parts = 0;
  await page.route('**/storage/part**', async (route) => {
    parts += 1;
    if (parts < from || parts > to) return route.continue();
    await cut();
    // The page may be reloading already, its requests cancelled.
    return route.abort('connectionreset').catch(() => undefined);
  });
}

async function openDocuments() {
  await page.goto(`${server.url}${meetingPath}`);
  await page.getByRole('heading', { name: 'Documents', level: 2 }).waitFor();
  await page.evaluate(() => sessionStorage.removeItem('cartable.e2e.parts'));
}

/** Picks a file from disk, as a person does: its modification date is the file's (a buffer would get "now"). */
async function chooseFile(name: string) {
  const file = path.join(folder, name);
  await writeFile(file, pdf, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await page.getByLabel('Fichier PDF').setInputFiles(file);
}

describe('resumable uploads in the console', () => {
  it('pauses when the network drops, resumes when it is back, and sends each part once', async () => {
    const partCount = Math.ceil(pdf.length / partSize);
    expect(partCount).toBeGreaterThan(10);
    await openDocuments();
    // The network goes down while the sixth part leaves.
    await dropParts(6, 6, () => browser.context.setOffline(true));
    await chooseFile('annexes-budgetaires.pdf');
    await page.getByLabel('Titre du document').fill('Annexes budgétaires');
    await page.getByRole('button', { name: 'Téléverser' }).click();

    await page.getByText('Connexion perdue — l’envoi reprendra automatiquement.').first().waitFor();
    await page.getByText(/Envoi de « annexes-budgetaires\.pdf » interrompu à \d+ %/).waitFor();
    const percent = Number(await page.locator('progress.cartable-upload__bar').getAttribute('value'));
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(100);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'upload-paused.png'), fullPage: true });
    const storedWhenPaused = await partsStoredOnServer();
    expect(storedWhenPaused.length).toBeGreaterThanOrEqual(4);
    expect(storedWhenPaused.length).toBeLessThan(partCount);
    const sentWhenPaused = (await sentParts()).length;

    await browser.context.setOffline(false);
    await page.getByRole('status').getByText('« annexes-budgetaires.pdf » est ajouté.').waitFor({ timeout: 60_000 });
    await page.locator('.fr-table').getByText('Annexes budgétaires', { exact: true }).waitFor();
    const sentAfter = (await sentParts()).slice(sentWhenPaused);
    expect(sentAfter.length).toBeGreaterThan(0);
    expectOnlyMissingPartsSent(sentAfter, storedWhenPaused);
    expect(await storedHash('Annexes budgétaires')).toBe(createHash('sha256').update(pdf).digest('hex'));
    await page.unroute('**/storage/part**');
  });

  it('after a reload, offers to resume when the same file is picked again', async () => {
    const partCount = Math.ceil(pdf.length / partSize);
    await openDocuments();
    // The page is left while the fifth part leaves.
    let left!: () => void;
    const leaving = new Promise<void>((resolve) => (left = resolve));
    await dropParts(5, Infinity, () => left());
    await chooseFile('annexes-v2.pdf');
    await page.getByLabel('Titre du document').fill('Annexes, seconde partie');
    await page.getByRole('button', { name: 'Téléverser' }).click();
    await leaving;
    await page.unroute('**/storage/part**');
    await page.reload();
    await page.getByRole('heading', { name: 'Documents', level: 2 }).waitFor();
    const storedWhenLeft = await partsStoredOnServer();
    expect(storedWhenLeft.length).toBeGreaterThanOrEqual(3);
    expect(storedWhenLeft.length).toBeLessThan(partCount);
    const sentWhenLeft = (await sentParts()).length;

    await chooseFile('annexes-v2.pdf');
    await page.getByText('Un envoi interrompu de « annexes-v2.pdf » peut reprendre là où il s’était arrêté', { exact: false }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reprendre l’envoi' }).click();
    await page.getByRole('status').getByText('« annexes-v2.pdf » est ajouté.').waitFor({ timeout: 60_000 });
    await page.locator('.fr-table').getByText('Annexes, seconde partie', { exact: true }).waitFor();
    const sent = await sentParts();
    const sentAfter = sent.slice(sentWhenLeft);
    await writeFile(
      path.join(artifacts, 'upload-parts.log'),
      `parts sent before the reload: ${sent.slice(0, sentWhenLeft).join(', ')}\n` +
        `parts stored when the page was left: ${storedWhenLeft.join(', ')}\nparts sent after: ${sentAfter.join(', ')}\n`,
    );
    expect(sentAfter.length).toBeGreaterThan(0);
    expectOnlyMissingPartsSent(sentAfter, storedWhenLeft);
    expect(await storedHash('Annexes, seconde partie')).toBe(createHash('sha256').update(pdf).digest('hex'));
  });
});

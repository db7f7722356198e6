// @ts-check
// The official's web app: size of the build (gzip) and time to the first rendered page of a 300-page PDF
// in headless Chromium (Debian's, driven by playwright-core), against the real product on loopback.
// Run after `npm run build`: node_modules/.bin/node scripts/bench/web-app.mjs [--count 5] [--timeout 900]
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createSamplePdf } from '../../server/dist/media/sample-pdf.js';
import { writeLargePdf } from '../../server/test/media/pdf-fixtures.ts';
import { launchBrowser, logIn } from '../../web/e2e/browser.ts';
import { startServer } from '../../web/e2e/server.ts';
import { formatStats, machineInfo, onCleanup, parseBenchArgs, repoRoot, round, runBench, summarize } from './lib.mjs';

const { count: runs, timeoutSeconds } = parseBenchArgs({ count: 5, timeoutSeconds: 900 });
const pages = 300;
const kb = (bytes) => round(bytes / 1024, 1);

async function filesUnder(directory) {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every file of web/dist gzipped (level 9, as a server would), and the entry chunk and style sheet. */
async function buildSize() {
  const dist = path.join(repoRoot, 'web', 'dist');
  const index = await readFile(path.join(dist, 'index.html'), 'utf8');
  const entryScript = index.match(/<script type="module"[^>]*src="\/([^"]+)"/)?.[1];
  const entryStyle = index.match(/<link rel="stylesheet"[^>]*href="\/([^"]+)"/)?.[1];
  let raw = 0;
  let gzip = 0;
  const sizes = {};
  for (const file of await filesUnder(dist)) {
    const bytes = await readFile(file);
    const compressed = /\.(woff2?|png)$/.test(file) ? bytes.length : gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += compressed;
    sizes[path.relative(dist, file)] = { raw: bytes.length, gzip: compressed };
  }
  const reader = Object.keys(sizes).filter((name) => /ReaderPage-.*\.js$/.test(name));
  const worker = Object.keys(sizes).filter((name) => /pdf\.worker.*\.mjs$/.test(name));
  const sum = (names) => names.reduce((total, name) => total + sizes[name].gzip, 0);
  return {
    files: Object.keys(sizes).length,
    totalKb: kb(raw),
    totalGzipKb: kb(gzip),
    mainChunk: { file: entryScript, kb: kb(sizes[entryScript].raw), gzipKb: kb(sizes[entryScript].gzip) },
    mainStyles: { file: entryStyle, kb: kb(sizes[entryStyle].raw), gzipKb: kb(sizes[entryStyle].gzip) },
    readerChunkGzipKb: kb(sum(reader)),
    pdfWorkerGzipKb: kb(sum(worker)),
  };
}

await runBench('web-app', timeoutSeconds, async () => {
  const size = await buildSize();
  console.log(`build: ${size.files} files, ${size.totalKb} KB, ${size.totalGzipKb} KB gzip (fonts and images counted as is)`);
  console.log(
    `entry chunk ${size.mainChunk.file}: ${size.mainChunk.kb} KB, ${size.mainChunk.gzipKb} KB gzip; styles ${size.mainStyles.gzipKb} KB gzip`,
  );
  console.log(`reader chunk ${size.readerChunkGzipKb} KB gzip, pdf.js worker ${size.pdfWorkerGzipKb} KB gzip (loaded with the reader)`);

  // Parts as large as the scan, so that each document goes up in one POST as `uploadPdf` sends it: the
  // reader is measured here, the multipart upload by document-upload.mjs.
  const server = await startServer({ UPLOAD_PART_SIZE_BYTES: String(128 * 1_048_576) });
  onCleanup(() => server.stop());
  // Two 300-page documents: text set by a word processor (small, compressed object streams), and a scan
  // (a 200 KB image per page, about 60 MB) where reading only what page 1 needs matters most.
  const folder = await mkdtemp(path.join(tmpdir(), 'cartable-bench-pdf-'));
  onCleanup(() => rm(folder, { recursive: true, force: true }));
  const scanFile = path.join(folder, 'scan.pdf');
  writeLargePdf(scanFile, { pages, imageBytes: 200_000 });
  const documents = {
    text: await createSamplePdf({ title: 'Budget primitif — rapport complet', pages, bodyName: 'Ville de Besançon' }),
    scan: new Uint8Array(await readFile(scanFile)),
  };
  const readerPaths = {};
  for (const [name, bytes] of Object.entries(documents)) {
    const upload = performance.now();
    readerPaths[name] = await server.uploadPdf('secretariat.ville', 'ville-besancon', `Document de ${pages} pages (${name})`, bytes);
    console.log(
      `${pages}-page PDF (${name}): ${kb(bytes.length)} KB, uploaded and verified in ${Math.round(performance.now() - upload)} ms`,
    );
  }

  const browser = await launchBrowser();
  onCleanup(() => browser.close());
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await logIn(page, server.url, 'claire.martin');

  let bytesFetched = 0;
  browser.context.on('response', (response) => {
    if (response.url().includes('/storage/object')) bytesFetched += Number(response.headers()['content-length'] ?? 0);
  });
  const results = {};
  for (const [name, readerPath] of Object.entries(readerPaths)) {
    const samples = [];
    const fetched = [];
    for (let run = 0; run < runs; run += 1) {
      bytesFetched = 0;
      await page.goto(`${server.url}${readerPath}`);
      await page.waitForFunction(() => performance.getEntriesByName('cartable:first-page').length > 0, null, { timeout: 60_000 });
      samples.push(await page.evaluate(() => performance.getEntriesByName('cartable:first-page')[0].startTime));
      fetched.push(bytesFetched);
    }
    const firstPageMs = summarize(samples, 0);
    console.log(`${name}: first page rendered, from navigation start (app boot, API, pdf.js, ranges): ${formatStats(firstPageMs)}`);
    console.log(`${name}: bytes read from storage by then: median ${kb(summarize(fetched).median)} KB of ${kb(documents[name].length)} KB`);
    results[name] = { pages, kb: kb(documents[name].length), firstPageMs, storageReadKb: summarize(fetched.map(kb), 1) };
  }
  return { machine: machineInfo(), build: size, documents: results };
});

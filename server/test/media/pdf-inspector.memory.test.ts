import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { measured, mb } from '../helpers/rss.js';
import { writeLargePdf } from './pdf-fixtures.js';

/*
 * In a file of its own (vitest runs each file in a fresh process), so that nothing else weighs on the
 * process' memory while it is measured.
 */

const PAGES = 300;
const IMAGE_BYTES = 700 * 1024;
const MB = 1024 * 1024;

let dir: string;
let largePath: string;
let largeSize: number;
let smallPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cartable-large-pdf-'));
  largePath = path.join(dir, 'scan.pdf');
  const started = performance.now();
  largeSize = writeLargePdf(largePath, { pages: PAGES, imageBytes: IMAGE_BYTES });
  console.info(`large PDF: ${PAGES} pages, ${mb(largeSize)} written in ${(performance.now() - started).toFixed(0)} ms`);
  smallPath = path.join(dir, 'small.pdf');
  await writeFile(smallPath, await createSamplePdf({ title: 'Procès-verbal', pages: 5 }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('inspects a 200 MB scanned PDF with a memory growth far below the file size', async () => {
  expect(largeSize).toBeGreaterThan(200 * MB);

  // A first inspection loads sharp and what every worker costs once per process (the allocator keeps
  // the memory of finished threads for the next ones), as on a server that has been running a while.
  const small = await measured(() => inspectPdf(smallPath));
  console.info(`warm-up, 5-page PDF: ${small.ms.toFixed(0)} ms, RSS +${mb(small.growth)} from ${mb(small.baseline)}`);

  const large = await measured(() => inspectPdf(largePath));
  console.info(`inspectPdf, ${mb(largeSize)} PDF: ${large.ms.toFixed(0)} ms, RSS +${mb(large.growth)} from ${mb(large.baseline)}`);

  const inspection = large.result;
  expect(inspection.pageCount).toBe(PAGES);
  expect(inspection.pages).toHaveLength(PAGES);
  expect(inspection.pages[0]!.text).toBe('Délibération n° 1 : pièce annexée, numérisée');
  expect(inspection.pages[PAGES - 1]!.text).toBe(`Délibération n° ${PAGES} : pièce annexée, numérisée`);
  expect(inspection.thumbnail).toMatchObject({ width: 480, contentType: 'image/webp' });
  // Read whole, the file would add more than its size (pdfjs holds every byte it read, plus the worker).
  expect(large.growth).toBeLessThan(largeSize / 2);
}, 180_000);

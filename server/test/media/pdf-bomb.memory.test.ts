import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PdfRejectedError } from '../../src/media/errors.js';
import { createPdfInspections, inspectPdf } from '../../src/media/pdf-inspector.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { measured, mb } from '../helpers/rss.js';
import { deflatedZeros, writeStreamPdf } from './pdf-fixtures.js';

/*
 * A Flate bomb: a 1 MB PDF whose content stream inflates to 1 GiB. In a file of its own (vitest runs
 * each file in a fresh process), so that nothing else weighs on the process' memory while it is
 * measured. The worker is a thread: the process' RSS covers it.
 */

const MB = 1024 * 1024;
const GiB = 1024 * MB;

let dir: string;
let bombPath: string;
let bombSize: number;
let smallPath: string;

/** Runs an inspection expected to be refused: the error, with the time and RSS growth. */
async function refusal(inspect: () => Promise<unknown>) {
  const { result: error, ...figures } = await measured(() =>
    inspect().then(
      () => null,
      (caught: unknown) => caught,
    ),
  );
  return { error, ...figures };
}

function expectTooComplex(error: unknown): void {
  expect(error).toBeInstanceOf(PdfRejectedError);
  expect(error).toMatchObject({ reason: 'PDF_TOO_COMPLEX', code: 'BAD_USER_INPUT' });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cartable-pdf-bomb-'));
  bombPath = path.join(dir, 'bomb.pdf');
  bombSize = await writeStreamPdf(bombPath, '/FlateDecode', deflatedZeros(GiB));
  smallPath = path.join(dir, 'small.pdf');
  await writeFile(smallPath, await createSamplePdf({ title: 'Procès-verbal', pages: 2 }));
  // What every worker costs once per process (sharp, the allocator's arenas), as on a running server.
  await inspectPdf(smallPath);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('refuses a 1 MB PDF inflating to 1 GiB in under 5 s, with less than 300 MB of RSS growth', async () => {
  expect(bombSize).toBeLessThan(1.1 * MB);
  const { error, ms, baseline, growth } = await refusal(() => inspectPdf(bombPath));
  console.info(`Flate bomb (${mb(bombSize)} → 1 GiB): refused in ${ms.toFixed(0)} ms, RSS +${mb(growth)} from ${mb(baseline)}`);
  expectTooComplex(error);
  expect((error as PdfRejectedError).detail).toMatch(/inflates to more than/);
  expect(ms).toBeLessThan(5_000);
  expect(growth).toBeLessThan(300 * MB);
}, 30_000);

it('queues two bombs inspected at once (one slot): they run one after the other, memory stays bounded', async () => {
  const inspections = createPdfInspections({ concurrency: 1 });
  const spans: { start: number; end: number }[] = [];
  const inspectOnce = () =>
    inspections.run(async (inspect) => {
      const span = { start: performance.now(), end: 0 };
      spans.push(span);
      try {
        return await inspect(bombPath);
      } finally {
        span.end = performance.now();
      }
    });
  const { result: outcomes, ms, growth } = await measured(() => Promise.allSettled([inspectOnce(), inspectOnce()]));
  console.info(`two Flate bombs at once, one slot: both refused in ${ms.toFixed(0)} ms, RSS +${mb(growth)}`);
  for (const outcome of outcomes) {
    expect(outcome.status).toBe('rejected');
    expectTooComplex((outcome as PromiseRejectedResult).reason);
  }
  expect(spans).toHaveLength(2);
  expect(spans[1]!.start).toBeGreaterThanOrEqual(spans[0]!.end);
  expect(growth).toBeLessThan(300 * MB);
}, 30_000);

it('stops the worker at its memory limit when the stream is not measured beforehand (any filter)', async () => {
  // The Flate caps lifted: pdf.js starts decoding the 1 GiB, the memory watchdog terminates it.
  const { error, ms, growth } = await refusal(() =>
    inspectPdf(bombPath, { maxStreamBytes: 4 * GiB, maxInflatedBytes: 4 * GiB, memoryLimitMb: 128 }),
  );
  console.info(`Flate bomb, caps lifted, worker limit 128 MiB: refused in ${ms.toFixed(0)} ms, RSS +${mb(growth)}`);
  expectTooComplex(error);
  expect((error as PdfRejectedError).detail).toMatch(/memory limit of 128 MiB/);
  expect(growth).toBeLessThan(300 * MB);
}, 60_000);

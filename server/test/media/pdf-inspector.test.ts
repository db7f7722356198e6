import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { getDocument, PasswordException } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRejectedError, type PdfRejectionReason } from '../../src/media/errors.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { createEncryptedPdf, createZeroPagePdf, deflatedZeros, writeStreamPdf } from './pdf-fixtures.js';

let dir: string;
let samplePath: string;
let sampleBytes: Uint8Array;

const TITLE = 'Budget primitif 2025 : délibérations du conseil';
const BODY = 'Conseil municipal de Saint-Étienne-lès-Crœux';

async function fixture(name: string, data: Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

async function openDescriptors(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

async function expectRejection(promise: Promise<unknown>, reason: PdfRejectionReason): Promise<PdfRejectedError> {
  const error = await promise.then(
    () => expect.unreachable('inspectPdf should have failed'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PdfRejectedError);
  const rejected = error as PdfRejectedError;
  expect(rejected.reason).toBe(reason);
  expect(rejected.code).toBe('BAD_USER_INPUT');
  expect(rejected.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
  return rejected;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cartable-pdf-'));
  sampleBytes = await createSamplePdf({ title: TITLE, pages: 5, bodyName: BODY });
  samplePath = await fixture('sample.pdf', sampleBytes);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inspectPdf', () => {
  it('counts the pages, extracts accented text page by page and renders a 480-wide WebP thumbnail', async () => {
    const started = performance.now();
    const inspection = await inspectPdf(samplePath);
    const elapsed = performance.now() - started;

    expect(inspection.pageCount).toBe(5);
    expect(inspection.pages.map((page) => page.number)).toEqual([1, 2, 3, 4, 5]);
    // One line of text per line of the page (the title wraps on the cover).
    const [cover, second] = inspection.pages.map((page) => page.text.replaceAll('\n', ' '));
    expect(cover).toContain('RÉPUBLIQUE FRANÇAISE');
    expect(cover).toContain(BODY);
    expect(cover).toContain(TITLE);
    expect(cover).toContain('Séance publique du vendredi 14 mars à 18 h 30');
    expect(second).toContain('1. Approbation du procès-verbal de la séance précédente');
    const allText = inspection.pages.map((page) => page.text).join('\n');
    for (const word of ['délibéré', 'unanimité', 'Lefèvre', 'à', 'Garçon', 'Cœurdacier', '€']) {
      expect(allText).toContain(word);
    }
    expect(allText).not.toMatch(/[ \t]{2,}/);
    expect(inspection.pages[4]!.text).toContain('5 / 5');

    const { thumbnail } = inspection;
    expect(thumbnail.contentType).toBe('image/webp');
    expect(thumbnail.width).toBe(480);
    expect(thumbnail.height).toBe(Math.round((841.89 * 480) / 595.28));
    expect(thumbnail.data.toString('latin1', 0, 4)).toBe('RIFF');
    expect(thumbnail.data.toString('latin1', 8, 12)).toBe('WEBP');
    const metadata = await sharp(thumbnail.data).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 480, height: thumbnail.height });
    // The page was really drawn: dark title text on a white page.
    const stats = await sharp(thumbnail.data).stats();
    expect(stats.channels[0]!.min).toBeLessThan(80);
    expect(stats.channels[0]!.max).toBeGreaterThan(240);
    console.info(`inspectPdf, 5-page sample (${sampleBytes.length} bytes): ${elapsed.toFixed(0)} ms`);
  });

  it('honours maxPages and thumbnailWidth', async () => {
    const inspection = await inspectPdf(samplePath, { maxPages: 2, thumbnailWidth: 200 });
    expect(inspection.pageCount).toBe(5);
    expect(inspection.pages.map((page) => page.number)).toEqual([1, 2]);
    expect(inspection.thumbnail.width).toBe(200);
  });

  it('refuses what is not a PDF, judging from the first bytes only', async () => {
    const text = await fixture('notes.pdf', 'Ordre du jour : approbation du budget.\n');
    const error = await expectRejection(inspectPdf(text), 'NOT_A_PDF');
    expect(error.message).toBe('Le fichier n’est pas un document PDF.');
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await expectRejection(inspectPdf(await fixture('image.pdf', png)), 'NOT_A_PDF');
    await expectRejection(inspectPdf(await fixture('empty.pdf', '')), 'NOT_A_PDF');
    // A PDF header further down (tolerated by some readers) is not accepted either.
    await expectRejection(inspectPdf(await fixture('prefixed.pdf', Buffer.concat([Buffer.from('junk\n'), sampleBytes]))), 'NOT_A_PDF');
  });

  it('refuses a truncated or garbled PDF as damaged', async () => {
    const truncated = await fixture('truncated.pdf', sampleBytes.subarray(0, Math.floor(sampleBytes.length * 0.6)));
    const error = await expectRejection(inspectPdf(truncated), 'CORRUPT_PDF');
    expect(error.message).toMatch(/^Le document PDF est endommagé ou illisible/);
    await expectRejection(inspectPdf(await fixture('garbage.pdf', '%PDF-1.7\nceci n’est pas un PDF\n')), 'CORRUPT_PDF');
  });

  it('refuses a password-protected PDF', async () => {
    const file = await fixture('encrypted.pdf', createEncryptedPdf());
    const error = await expectRejection(inspectPdf(file), 'ENCRYPTED_PDF');
    expect(error.message).toMatch(/^Le document est protégé par un mot de passe/);
    // Protected with certificates (a security handler pdfjs does not know): protected all the same.
    const certificates = await fixture('certificates.pdf', createEncryptedPdf('secret', 'owner', 'Adobe.PubSec'));
    await expectRejection(inspectPdf(certificates), 'ENCRYPTED_PDF');
  });

  it('refuses a PDF without pages', async () => {
    const file = await fixture('zero-pages.pdf', await createZeroPagePdf());
    const error = await expectRejection(inspectPdf(file), 'EMPTY_PDF');
    expect(error.message).toBe('Le document PDF ne contient aucune page.');
  });

  it('aborts at the time limit, without blocking the event loop meanwhile', async () => {
    // A tiny file that expands to millions of text operators (about 10 s of parsing).
    const operators = Buffer.from('BT /F1 12 Tf 10 10 Td (bombe) Tj ET\n'.repeat(3_000_000));
    const content = deflateSync(operators, { level: 9 });
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      null,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
    const offsets: number[] = [];
    let offset = parts[0]!.length;
    objects.forEach((body, index) => {
      offsets.push(offset);
      const chunk =
        body === null
          ? Buffer.concat([
              Buffer.from(`${index + 1} 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`),
              content,
              Buffer.from('\nendstream\nendobj\n'),
            ])
          : Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`);
      parts.push(chunk);
      offset += chunk.length;
    });
    const xref = offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
    parts.push(Buffer.from(`xref\n0 6\n0000000000 65535 f \n${xref}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
    const file = await fixture('complex.pdf', Buffer.concat(parts));

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = performance.now();
    try {
      await expectRejection(inspectPdf(file, { timeLimitMs: 1_500 }), 'PDF_TOO_COMPLEX');
    } finally {
      clearInterval(ticker);
    }
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(4_000);
    // The parsing ran on the worker thread: the event loop kept ticking (about 30 ticks; a blocked loop
    // would have seen one or none).
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('measures the inflated size of Flate streams before parsing: per stream, nested layers included, and per document', async () => {
    const MiB = 1024 * 1024;
    // 64 MiB of zeros deflated twice, declared as one filter only: the scan goes by the data, not the dictionary.
    const nested = path.join(dir, 'nested.pdf');
    await writeStreamPdf(
      nested,
      '/FlateDecode',
      (async function* () {
        const inner: Buffer[] = [];
        for await (const chunk of deflatedZeros(64 * MiB)) inner.push(chunk);
        yield deflateSync(Buffer.concat(inner));
      })(),
    );
    const error = await expectRejection(inspectPdf(nested, { maxStreamBytes: 16 * MiB }), 'PDF_TOO_COMPLEX');
    expect(error.detail).toBe(`a stream inflates to more than ${16 * MiB} bytes`);
    expect(error.message).toMatch(/^Le document PDF est trop complexe pour être analysé/);
    // Within the caps, the same scan lets a real document through; all its streams count for the document.
    expect((await inspectPdf(samplePath, { maxStreamBytes: 1 * MiB })).pageCount).toBe(5);
    const whole = await expectRejection(inspectPdf(samplePath, { maxInflatedBytes: 1_000 }), 'PDF_TOO_COMPLEX');
    expect(whole.detail).toBe('the streams inflate to more than 1000 bytes');
  });

  it('terminates the worker at its memory limit, whatever the filter (here a run-length bomb)', async () => {
    // 2 bytes of run-length code give 128 zeros: 4 MB decode to 256 MB, in a buffer outside the V8 heap.
    const runs = Buffer.alloc(4 * 1024 * 1024);
    for (let index = 0; index < runs.length; index += 2) runs[index] = 129;
    const file = path.join(dir, 'run-length.pdf');
    await writeStreamPdf(
      file,
      '/RunLengthDecode',
      (async function* () {
        yield runs;
      })(),
    );
    const error = await expectRejection(inspectPdf(file, { memoryLimitMb: 96 }), 'PDF_TOO_COMPLEX');
    expect(error.detail).toMatch(/^memory limit of 96 MiB reached/);
  });

  it('closes its file descriptor whatever the outcome', async () => {
    const before = await openDescriptors();
    await inspectPdf(samplePath);
    await expectRejection(inspectPdf(await fixture('trunc2.pdf', sampleBytes.subarray(0, 500))), 'CORRUPT_PDF');
    await expectRejection(inspectPdf(await fixture('enc2.pdf', createEncryptedPdf())), 'ENCRYPTED_PDF');
    await expectRejection(inspectPdf(samplePath, { timeLimitMs: 1 }), 'PDF_TOO_COMPLEX');
    expect(await openDescriptors()).toBe(before);
  });
});

describe('the encrypted fixture', () => {
  it('is a real password-protected PDF: pdfjs asks for the password, and reads it with the password', async () => {
    const bytes = createEncryptedPdf('secret');
    const withoutPassword = getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
    const error = await withoutPassword.promise.then(
      () => expect.unreachable('the document should need a password'),
      (caught: unknown) => caught,
    );
    await withoutPassword.destroy();
    expect(error).toBeInstanceOf(PasswordException);
    expect((error as PasswordException).code).toBe(1); // PasswordResponses.NEED_PASSWORD

    const wrong = getDocument({ data: new Uint8Array(bytes), password: 'devine', verbosity: 0 });
    const wrongError = await wrong.promise.then(
      () => expect.unreachable('a wrong password should be refused'),
      (caught: unknown) => caught,
    );
    await wrong.destroy();
    expect((wrongError as PasswordException).code).toBe(2); // PasswordResponses.INCORRECT_PASSWORD

    const task = getDocument({ data: new Uint8Array(bytes), password: 'secret', verbosity: 0 });
    try {
      const doc = await task.promise;
      const page = await doc.getPage(1);
      const content = await page.getTextContent();
      expect(content.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('Document confidentiel du bureau municipal');
    } finally {
      await task.destroy();
    }
  });
});

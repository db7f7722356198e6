import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cartable-sample-pdf-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createSamplePdf', () => {
  it('produces the requested number of A4 pages, with a title and metadata', async () => {
    const bytes = await createSamplePdf({ title: 'Conseil communautaire', pages: 12, bodyName: 'Communauté de communes du Val d’Oise' });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(12);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    expect(doc.getTitle()).toBe('Conseil communautaire');
    expect(doc.getAuthor()).toBe('Communauté de communes du Val d’Oise');
  });

  it('writes the given paragraphs, replacing what WinAnsi cannot encode instead of failing', async () => {
    const bytes = await createSamplePdf({
      title: 'Ordre du jour',
      pages: 2,
      paragraphs: ['Article\u202f1 : l’œuvre « Noël » coûte 12\u00a0€ \u2192 validé 🎉 à 18\u2009h.'],
    });
    const file = path.join(dir, 'custom.pdf');
    await writeFile(file, bytes);
    const { pages } = await inspectPdf(file);
    expect(pages[1]!.text).toContain('Article 1 : l’œuvre « Noël » coûte 12 € ? validé ? à 18 h.');
  });

  it('refuses a page count it cannot honour', async () => {
    await expect(createSamplePdf({ title: 'x', pages: 0 })).rejects.toThrow(RangeError);
  });
});

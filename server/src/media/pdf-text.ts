import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, PDFHexString, PDFName, rgb, StandardFonts } from 'pdf-lib';
import { srgbIccProfile } from './srgb-icc.js';

/** A4, in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;

/** Characters that French text often holds but WinAnsi lacks, mapped to the closest WinAnsi character. */
const WIN_ANSI_FALLBACKS: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space: no-break space
  '\u2009': ' ', // thin space
  '\u2007': '\u00a0', // figure space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2011': '-', // non-breaking hyphen
  '\u2010': '-',
  '\u2212': '-', // minus sign
  '\u2032': '\u2019', // prime
};

/** Replaces what `font` cannot encode: known fallbacks first, then '?'. */
export function toWinAnsi(text: string, supported: ReadonlySet<number>): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const codePoint = char.codePointAt(0)!;
    if (supported.has(codePoint) || char === ' ') {
      out += char;
    } else {
      const fallback = WIN_ANSI_FALLBACKS[char];
      out += fallback !== undefined && supported.has(fallback.codePointAt(0)!) ? fallback : '?';
    }
  }
  return out;
}

/** Greedy word wrapping to `maxWidth` points; no-break spaces keep their words together. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t\r\n]+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Writes a text document (letters, attestations) top to bottom on A4 pages with the standard fonts,
 * wrapping lines and starting new pages as needed; page numbers are added on `save`.
 */
export class TextPdfWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly margin = 56;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly footer: string,
    private readonly archival: boolean,
  ) {
    this.newPage();
  }

  /**
   * `archival`: a PDF/A-2b document (ISO 19005-2, level B) — fonts embedded (Liberation Sans, shipped
   * with pdfjs-dist), an sRGB output intent, XMP metadata matching the document information, a file
   * identifier, and a classic cross-reference table (so that signatures can be added in incremental
   * updates).
   */
  static async create(
    metadata: { title: string; author: string; footer: string; createdAt: Date },
    options: { archival?: boolean } = {},
  ): Promise<TextPdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(metadata.title);
    doc.setAuthor(metadata.author);
    doc.setLanguage('fr-FR');
    doc.setProducer('Cartable');
    doc.setCreator('Cartable');
    doc.setCreationDate(metadata.createdAt);
    doc.setModificationDate(metadata.createdAt);
    if (!options.archival) {
      const regular = await doc.embedFont(StandardFonts.Helvetica);
      const bold = await doc.embedFont(StandardFonts.HelveticaBold);
      return new TextPdfWriter(doc, regular, bold, metadata.footer, false);
    }
    doc.registerFontkit(fontkit);
    const fonts = await archivalFonts();
    const regular = await doc.embedFont(fonts.regular, { subset: true });
    const bold = await doc.embedFont(fonts.bold, { subset: true });
    markPdfA(doc, metadata);
    return new TextPdfWriter(doc, regular, bold, metadata.footer, true);
  }

  private get width() {
    return PAGE_WIDTH - 2 * this.margin;
  }

  private newPage() {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - this.margin;
  }

  private clean(text: string, font: PDFFont) {
    return toWinAnsi(text, new Set(font.getCharacterSet()));
  }

  /** Wrapped text; `indent` in points. */
  text(text: string, options: { size?: number; bold?: boolean; indent?: number; gapAfter?: number; align?: 'left' | 'right' } = {}) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const indent = options.indent ?? 0;
    for (const line of wrap(this.clean(text, font), font, size, this.width - indent)) {
      if (this.y - size < this.margin + 20) this.newPage();
      this.y -= size * 1.35;
      const x = options.align === 'right' ? PAGE_WIDTH - this.margin - font.widthOfTextAtSize(line, size) : this.margin + indent;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.15) });
    }
    this.y -= options.gapAfter ?? 2;
    return this;
  }

  /**
   * A bordered table: `widths` are fractions of the text width; each row is as tall as its longest cell
   * (at least `minRowHeight` points, room for a signature), and the header row repeats on each new page.
   */
  table(
    headers: readonly string[],
    rows: readonly (readonly string[])[],
    widths: readonly number[],
    options: { size?: number; minRowHeight?: number } = {},
  ) {
    const size = options.size ?? 9;
    const padding = 4;
    const leading = size * 1.3;
    const columns = widths.map((fraction) => fraction * this.width);
    const border = rgb(0.45, 0.45, 0.5);
    const draw = (cells: readonly string[], bold: boolean, minHeight: number) => {
      const font = bold ? this.bold : this.regular;
      const lines = cells.map((cell, index) => wrap(this.clean(cell, font), font, size, columns[index]! - 2 * padding));
      const height = Math.max(minHeight, Math.max(1, ...lines.map((cell) => cell.length)) * leading + 2 * padding);
      if (this.y - height < this.margin + 20) {
        this.newPage();
        if (!bold) draw(headers, true, 0);
      }
      let x = this.margin;
      lines.forEach((cellLines, index) => {
        const width = columns[index]!;
        this.page.drawRectangle({
          x,
          y: this.y - height,
          width,
          height,
          borderColor: border,
          borderWidth: 0.5,
          ...(bold ? { color: rgb(0.93, 0.93, 0.96) } : {}),
        });
        cellLines.forEach((line, lineIndex) => {
          this.page.drawText(line, {
            x: x + padding,
            y: this.y - padding - size - lineIndex * leading,
            size,
            font,
            color: rgb(0.1, 0.1, 0.15),
          });
        });
        x += width;
      });
      this.y -= height;
    };
    draw(headers, true, 0);
    for (const row of rows) draw(row, false, options.minRowHeight ?? 0);
    this.y -= 6;
    return this;
  }

  heading(text: string, size = 13) {
    if (this.y < this.margin + 80) this.newPage();
    this.y -= 8;
    return this.text(text, { size, bold: true, gapAfter: 6 });
  }

  /** Starts a new page (a sheet of its own). */
  pageBreak() {
    this.newPage();
    return this;
  }

  space(points = 10) {
    this.y -= points;
    return this;
  }

  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      const label = this.clean(`${this.footer} — page ${index + 1}/${pages.length}`, this.regular);
      page.drawText(label, { x: this.margin, y: 28, size: 8, font: this.regular, color: rgb(0.4, 0.4, 0.45) });
    });
    return this.doc.save(this.archival ? { useObjectStreams: false } : {});
  }
}

const fontDirectory = () => path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts');
let fontFiles: Promise<{ regular: Buffer; bold: Buffer }> | null = null;
const archivalFonts = () =>
  (fontFiles ??= Promise.all([
    readFile(path.join(fontDirectory(), 'LiberationSans-Regular.ttf')),
    readFile(path.join(fontDirectory(), 'LiberationSans-Bold.ttf')),
  ]).then(([regular, bold]) => ({ regular, bold })));

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The PDF/A-2b identification: XMP metadata (pdfaid part 2, conformance B) equal to the Info dictionary, the output intent, the file identifier. */
function markPdfA(doc: PDFDocument, metadata: { title: string; author: string; createdAt: Date }): void {
  const date = metadata.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const xmp = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(metadata.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${xmlText(metadata.author)}</rdf:li></rdf:Seq></dc:creator>
<xmp:CreatorTool>Cartable</xmp:CreatorTool>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<pdf:Producer>Cartable</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const context = doc.context;
  const metadataStream = context.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), context.register(metadataStream));
  const profile = context.register(context.stream(srgbIccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFHexString.fromText('sRGB'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
  const id = PDFHexString.of(randomBytes(16).toString('hex'));
  context.trailerInfo.ID = context.obj([id, id]);
}

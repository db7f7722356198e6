import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

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
  ) {
    this.newPage();
  }

  static async create(metadata: { title: string; author: string; footer: string; createdAt: Date }): Promise<TextPdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(metadata.title);
    doc.setAuthor(metadata.author);
    doc.setLanguage('fr-FR');
    doc.setProducer('Cartable');
    doc.setCreator('Cartable');
    doc.setCreationDate(metadata.createdAt);
    doc.setModificationDate(metadata.createdAt);
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new TextPdfWriter(doc, regular, bold, metadata.footer);
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
  table(headers: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[], options: { size?: number; minRowHeight?: number } = {}) {
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
        this.page.drawRectangle({ x, y: this.y - height, width, height, borderColor: border, borderWidth: 0.5, ...(bold ? { color: rgb(0.93, 0.93, 0.96) } : {}) });
        cellLines.forEach((line, lineIndex) => {
          this.page.drawText(line, { x: x + padding, y: this.y - padding - size - lineIndex * leading, size, font, color: rgb(0.1, 0.1, 0.15) });
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
    return this.doc.save();
  }
}

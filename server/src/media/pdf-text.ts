/** Text for PDFs drawn with the standard PDF fonts, which are WinAnsi-encoded and not embedded. */
import type { PDFFont } from 'pdf-lib';

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

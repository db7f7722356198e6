/*
 * Anchoring an annotation on the text it covers (the W3C "text quote selector": the exact quote plus a
 * little context before and after), so that it survives a new version of the document and a different
 * text extraction. Whitespace never counts: the server's page text (pdf-inspector) and the browser's
 * (pdf.js text layer) join text items differently, and a reflowed paragraph moves line breaks.
 *
 * Pure functions, shared by the server (re-anchoring on a new version) and the web app (drawing a
 * highlight, making a selector from a selection): no import, no platform API.
 */

export interface TextQuoteSelector {
  /** The text the annotation covers, blanks collapsed. */
  quote: string;
  /** Up to `contextLength` characters just before it (blanks collapsed). */
  prefix: string;
  /** Up to `contextLength` characters just after it. */
  suffix: string;
}

export interface TextRange {
  start: number;
  end: number;
}

export const contextLength = 32;

/** Collapses runs of blanks to one space and trims. */
export function collapseBlanks(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text without any blank, and for each of its characters the offset it came from. */
function compact(text: string): { chars: string; offsets: number[] } {
  let chars = '';
  const offsets: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (/\s/.test(character)) continue;
    chars += character;
    offsets.push(index);
  }
  return { chars, offsets };
}

const withoutBlanks = (text: string) => text.replace(/\s+/g, '');

/** The selector of `text[start, end)`. */
export function describeRange(text: string, range: TextRange): TextQuoteSelector {
  return {
    quote: collapseBlanks(text.slice(range.start, range.end)),
    prefix: collapseBlanks(text.slice(0, range.start)).slice(-contextLength).trimStart(),
    suffix: collapseBlanks(text.slice(range.end)).slice(0, contextLength).trimEnd(),
  };
}

/** Length of the common end of `a` and `b`, and of their common start. */
function commonSuffixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length]) length += 1;
  return length;
}
function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

export interface QuoteMatch extends TextRange {
  /** How much of the prefix and suffix surround it (0 to 1); 1 when both are intact. */
  contextScore: number;
}

/**
 * Every place `quote` occurs in `text` (blanks ignored), best context first; offsets are those of
 * `text`. An empty quote is found nowhere.
 */
export function findQuote(text: string, selector: TextQuoteSelector): QuoteMatch[] {
  const needle = withoutBlanks(selector.quote);
  if (!needle) return [];
  const { chars, offsets } = compact(text);
  const prefix = withoutBlanks(selector.prefix);
  const suffix = withoutBlanks(selector.suffix);
  const matches: QuoteMatch[] = [];
  for (let at = chars.indexOf(needle); at !== -1; at = chars.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    const before = commonSuffixLength(chars.slice(Math.max(0, at - prefix.length), at), prefix);
    const after = commonPrefixLength(chars.slice(end, end + suffix.length), suffix);
    const context = prefix.length + suffix.length;
    matches.push({
      start: offsets[at]!,
      end: offsets[end - 1]! + 1,
      contextScore: context === 0 ? 1 : (before + after) / context,
    });
  }
  return matches.sort((a, b) => b.contextScore - a.contextScore);
}

/**
 * Where the quote's context still stands when the quote itself changed: the intact prefix followed,
 * not too far away, by the intact suffix; the range is what lies between them now. Null without both.
 */
export function findByContext(text: string, selector: TextQuoteSelector): TextRange | null {
  const prefix = withoutBlanks(selector.prefix);
  const suffix = withoutBlanks(selector.suffix);
  if (prefix.length < 8 || suffix.length < 8) return null;
  const { chars, offsets } = compact(text);
  const maxGap = Math.max(2 * withoutBlanks(selector.quote).length, 200);
  for (let at = chars.indexOf(prefix); at !== -1; at = chars.indexOf(prefix, at + 1)) {
    const from = at + prefix.length;
    const next = chars.indexOf(suffix, from);
    if (next === -1 || next - from > maxGap || next === from) continue;
    return { start: offsets[from]!, end: offsets[next - 1]! + 1 };
  }
  return null;
}

export type AnchorStatus = 'ANCHORED' | 'TEXT_CHANGED' | 'ORPHANED';

export interface Relocation {
  status: AnchorStatus;
  pageNumber: number | null;
  /** The text it covers now (blanks collapsed); null when orphaned. */
  anchoredQuote: string | null;
}

/**
 * Finds a selector again in the pages of another version: the quote itself (best context, then the
 * page closest to where it was), else the quote's context (`TEXT_CHANGED`), else `ORPHANED`.
 * `alternatives` are other quotes to try first-hand (the text it covered in an earlier version).
 */
export function relocate(
  pages: readonly { number: number; text: string }[],
  selector: TextQuoteSelector,
  previousPage: number,
  alternatives: readonly string[] = [],
): Relocation {
  for (const quote of [selector.quote, ...alternatives]) {
    const candidates = pages.flatMap((page) => findQuote(page.text, { ...selector, quote }).map((match) => ({ page, match })));
    candidates.sort(
      (a, b) =>
        b.match.contextScore - a.match.contextScore || Math.abs(a.page.number - previousPage) - Math.abs(b.page.number - previousPage),
    );
    const best = candidates[0];
    if (best) {
      const anchoredQuote = collapseBlanks(best.page.text.slice(best.match.start, best.match.end));
      const unchanged = withoutBlanks(anchoredQuote) === withoutBlanks(selector.quote);
      return { status: unchanged ? 'ANCHORED' : 'TEXT_CHANGED', pageNumber: best.page.number, anchoredQuote };
    }
  }
  const byDistance = [...pages].sort((a, b) => Math.abs(a.number - previousPage) - Math.abs(b.number - previousPage));
  for (const page of byDistance) {
    const range = findByContext(page.text, selector);
    if (range) {
      return { status: 'TEXT_CHANGED', pageNumber: page.number, anchoredQuote: collapseBlanks(page.text.slice(range.start, range.end)) };
    }
  }
  return { status: 'ORPHANED', pageNumber: null, anchoredQuote: null };
}

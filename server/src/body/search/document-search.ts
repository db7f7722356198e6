import type { BodyContext } from '../../tenancy/body-context.js';
import type { LibraryCategory } from '../documents/document.entity.js';
import { quoteSchema } from '../../tenancy/schema-name.js';

/**
 * Folds a query like the `document_page.search` column folds page text (migration 0011): lower case,
 * accents off. The column maps the accented letters of French (and a few more) one to one.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC');
}

export interface SearchMatch {
  documentId: string;
  documentTitle: string;
  /** Null for a document of the library. */
  meetingId: string | null;
  meetingTitle: string | null;
  meetingStartsAt: Date | null;
  libraryCategory: LibraryCategory | null;
  versionId: string;
  pageNumber: number;
  rank: number;
  text: string;
}

/**
 * Pages of the latest version of each document of one body (its meetings' and its library's) that match
 * `query` (web search syntax: words, "a phrase", -excluded, or), best first. Runs on the schema of the
 * context's EntityManager.
 */
export async function searchBody({ em }: BodyContext, query: string, limit: number): Promise<SearchMatch[]> {
  const schema = quoteSchema(em.schema!);
  const rows = await em.execute<
    {
      document_id: string;
      document_title: string;
      meeting_id: string | null;
      meeting_title: string | null;
      starts_at: Date | string | null;
      library_category: LibraryCategory | null;
      version_id: string;
      page_number: number;
      rank: number;
      text: string;
    }[]
  >(
    `select d.id as document_id, d.title as document_title, m.id as meeting_id, m.title as meeting_title,
            m.starts_at, d.library_category, v.id as version_id, p.page_number, ts_rank(p.search, q.query) as rank, p.text
       from ${schema}.document_page p
       join ${schema}.document_version v on v.id = p.document_version_id
       join ${schema}.document d on d.id = v.document_id
       left join ${schema}.meeting m on m.id = d.meeting_id
       cross join (select websearch_to_tsquery('french', ?) as query) q
      where p.search @@ q.query
        and v.version = (select max(latest.version) from ${schema}.document_version latest where latest.document_id = d.id)
      order by rank desc, m.starts_at desc nulls last, p.page_number
      limit ?`,
    [foldForSearch(query), limit],
  );
  return rows.map((row) => ({
    documentId: row.document_id,
    documentTitle: row.document_title,
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    meetingStartsAt: row.starts_at === null ? null : new Date(row.starts_at),
    libraryCategory: row.library_category,
    versionId: row.version_id,
    pageNumber: row.page_number,
    rank: Number(row.rank),
    text: row.text,
  }));
}

export interface Excerpt {
  text: string;
  /** Where the query's words are in `text`. */
  highlights: { start: number; length: number }[];
}

const excerptRadius = 90;

/**
 * A short passage of a page around the first of the query's words (compared folded, by their stem-like
 * beginning, since the index matched stems), with where those words are in it.
 */
export function excerpt(pageText: string, query: string): Excerpt {
  const text = pageText.replace(/\s+/g, ' ').trim();
  const folded = foldForSearch(text);
  const stems = [...new Set(foldForSearch(query).match(/[\p{L}\p{N}]{2,}/gu) ?? [])]
    .filter((word) => !query.includes(`-${word}`))
    .map((word) => word.slice(0, Math.max(3, word.length - 2)));
  const first = Math.min(...stems.map((stem) => folded.indexOf(stem)).filter((index) => index >= 0));
  const center = Number.isFinite(first) ? first : 0;
  let start = Math.max(0, center - excerptRadius);
  let end = Math.min(text.length, center + excerptRadius);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  const passage = text.slice(start, end);
  const foldedPassage = folded.slice(start, end);
  const highlights: Excerpt['highlights'] = [];
  for (const stem of stems) {
    const word = new RegExp(`${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}\\p{N}]*`, 'gu');
    for (const match of foldedPassage.matchAll(word)) highlights.push({ start: match.index, length: match[0].length });
  }
  highlights.sort((a, b) => a.start - b.start);
  return {
    text: `${start > 0 ? '… ' : ''}${passage}${end < text.length ? ' …' : ''}`,
    highlights: highlights.map((highlight) => ({ ...highlight, start: highlight.start + (start > 0 ? 2 : 0) })),
  };
}

import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { Document, DocumentPage, DocumentVersion } from '../documents/document.entity.js';
import { Annotation, type AnnotationKind, type AnnotationRect } from './annotation.entity.js';
import { collapseBlanks, relocate, type Relocation } from './text-quote.js';

export interface AnnotationFields {
  id: string;
  documentId: string;
  versionId: string;
  pageNumber: number;
  kind: AnnotationKind;
  quote: string;
  prefix: string;
  suffix: string;
  rects?: AnnotationRect[] | null;
  note?: string | null;
}

const notFound = () => new NotFoundError('Annotation introuvable.');

async function latestVersion(em: EntityManager, documentId: string): Promise<DocumentVersion | null> {
  return em.findOne(DocumentVersion, { document: documentId }, { orderBy: { version: 'desc' } });
}

/** Where an annotation stands on `version`, whose page texts are `pages`. */
function relocation(annotation: Annotation, version: DocumentVersion, pages: { number: number; text: string }[]): Relocation {
  const previousPage = annotation.pageNumber ?? 1;
  if (!annotation.quote) {
    // A page note keeps its page number, within the new page count.
    return { status: 'ANCHORED', pageNumber: Math.min(previousPage, version.pageCount), anchoredQuote: '' };
  }
  const earlierText = annotation.anchoredQuote && annotation.anchoredQuote !== annotation.quote ? [annotation.anchoredQuote] : [];
  return relocate(pages, annotation, previousPage, earlierText);
}

/**
 * The caller's annotations of a document, each anchored on the document's latest version. Those made
 * on an earlier version are re-anchored on the text now (and stored so), so a new version uploaded by
 * the secretariat never loses them; only their author's request ever touches them.
 */
export async function annotationsOf(ctx: PersonContext, documentId: string): Promise<Annotation[]> {
  const { em } = ctx;
  const { personId } = ctx.actor;
  const annotations = await em.find(Annotation, { personId, document: documentId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const latest = annotations.length > 0 ? await latestVersion(em, documentId) : null;
  const stale = latest ? annotations.filter((annotation) => annotation.version.id !== latest.id) : [];
  if (latest && stale.length > 0) {
    const pages = (await em.find(DocumentPage, { documentVersion: latest.id }, { orderBy: { pageNumber: 'asc' } })).map((page) => ({
      number: page.pageNumber,
      text: page.text,
    }));
    for (const annotation of stale) {
      const { status, pageNumber, anchoredQuote } = relocation(annotation, latest, pages);
      Object.assign(annotation, { version: latest, pageNumber, anchoredQuote, anchorStatus: status, rects: null });
    }
    await em.flush();
  }
  return annotations;
}

function checkContent(kind: AnnotationKind, quote: string, note: string | null): void {
  if (kind === 'HIGHLIGHT' && !quote) throw new BadUserInputError('Sélectionnez le passage à surligner.', { field: 'quote' });
  if (kind === 'NOTE' && !note) throw new BadUserInputError('La note est vide.', { field: 'note' });
}

/**
 * Creates an annotation under the id its author's device chose, or — the same id again, from a retry or
 * an offline queue — changes its note. Someone else's id is NOT_FOUND, as if it did not exist.
 */
export async function saveAnnotation(ctx: PersonContext, fields: AnnotationFields): Promise<Annotation> {
  const { em } = ctx;
  const { personId } = ctx.actor;
  const note = fields.note?.trim() || null;
  const existing = await em.findOne(Annotation, { id: fields.id });
  if (existing) {
    if (existing.personId !== personId) throw notFound();
    if (existing.document.id !== fields.documentId) {
      throw new CartableError(ErrorCode.Conflict, 'Cet identifiant désigne déjà une annotation d’un autre document.');
    }
    checkContent(existing.kind, existing.quote, note);
    existing.note = note;
    await em.flush();
    return existing;
  }
  const quote = collapseBlanks(fields.quote);
  checkContent(fields.kind, quote, note);
  const document = await em.findOne(Document, { id: fields.documentId });
  if (!document) throw new NotFoundError('Document introuvable.');
  const version = await em.findOne(DocumentVersion, { id: fields.versionId, document: document.id });
  if (!version) throw new NotFoundError('Version du document introuvable.');
  if (fields.pageNumber > version.pageCount) {
    throw new BadUserInputError('Cette page n’existe pas dans le document.', { field: 'pageNumber' });
  }
  const annotation = em.create(Annotation, {
    id: fields.id,
    personId,
    document,
    kind: fields.kind,
    createdOnVersion: version,
    quote,
    prefix: collapseBlanks(fields.prefix),
    suffix: collapseBlanks(fields.suffix),
    version,
    pageNumber: fields.pageNumber,
    anchoredQuote: quote,
    anchorStatus: 'ANCHORED',
    rects: fields.rects?.map(({ x, y, width, height }) => ({ x, y, width, height })) ?? null,
    note,
  });
  try {
    await em.flush();
    return annotation;
  } catch (error) {
    // The same save arrived twice at once (a retry racing its original): the first one won.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    em.clear();
    return saveAnnotation(ctx, fields);
  }
}

/** Deletes one of the caller's annotations; deleting it again (or an unknown id) changes nothing. */
export async function deleteAnnotation(ctx: PersonContext, annotationId: string): Promise<string> {
  const { em } = ctx;
  const { personId } = ctx.actor;
  await em.nativeDelete(Annotation, { id: annotationId, personId });
  return annotationId;
}

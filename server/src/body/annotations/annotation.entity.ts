import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Document, DocumentVersion } from '../documents/document.entity.js';
import type { AnchorStatus } from './text-quote.js';

export const annotationKinds = ['HIGHLIGHT', 'NOTE'] as const;
export type AnnotationKind = (typeof annotationKinds)[number];
export const anchorStatuses = ['ANCHORED', 'TEXT_CHANGED', 'ORPHANED'] as const satisfies readonly AnchorStatus[];

/** A rectangle on a page, in fractions of the page's width and height (origin: top left). */
export interface AnnotationRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A highlight or a note of one person on a document: private to its author, kept across versions. */
const AnnotationSchema = defineEntity({
  name: 'Annotation',
  schema: '*',
  tableName: 'annotation',
  properties: {
    id: p.uuid().primary(),
    personId: p.uuid(),
    document: () => p.manyToOne(Document),
    kind: p.enum(annotationKinds),
    createdOnVersion: () => p.manyToOne(DocumentVersion),
    quote: p.text(),
    prefix: p.string(),
    suffix: p.string(),
    version: () => p.manyToOne(DocumentVersion),
    pageNumber: p.integer().nullable(),
    anchoredQuote: p.text().nullable(),
    anchorStatus: p.enum(anchorStatuses),
    rects: p.json<AnnotationRect[]>().nullable(),
    note: p.text().nullable(),
    /** Read (only) by the author's fellow members of their political group in the body. */
    sharedWithGroup: p.boolean().default(false),
    ...timestampProperties,
  },
});

export class Annotation extends AnnotationSchema.class {}
AnnotationSchema.setClass(Annotation);

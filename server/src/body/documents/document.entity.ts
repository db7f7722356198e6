import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Meeting } from '../meetings/meeting.entity.js';

export const documentKinds = ['RAPPORT', 'PROJET_DELIBERATION', 'ANNEXE', 'NOTE_SYNTHESE', 'PROCES_VERBAL', 'AUTRE'] as const;
export type DocumentKind = (typeof documentKinds)[number];
/** The sections of a body's library (docs/features/library.md). */
export const libraryCategories = ['REGLEMENT_INTERIEUR', 'GUIDE', 'BUDGET', 'RAPPORT_ANNUEL', 'AUTRE'] as const;
export type LibraryCategory = (typeof libraryCategories)[number];

/**
 * A document of a meeting (or of one of its agenda items), or of the body's library (no meeting, a
 * library category); its bytes are in its versions.
 */
const DocumentSchema = defineEntity({
  name: 'Document',
  schema: '*',
  tableName: 'document',
  properties: {
    id: p.uuid().primary(),
    meeting: () => p.manyToOne(Meeting).nullable(),
    agendaItemId: p.uuid().nullable(),
    kind: p.enum(documentKinds),
    title: p.string(),
    libraryCategory: p.enum(libraryCategories).nullable(),
    versions: () => p.oneToMany(DocumentVersion).mappedBy('document'),
    ...timestampProperties,
  },
});
export class Document extends DocumentSchema.class {}
DocumentSchema.setClass(Document);

/** One uploaded, verified file; never changed once written (a replacement is a new version). */
const DocumentVersionSchema = defineEntity({
  name: 'DocumentVersion',
  schema: '*',
  tableName: 'document_version',
  properties: {
    id: p.uuid().primary(),
    document: () => p.manyToOne(Document),
    version: p.integer(),
    storageKey: p.string(),
    thumbnailKey: p.string().nullable(),
    fileName: p.string(),
    contentType: p.string(),
    sizeBytes: p.bigint('number'),
    sha256: p.string(),
    pageCount: p.integer(),
    uploadedBy: p.uuid(),
    /** The pending upload this version was made from (unique): a second completion finds it here. */
    uploadId: p.uuid().nullable(),
    ...timestampProperties,
  },
});
export class DocumentVersion extends DocumentVersionSchema.class {}
DocumentVersionSchema.setClass(DocumentVersion);

/** Text of each page, for search and for anchoring annotations. */
const DocumentPageSchema = defineEntity({
  name: 'DocumentPage',
  schema: '*',
  tableName: 'document_page',
  properties: {
    documentVersion: () => p.manyToOne(DocumentVersion).primary(),
    pageNumber: p.integer().primary(),
    text: p.text(),
  },
});
export class DocumentPage extends DocumentPageSchema.class {}
DocumentPageSchema.setClass(DocumentPage);

/** An authorised upload that is not a document yet: verified by `completeDocumentUpload`. */
const PendingUploadSchema = defineEntity({
  name: 'PendingUpload',
  schema: '*',
  tableName: 'pending_upload',
  properties: {
    id: p.uuid().primary(),
    meeting: () => p.manyToOne(Meeting).nullable(),
    agendaItemId: p.uuid().nullable(),
    libraryCategory: p.enum(libraryCategories).nullable(),
    documentId: p.uuid().nullable(),
    kind: p.enum(documentKinds),
    title: p.string(),
    fileName: p.string(),
    contentType: p.string(),
    storageKey: p.string(),
    /** The storage's multipart upload, for a file sent in parts; null for a single POST and once joined. */
    multipartUploadId: p.string().nullable(),
    /** The size the file was declared with: the storage accepts no other, the completion checks it. */
    sizeBytes: p.bigint('number'),
    /** Part size of a file sent in parts. */
    partSize: p.bigint('number').nullable(),
    requestedBy: p.uuid(),
    expiresAt: p.datetime(),
    ...timestampProperties,
  },
});
export class PendingUpload extends PendingUploadSchema.class {}
PendingUploadSchema.setClass(PendingUpload);

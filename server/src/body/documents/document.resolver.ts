import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { downloadLinkPurpose, downloadPath } from '../convocations/download.router.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { MeetingType } from '../meetings/meeting.type.js';
import type { Document, DocumentVersion } from './document.entity.js';
import { completeUpload, deleteDocument, documentsOf, requestUpload } from './document.service.js';
import { DocumentType, DocumentUploadInput, DocumentUploadType, DocumentVersionType, UploadPartUrlType, UploadTicketType } from './document.type.js';
import { abortUpload, maxPartUrlsPerRequest, requestPartUrls, uploadProgress } from './resumable-upload.service.js';

const downloadLifetimeSeconds = 5 * 60;

function versionType(version: DocumentVersion, bodyId: string): DocumentVersionType {
  return Object.assign(new DocumentVersionType(), {
    bodyId,
    id: version.id,
    version: version.version,
    fileName: version.fileName,
    sizeBytes: version.sizeBytes,
    sha256: version.sha256,
    pageCount: version.pageCount,
    uploadedAt: version.createdAt,
    storageKey: version.storageKey,
    thumbnailKey: version.thumbnailKey ?? null,
  });
}

/** A document of a body's schema and its versions (newest first), as the API shows it. */
export function documentType({ document, versions }: { document: Document; versions: DocumentVersion[] }, bodyId: string): DocumentType {
  return Object.assign(new DocumentType(), {
    id: document.id,
    kind: document.kind,
    title: document.title,
    agendaItemId: document.agendaItemId ?? null,
    versions: versions.map((version) => versionType(version, bodyId)),
    bodyId,
  });
}

@Resolver(() => MeetingType)
export class MeetingDocumentsResolver {
  @FieldResolver(() => [DocumentType])
  @Access('authenticated')
  async documents(@Root() root: MeetingType, @Ctx() { bodies }: GraphqlContext): Promise<DocumentType[]> {
    const { em } = await bodies.enterById(root.bodyId, 'read');
    return (await documentsOf(em, root.id)).map((found) => documentType(found, root.bodyId));
  }

  @Mutation(() => UploadTicketType, { description: 'Authorises one direct upload of a PDF to storage: one POST, or resumable parts for a file larger than one part.' })
  @Access('authenticated')
  async requestDocumentUpload(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('input', () => DocumentUploadInput) input: DocumentUploadInput,
    @Ctx() context: GraphqlContext,
  ): Promise<UploadTicketType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'prepare');
    const ticket = await requestUpload(context.documents, body, em, context.viewer.personId!, input);
    return UploadTicketType.from(ticket);
  }

  @Mutation(() => [UploadPartUrlType], {
    description: `Short-lived URLs to PUT some parts of an upload in parts (1 to ${maxPartUrlsPerRequest} part numbers; a part sent again replaces the previous one).`,
  })
  @Access('authenticated')
  async requestDocumentUploadParts(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('uploadId', () => ID) uploadId: string,
    @Arg('partNumbers', () => [Int]) partNumbers: number[],
    @Ctx() context: GraphqlContext,
  ): Promise<UploadPartUrlType[]> {
    const { em } = await context.bodies.enterById(bodyId, 'prepare');
    return (await requestPartUrls(context.documents, em, uploadId, partNumbers)).map((part) => Object.assign(new UploadPartUrlType(), part));
  }

  @Mutation(() => ID, { description: 'Cancels an upload: the parts (or the file) received so far are dropped. Returns the upload id.' })
  @Access('authenticated')
  async abortDocumentUpload(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('uploadId', () => ID) uploadId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<string> {
    const { em } = await context.bodies.enterById(bodyId, 'prepare');
    return abortUpload(context.documents, em, uploadId);
  }

  @Mutation(() => ID, {
    description:
      'Joins the parts of an upload in parts, verifies the file and makes it a document (or a new version); returns the document id. Idempotent: completing the same upload again, even at the same time, answers the same document.',
  })
  @Access('authenticated')
  async completeDocumentUpload(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('uploadId', () => ID) uploadId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<string> {
    const { em } = await context.bodies.enterById(bodyId, 'prepare');
    return (await completeUpload(context.documents, em, uploadId)).id;
  }

  @Mutation(() => ID, { description: 'Deletes a document and all its versions: a meeting document while the meeting is a draft, a library document at any time.' })
  @Access('authenticated')
  async deleteDocument(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('documentId', () => ID) documentId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<string> {
    const { em } = await context.bodies.enterById(bodyId, 'prepare');
    return deleteDocument(context.documents, em, documentId);
  }
}

@Resolver(() => BodyType)
export class BodyDocumentUploadResolver {
  @FieldResolver(() => DocumentUploadType, { description: 'Secretariat: an upload in parts under way and the parts stored, to resume it.' })
  @Access('authenticated')
  async documentUpload(@Root() root: BodyType, @Arg('id', () => ID) id: string, @Ctx() { bodies, documents }: GraphqlContext): Promise<DocumentUploadType> {
    const { em } = await bodies.enterById(root.id, 'prepare');
    const upload = await uploadProgress(documents, em, id);
    return Object.assign(new DocumentUploadType(), {
      id: upload.pending.id,
      fileName: upload.pending.fileName,
      sizeBytes: upload.sizeBytes,
      partSize: upload.partSize,
      partCount: upload.partCount,
      expiresAt: upload.pending.expiresAt,
      storedParts: upload.parts.map((part) => ({ partNumber: part.partNumber, sizeBytes: part.size })),
    });
  }
}

@Resolver(() => DocumentVersionType)
export class DocumentVersionResolver {
  @FieldResolver(() => String, {
    description:
      'A link valid 5 minutes; Range requests work (open page 1 at once). For an official, the link goes through the API, which records the first download (a receipt) and redirects to the file.',
  })
  @Access('authenticated')
  async downloadUrl(@Root() root: DocumentVersionType, @Ctx() { documents, links, viewer }: GraphqlContext): Promise<string> {
    if (!viewer.can(root.bodyId, 'prepare')) {
      return links.issue(downloadPath, downloadLinkPurpose, { bodyId: root.bodyId, versionId: root.id, personId: viewer.personId! }, downloadLifetimeSeconds, root.fileName).url;
    }
    return documents.storage.createDownloadUrl(root.storageKey, {
      expiresInSeconds: downloadLifetimeSeconds,
      fileName: root.fileName,
      contentType: 'application/pdf',
    });
  }

  @FieldResolver(() => String, { nullable: true, description: 'First-page thumbnail (WebP), valid 5 minutes.' })
  @Access('authenticated')
  async thumbnailUrl(@Root() root: DocumentVersionType, @Ctx() { documents }: GraphqlContext): Promise<string | null> {
    if (!root.thumbnailKey) return null;
    return documents.storage.createDownloadUrl(root.thumbnailKey, {
      expiresInSeconds: downloadLifetimeSeconds,
      fileName: 'apercu.webp',
      contentType: 'image/webp',
    });
  }
}

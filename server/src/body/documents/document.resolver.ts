import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { downloadLinkPurpose, downloadPath } from '../convocations/receipts/download.router.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { MeetingType } from '../meetings/meeting.type.js';
import type { Document, DocumentVersion } from './document.entity.js';
import { completeUpload, deleteDocument, documentsOf, requestUpload } from './document.service.js';
import {
  DocumentType,
  DocumentUploadInput,
  DocumentUploadType,
  DocumentVersionType,
  UploadPartUrlType,
  UploadTicketType,
} from './document.type.js';
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
  async documents(@Root() root: MeetingType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<DocumentType[]> {
    return (await documentsOf(ctx.em, root.id)).map((found) => documentType(found, root.bodyId));
  }

  @Mutation(() => UploadTicketType, {
    description: 'Authorises one direct upload of a PDF to storage: one POST, or resumable parts for a file larger than one part.',
  })
  @Access('authenticated')
  async requestDocumentUpload(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => DocumentUploadInput) input: DocumentUploadInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<UploadTicketType> {
    const ticket = await requestUpload(ctx, input);
    return UploadTicketType.from(ticket);
  }

  @Mutation(() => [UploadPartUrlType], {
    description: `Short-lived URLs to PUT some parts of an upload in parts (1 to ${maxPartUrlsPerRequest} part numbers; a part sent again replaces the previous one).`,
  })
  @Access('authenticated')
  async requestDocumentUploadParts(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('uploadId', () => UuidScalar) uploadId: string,
    @Arg('partNumbers', () => [Int]) partNumbers: number[],
    @InBody('prepare') ctx: PersonContext,
  ): Promise<UploadPartUrlType[]> {
    return (await requestPartUrls(ctx, uploadId, partNumbers)).map((part) => Object.assign(new UploadPartUrlType(), part));
  }

  @Mutation(() => ID, { description: 'Cancels an upload: the parts (or the file) received so far are dropped. Returns the upload id.' })
  @Access('authenticated')
  async abortDocumentUpload(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('uploadId', () => UuidScalar) uploadId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<string> {
    return abortUpload(ctx, uploadId);
  }

  @Mutation(() => ID, {
    description:
      'Joins the parts of an upload in parts, verifies the file and makes it a document (or a new version); returns the document id. Idempotent: completing the same upload again, even at the same time, answers the same document.',
  })
  @Access('authenticated')
  async completeDocumentUpload(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('uploadId', () => UuidScalar) uploadId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<string> {
    return (await completeUpload(ctx, uploadId)).id;
  }

  @Mutation(() => ID, {
    description:
      'Deletes a document and all its versions: a meeting document while the meeting is a draft, a library document at any time.',
  })
  @Access('authenticated')
  async deleteDocument(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('documentId', () => UuidScalar) documentId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<string> {
    return deleteDocument(ctx, documentId);
  }
}

@Resolver(() => BodyType)
export class BodyDocumentUploadResolver {
  @FieldResolver(() => DocumentUploadType, { description: 'Secretariat: an upload in parts under way and the parts stored, to resume it.' })
  @Access('authenticated')
  async documentUpload(
    @Root() _root: BodyType,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('prepare', { root: 'id' }) ctx: PersonContext,
  ): Promise<DocumentUploadType> {
    const upload = await uploadProgress(ctx, id);
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
  async downloadUrl(
    @Root() root: DocumentVersionType,
    @InBody('read', { root: 'bodyId' }) { actor, services }: PersonContext,
  ): Promise<string> {
    if (!actor.can('prepare')) {
      return services.links.issue(
        downloadPath,
        downloadLinkPurpose,
        { bodyId: root.bodyId, versionId: root.id, personId: actor.personId },
        downloadLifetimeSeconds,
        root.fileName,
      ).url;
    }
    return services.documents.storage.createDownloadUrl(root.storageKey, {
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

import { IsIn, IsInt, Length, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import type { UploadTarget } from '../../storage/storage.port.js';
import { documentKinds, libraryCategories, type DocumentKind } from './document.entity.js';

export const DocumentKindEnum = graphqlEnum(
  documentKinds,
  'DocumentKind',
  'Rapport, projet de délibération, annexe, note explicative de synthèse, procès-verbal, autre.',
);
export const LibraryCategoryEnum = graphqlEnum(
  libraryCategories,
  'LibraryCategory',
  'Section of the library: règlement intérieur, guide, budget, rapport annuel, autre.',
);

@ObjectType('DocumentVersion', { description: 'One verified file; a replacement is a new version, old ones are kept.' })
@Access('authenticated')
export class DocumentVersionType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  fileName!: string;

  @Field(() => Float)
  sizeBytes!: number;

  @Field({ description: 'SHA-256 of the file, hexadecimal.' })
  sha256!: string;

  @Field(() => Int)
  pageCount!: number;

  @Field()
  uploadedAt!: Date;

  /** The body and storage keys, for the URL fields (not exposed). */
  bodyId!: string;
  storageKey!: string;
  thumbnailKey!: string | null;
}

@ObjectType('Document')
@Access('authenticated')
export class DocumentType {
  @Field(() => ID)
  id!: string;

  @Field(() => DocumentKindEnum)
  kind!: DocumentKind;

  @Field()
  title!: string;

  @Field(() => ID, { nullable: true, description: 'The agenda item it belongs to, or null for the whole meeting.' })
  agendaItemId!: string | null;

  @Field(() => [DocumentVersionType], { description: 'Newest first.' })
  versions!: DocumentVersionType[];

  /** The body it belongs to, for the fields that read its schema (not exposed). */
  bodyId!: string;
}

@ObjectType('UploadField')
@Access('authenticated')
export class UploadFieldType {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType('UploadParts', { description: 'How a file larger than one part is cut: parts of `partSize` bytes, the last one smaller.' })
@Access('authenticated')
export class UploadPartsType {
  @Field(() => Float)
  partSize!: number;

  @Field(() => Int)
  partCount!: number;
}

@ObjectType('UploadTicket', {
  description:
    'Either one POST (multipart/form-data to `url`: the fields in order, then the file as `file`), or, when `parts` is set, a resumable upload in parts: PUT each part to a URL of `requestDocumentUploadParts`, then `completeDocumentUpload`.',
})
@Access('authenticated')
export class UploadTicketType {
  @Field(() => ID)
  uploadId!: string;

  @Field(() => String, { nullable: true, description: 'Where to POST the file; null for an upload in parts.' })
  url!: string | null;

  @Field(() => [UploadFieldType])
  fields!: UploadFieldType[];

  @Field({ description: 'When the upload is refused if not completed: 15 minutes for one POST, a day for an upload in parts.' })
  expiresAt!: Date;

  @Field(() => Float)
  maxBytes!: number;

  @Field(() => UploadPartsType, { nullable: true, description: 'Set for an upload in parts (a document larger than one part).' })
  parts!: UploadPartsType | null;

  static from(ticket: {
    uploadId: string;
    target: UploadTarget | null;
    parts?: { partSize: number; partCount: number } | null;
    expiresAt?: Date;
    maxBytes: number;
  }): UploadTicketType {
    return Object.assign(new UploadTicketType(), {
      uploadId: ticket.uploadId,
      url: ticket.target?.url ?? null,
      fields: Object.entries(ticket.target?.fields ?? {}).map(([name, value]) => ({ name, value })),
      expiresAt: ticket.target?.expiresAt ?? ticket.expiresAt,
      maxBytes: ticket.maxBytes,
      parts: ticket.parts ? Object.assign(new UploadPartsType(), ticket.parts) : null,
    });
  }
}

@ObjectType('UploadPartUrl', { description: 'PUT exactly `sizeBytes` bytes (the part) to `url` before `expiresAt`.' })
@Access('authenticated')
export class UploadPartUrlType {
  @Field(() => Int)
  partNumber!: number;

  @Field()
  url!: string;

  @Field(() => Float)
  sizeBytes!: number;

  @Field()
  expiresAt!: Date;
}

@ObjectType('StoredUploadPart')
@Access('authenticated')
export class StoredUploadPartType {
  @Field(() => Int)
  partNumber!: number;

  @Field(() => Float)
  sizeBytes!: number;
}

@ObjectType('DocumentUpload', { description: 'An upload in parts under way: what the storage holds, to resume it.' })
@Access('authenticated')
export class DocumentUploadType {
  @Field(() => ID)
  id!: string;

  @Field()
  fileName!: string;

  @Field(() => Float)
  sizeBytes!: number;

  @Field(() => Float)
  partSize!: number;

  @Field(() => Int)
  partCount!: number;

  @Field()
  expiresAt!: Date;

  @Field(() => [StoredUploadPartType], { description: 'The parts the storage holds, by part number.' })
  storedParts!: StoredUploadPartType[];
}

/** The file of an upload, as any upload declares it (a meeting's document, the library's): their input types extend it. */
@InputType()
export class UploadedFileInput {
  @Field()
  @Length(1, 300, { message: 'Le titre doit compter de 1 à 300 caractères.' })
  title!: string;

  @Field()
  @Length(1, 255, { message: 'Nom de fichier invalide.' })
  fileName!: string;

  @Field()
  @Length(1, 100)
  contentType!: string;

  @Field(() => Float, {
    description: 'The exact size of the file: the storage refuses a file of another size, and so does the completion.',
  })
  @IsInt({ message: 'Taille invalide.' })
  @Min(1, { message: 'Le fichier est vide.' })
  sizeBytes!: number;
}

@InputType('DocumentUploadInput')
export class DocumentUploadInput extends UploadedFileInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => UuidScalar, { nullable: true })
  agendaItemId?: string | null;

  @Field(() => UuidScalar, { nullable: true, description: 'Set to upload a new version of this document.' })
  documentId?: string | null;

  @Field(() => DocumentKindEnum)
  @IsIn([...documentKinds])
  kind!: DocumentKind;
}

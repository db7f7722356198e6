import { IsIn, IsInt, IsOptional, IsUUID, Length, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import type { UploadTarget } from '../../storage/storage.port.js';
import { documentKinds, type DocumentKind } from './document.entity.js';

export const DocumentKindEnum = graphqlEnum(documentKinds, 'DocumentKind', 'Rapport, projet de délibération, annexe, note explicative de synthèse, procès-verbal, autre.');

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
}

@ObjectType('UploadField')
@Access('authenticated')
export class UploadFieldType {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType('UploadTicket', { description: 'POST multipart/form-data to `url`: the fields in order, then the file as `file`.' })
@Access('authenticated')
export class UploadTicketType {
  @Field(() => ID)
  uploadId!: string;

  @Field()
  url!: string;

  @Field(() => [UploadFieldType])
  fields!: UploadFieldType[];

  @Field()
  expiresAt!: Date;

  @Field(() => Float)
  maxBytes!: number;

  static from(ticket: { uploadId: string; target: UploadTarget; maxBytes: number }): UploadTicketType {
    return Object.assign(new UploadTicketType(), {
      uploadId: ticket.uploadId,
      url: ticket.target.url,
      fields: Object.entries(ticket.target.fields).map(([name, value]) => ({ name, value })),
      expiresAt: ticket.target.expiresAt,
      maxBytes: ticket.maxBytes,
    });
  }
}

@InputType('DocumentUploadInput')
export class DocumentUploadInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant de séance invalide.' })
  meetingId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant de point invalide.' })
  agendaItemId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Set to upload a new version of this document.' })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant de document invalide.' })
  documentId?: string | null;

  @Field(() => DocumentKindEnum)
  @IsIn([...documentKinds])
  kind!: DocumentKind;

  @Field()
  @Length(1, 300, { message: 'Le titre doit compter de 1 à 300 caractères.' })
  title!: string;

  @Field()
  @Length(1, 255, { message: 'Nom de fichier invalide.' })
  fileName!: string;

  @Field()
  @Length(1, 100)
  contentType!: string;

  @Field(() => Float)
  @IsInt({ message: 'Taille invalide.' })
  @Min(1, { message: 'Le fichier est vide.' })
  sizeBytes!: number;
}

import { IsIn } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { libraryCategories, type LibraryCategory } from '../documents/document.entity.js';
import { DocumentType, LibraryCategoryEnum, UploadedFileInput } from '../documents/document.type.js';

@ObjectType('LibraryDocument', { description: 'A document of a body’s library: outside meetings, read by every member of the body.' })
@Access('authenticated')
export class LibraryDocumentType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => LibraryCategoryEnum)
  category!: LibraryCategory;

  @Field(() => DocumentType, { description: 'Its versions (the reader, downloads, the caller’s annotations), as any document.' })
  document!: DocumentType;
}

@InputType('LibraryUploadInput')
export class LibraryUploadInput extends UploadedFileInput {
  @Field(() => UuidScalar, {
    nullable: true,
    description: 'Set to upload a new version of this library document (its section and title may change with it).',
  })
  documentId?: string | null;

  @Field(() => LibraryCategoryEnum)
  @IsIn([...libraryCategories], { message: 'Rubrique de bibliothèque inconnue.' })
  category!: LibraryCategory;
}

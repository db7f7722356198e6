import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { InBody } from '../../graphql/in-body.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import type { Document, DocumentVersion } from '../documents/document.entity.js';
import { documentType } from '../documents/document.resolver.js';
import { UploadTicketType } from '../documents/document.type.js';
import { libraryOf, requestLibraryUpload } from './library.service.js';
import { LibraryDocumentType, LibraryUploadInput } from './library.type.js';

function libraryDocumentType(found: { document: Document; versions: DocumentVersion[] }, body: Body): LibraryDocumentType {
  return Object.assign(new LibraryDocumentType(), {
    body: BodyType.from(body),
    category: found.document.libraryCategory!,
    document: documentType(found, body.id),
  });
}

@Resolver()
export class LibraryResolver {
  @Query(() => [LibraryDocumentType], { description: 'The libraries of every body the caller belongs to, by body, section, then title.' })
  @Access('authenticated')
  async library(@Ctx() { bodies }: GraphqlContext): Promise<LibraryDocumentType[]> {
    const perBody = await Promise.all(
      (await bodies.readableBodies()).map(async (body) =>
        (await libraryOf(bodies.context(body, 'read'))).map((found) => libraryDocumentType(found, body)),
      ),
    );
    return perBody.flat();
  }

  @Mutation(() => UploadTicketType, {
    description:
      'Authorises the upload of a PDF to the library (or of a new version of a library document); then as any document: `completeDocumentUpload`.',
  })
  @Access('authenticated')
  async requestLibraryUpload(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => LibraryUploadInput) input: LibraryUploadInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<UploadTicketType> {
    return UploadTicketType.from(await requestLibraryUpload(ctx, input));
  }
}

@Resolver(() => BodyType)
export class BodyLibraryResolver {
  @FieldResolver(() => [LibraryDocumentType], { description: 'The body’s library, by section then title; every member reads it.' })
  @Access('authenticated')
  async library(@Root() _root: BodyType, @InBody('read', { root: 'id' }) ctx: PersonContext): Promise<LibraryDocumentType[]> {
    return (await libraryOf(ctx)).map((found) => libraryDocumentType(found, ctx.body));
  }

  @FieldResolver(() => LibraryDocumentType, { description: 'One document of the body’s library (the reader opens it).' })
  @Access('authenticated')
  async libraryDocument(
    @Root() _root: BodyType,
    @Arg('id', () => UuidScalar) id: string,
    @InBody('read', { root: 'id' }) ctx: PersonContext,
  ): Promise<LibraryDocumentType> {
    return libraryDocumentType((await libraryOf(ctx, id))[0]!, ctx.body);
  }
}

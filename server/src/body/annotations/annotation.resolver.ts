import { Arg, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { DocumentType } from '../documents/document.type.js';
import { annotationsOf, deleteAnnotation, saveAnnotation } from './annotation.service.js';
import { AnnotationInput, AnnotationType } from './annotation.type.js';

@Resolver(() => DocumentType)
export class DocumentAnnotationsResolver {
  @FieldResolver(() => [AnnotationType], {
    description: "The caller's own annotations of this document (nobody else's, whatever their role), anchored on its latest version.",
  })
  @Access('authenticated')
  async annotations(@Root() root: DocumentType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<AnnotationType[]> {
    return (await annotationsOf(ctx, root.id)).map(AnnotationType.from);
  }

  @Mutation(() => AnnotationType, { description: "Creates a private annotation, or changes the note of one of the caller's." })
  @Access('authenticated')
  async saveAnnotation(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => AnnotationInput) input: AnnotationInput,
    @InBody('read') ctx: PersonContext,
  ): Promise<AnnotationType> {
    return AnnotationType.from(await saveAnnotation(ctx, input));
  }

  @Mutation(() => ID, { description: "Deletes one of the caller's annotations (idempotent)." })
  @Access('authenticated')
  async deleteAnnotation(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('annotationId', () => UuidScalar) annotationId: string,
    @InBody('read') ctx: PersonContext,
  ): Promise<string> {
    return deleteAnnotation(ctx, annotationId);
  }
}

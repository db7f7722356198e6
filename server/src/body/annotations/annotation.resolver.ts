import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { DocumentType } from '../documents/document.type.js';
import { annotationsOf, deleteAnnotation, saveAnnotation } from './annotation.service.js';
import { AnnotationInput, AnnotationType } from './annotation.type.js';

@Resolver(() => DocumentType)
export class DocumentAnnotationsResolver {
  @FieldResolver(() => [AnnotationType], {
    description: 'The caller\'s own annotations of this document (nobody else\'s, whatever their role), anchored on its latest version.',
  })
  @Access('authenticated')
  async annotations(@Root() root: DocumentType, @Ctx() { bodies, viewer }: GraphqlContext): Promise<AnnotationType[]> {
    const { em } = await bodies.enterById(root.bodyId, 'read');
    return (await annotationsOf(em, viewer.personId!, root.id)).map(AnnotationType.from);
  }

  @Mutation(() => AnnotationType, { description: 'Creates a private annotation, or changes the note of one of the caller\'s.' })
  @Access('authenticated')
  async saveAnnotation(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('input', () => AnnotationInput) input: AnnotationInput,
    @Ctx() { bodies, viewer }: GraphqlContext,
  ): Promise<AnnotationType> {
    const { em } = await bodies.enterById(bodyId, 'read');
    return AnnotationType.from(await saveAnnotation(em, viewer.personId!, input));
  }

  @Mutation(() => ID, { description: 'Deletes one of the caller\'s annotations (idempotent).' })
  @Access('authenticated')
  async deleteAnnotation(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('annotationId', () => ID) annotationId: string,
    @Ctx() { bodies, viewer }: GraphqlContext,
  ): Promise<string> {
    const { em } = await bodies.enterById(bodyId, 'read');
    return deleteAnnotation(em, viewer.personId!, annotationId);
  }
}

import type { PersonContext } from '../../tenancy/body-context.js';
import { InBody } from '../../graphql/in-body.js';
import { Arg, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { AnnotationType } from '../annotations/annotation.type.js';
import { DocumentType } from '../documents/document.type.js';
import { groupAnnotationsOf, shareAnnotation } from './shared-annotations.js';

@ObjectType('GroupAnnotation', { description: "An annotation a fellow member of the reader's political group shared: read-only." })
@Access('authenticated')
export class GroupAnnotationType {
  @Field()
  authorName!: string;

  @Field(() => AnnotationType)
  annotation!: AnnotationType;
}

@Resolver(() => DocumentType)
export class SharedAnnotationsResolver {
  @FieldResolver(() => [GroupAnnotationType], {
    description: "Annotations of this document shared by the caller's fellow group members (never those of other groups).",
  })
  @Access('authenticated')
  async groupAnnotations(
    @Root() root: DocumentType,
    @InBody('read', { root: 'bodyId' }) ctx: PersonContext,
  ): Promise<GroupAnnotationType[]> {
    const shared = await groupAnnotationsOf(ctx, root.id);
    return shared.map(({ annotation, authorName }) =>
      Object.assign(new GroupAnnotationType(), { authorName, annotation: AnnotationType.from(annotation) }),
    );
  }

  @Mutation(() => AnnotationType, {
    description: "Shares one of the caller's annotations with their political group, or stops sharing it.",
  })
  @Access('authenticated')
  async shareAnnotationWithGroup(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('annotationId', () => UuidScalar) annotationId: string,
    @Arg('shared') shared: boolean,
    @InBody('read') ctx: PersonContext,
  ): Promise<AnnotationType> {
    return AnnotationType.from(await shareAnnotation(ctx, annotationId, shared));
  }
}

import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { zonedDate } from '../../common/time.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { AnnotationType } from '../annotations/annotation.type.js';
import { DocumentType } from '../documents/document.type.js';
import { groupAnnotationsOf, shareAnnotation } from './shared-annotations.js';

@ObjectType('GroupAnnotation', { description: 'An annotation a fellow member of the reader\'s political group shared: read-only.' })
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
    description: 'Annotations of this document shared by the caller\'s fellow group members (never those of other groups).',
  })
  @Access('authenticated')
  async groupAnnotations(@Root() root: DocumentType, @Ctx() context: GraphqlContext): Promise<GroupAnnotationType[]> {
    const { body, em } = await context.bodies.enterById(root.bodyId, 'read');
    const shared = await groupAnnotationsOf(em, context.platformEm, context.viewer.personId!, root.id, zonedDate(context.now(), body.timeZone));
    return shared.map(({ annotation, authorName }) => Object.assign(new GroupAnnotationType(), { authorName, annotation: AnnotationType.from(annotation) }));
  }

  @Mutation(() => AnnotationType, { description: 'Shares one of the caller\'s annotations with their political group, or stops sharing it.' })
  @Access('authenticated')
  async shareAnnotationWithGroup(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('annotationId', () => ID) annotationId: string,
    @Arg('shared') shared: boolean,
    @Ctx() context: GraphqlContext,
  ): Promise<AnnotationType> {
    const { body, em } = await context.bodies.enterById(bodyId, 'read');
    return AnnotationType.from(await shareAnnotation(em, context.viewer.personId!, annotationId, shared, zonedDate(context.now(), body.timeZone)));
  }
}

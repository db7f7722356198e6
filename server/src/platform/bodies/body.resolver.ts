import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { BodyType } from './body.type.js';

@Resolver(() => BodyType)
export class BodyResolver {
  @Query(() => BodyType, { description: 'A body the caller belongs to (or coordinates). NOT_FOUND otherwise.' })
  @Access('authenticated')
  async body(@Arg('slug') slug: string, @Ctx() { bodies }: GraphqlContext): Promise<BodyType> {
    return BodyType.from(await bodies.bodyBySlug(slug));
  }

  @Query(() => [BodyType], { description: 'The bodies the caller belongs to; every body for the coordinator.' })
  @Access('authenticated')
  async bodies(@Ctx() { bodies }: GraphqlContext): Promise<BodyType[]> {
    return (await bodies.visibleBodies()).map((body) => BodyType.from(body));
  }
}

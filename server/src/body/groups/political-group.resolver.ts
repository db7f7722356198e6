import type { PersonContext } from '../../tenancy/body-context.js';
import { InBody } from '../../graphql/in-body.js';
import { Arg, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { assignPoliticalGroup, createPoliticalGroup, politicalGroups } from './political-group.service.js';
import { PoliticalGroupAssignmentInput, PoliticalGroupInput, PoliticalGroupType } from './political-group.type.js';

/** The body's groups today (its time zone), as the API shows them. */
async function groupsToday(ctx: PersonContext): Promise<PoliticalGroupType[]> {
  const groups = await politicalGroups(ctx);
  return groups.map(({ group, memberIds }) => PoliticalGroupType.from(group, memberIds));
}

/** `Body.politicalGroups` for anyone who reads the body; their changes for its secretariat. */
@Resolver(() => BodyType)
export class PoliticalGroupResolver {
  @FieldResolver(() => [PoliticalGroupType], { description: 'The political groups of the body, by name, with their members today.' })
  @Access('authenticated')
  async politicalGroups(@Root() root: BodyType, @InBody('read', { root: 'id' }) ctx: PersonContext): Promise<PoliticalGroupType[]> {
    return groupsToday(ctx);
  }

  @Mutation(() => PoliticalGroupType)
  @Access('authenticated')
  async createPoliticalGroup(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => PoliticalGroupInput) input: PoliticalGroupInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<PoliticalGroupType> {
    return PoliticalGroupType.from(await createPoliticalGroup(ctx, input), []);
  }

  @Mutation(() => [PoliticalGroupType], {
    description: 'Moves an official to a group, or out of any, from a date on; answers the groups today.',
  })
  @Access('authenticated')
  async assignPoliticalGroup(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => PoliticalGroupAssignmentInput) input: PoliticalGroupAssignmentInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<PoliticalGroupType[]> {
    await assignPoliticalGroup(ctx, input);
    return groupsToday(ctx);
  }
}

import { Arg, FieldResolver, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { bodyStatistics } from './statistics.js';
import { BodyStatisticsType } from './statistics.type.js';

const yearMilliseconds = 365 * 86_400_000;

@Resolver(() => BodyType)
export class BodyStatisticsResolver {
  @FieldResolver(() => BodyStatisticsType, {
    description: 'Secretariat: the body’s figures for meetings starting from `from` (default: a year ago) until `to` (default: no end).',
  })
  @Access('authenticated')
  async statistics(
    @Root() _root: BodyType,
    @InBody('prepare', { root: 'id' }) ctx: PersonContext,
    @Arg('from', () => Date, { nullable: true, validate: false }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, validate: false }) to: Date | null,
  ): Promise<BodyStatisticsType> {
    const start = from ?? new Date(ctx.now().getTime() - yearMilliseconds);
    if (to && to <= start) throw new BadUserInputError('La fin de la période doit suivre son début.', { field: 'to' });
    return Object.assign(new BodyStatisticsType(), await bodyStatistics(ctx, start, to ?? null));
  }
}

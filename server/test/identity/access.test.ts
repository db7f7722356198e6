import 'reflect-metadata';
import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { Access, fieldsWithoutAccessDecision } from '../../src/graphql/access.js';

@ObjectType('Decided')
@Access('authenticated')
class Decided {
  @Field()
  name!: string;
}

@ObjectType('Undecided')
class Undecided {
  @Field()
  secret!: string;

  @Field()
  @Access('public')
  label!: string;
}

@Resolver()
class ProbeResolver {
  @Query(() => Decided)
  @Access('authenticated')
  decided(): Decided {
    return new Decided();
  }

  @Query(() => Undecided)
  undecided(): Undecided {
    return new Undecided();
  }
}

describe('access decisions', () => {
  it('lists every field that has no decision, on the field or on its type', async () => {
    const schema = await buildSchema({ resolvers: [ProbeResolver], validate: false });
    expect(fieldsWithoutAccessDecision(schema).sort()).toEqual(['Query.undecided', 'Undecided.secret']);
  });
});

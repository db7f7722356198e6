import { IsOptional, IsString } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import type { PoliticalGroup } from './political-group.entity.js';

@ObjectType('PoliticalGroup', { description: 'A groupe d’élus of the body (CGCT L2121-28, L3121-24, L4132-23).' })
@Access('authenticated')
export class PoliticalGroupType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'Sigle, e.g. "GEC".' })
  shortName!: string;

  @Field({ description: 'sRGB colour, #RRGGBB.' })
  color!: string;

  @Field(() => [ID], { description: 'Person ids of its members today (body time zone).' })
  memberIds!: string[];

  static from(group: PoliticalGroup, memberIds: string[]): PoliticalGroupType {
    return Object.assign(new PoliticalGroupType(), {
      id: group.id,
      name: group.name,
      shortName: group.shortName,
      color: group.color,
      memberIds,
    });
  }
}

/** Checked by the service, as the groups an import creates are. */
@InputType('PoliticalGroupInput')
export class PoliticalGroupInput {
  @Field()
  @IsString()
  name!: string;

  @Field()
  @IsString()
  shortName!: string;

  @Field({ description: '#RRGGBB' })
  @IsString()
  color!: string;
}

@InputType('PoliticalGroupAssignmentInput')
export class PoliticalGroupAssignmentInput {
  @Field(() => UuidScalar)
  @IsString()
  personId!: string;

  @Field(() => UuidScalar, { nullable: true, description: 'Null: leaves any group.' })
  @IsOptional()
  @IsString()
  groupId!: string | null;

  @Field(() => LocalDateScalar, { description: 'First day in the new group (the previous one ends the day before).' })
  @IsString()
  from!: string;
}

import { Field, ID, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { BodyType } from '../bodies/body.type.js';
import type { Body } from '../bodies/body.entity.js';
import { membershipRoles, type Membership, type MembershipRole } from './membership.entity.js';
import type { Person } from './person.entity.js';

export const MembershipRoleEnum = graphqlEnum(
  membershipRoles,
  'MembershipRole',
  'OFFICIAL is convened; SECRETARIAT prepares meetings; BODY_ADMIN also manages roles.',
);

@ObjectType('Person', { description: 'A person as seen from a body they belong to.' })
@Access('authenticated')
export class PersonType {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field()
  email!: string;

  static from(person: Person): PersonType {
    return Object.assign(new PersonType(), { id: person.id, displayName: person.displayName, email: person.email });
  }
}

@ObjectType('Membership', { description: 'A seat of a person in a body, with its roles and mandate.' })
@Access('authenticated')
export class MembershipType {
  @Field(() => ID)
  id!: string;

  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => PersonType)
  person!: PersonType;

  @Field(() => [MembershipRoleEnum])
  roles!: MembershipRole[];

  @Field(() => LocalDateScalar, { nullable: true })
  mandateStart!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  mandateEnd!: string | null;

  static from(membership: Membership & { body: Body; person: Person }): MembershipType {
    return Object.assign(new MembershipType(), {
      id: membership.id,
      body: BodyType.from(membership.body),
      person: PersonType.from(membership.person),
      roles: [...membership.roles],
      mandateStart: membership.mandateStart ?? null,
      mandateEnd: membership.mandateEnd ?? null,
    });
  }
}

@ObjectType('Me', { description: 'The caller: one account, whatever the number of bodies.' })
@Access('authenticated')
export class MeType extends PersonType {
  @Field({ description: 'Coordinator of the groupement (platform role).' })
  coordinator!: boolean;

  @Field(() => [MembershipType])
  memberships!: MembershipType[];
}

@ObjectType('AddMemberResult')
@Access('authenticated')
export class AddMemberResultType {
  @Field(() => MembershipType)
  membership!: MembershipType;

  @Field({ description: 'The person already had a Cartable account, now linked to this body (no duplicate).' })
  linkedExistingAccount!: boolean;

  @Field({ description: 'An invitation to choose a password was sent (new accounts only).' })
  invitationSent!: boolean;
}

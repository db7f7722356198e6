import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { BodyType } from '../bodies/body.type.js';
import { AddMemberInput, MembershipTermsInput } from './membership.input.js';
import { addMember, membersOf, myMemberships, removeMember, updateMembership } from './membership.service.js';
import { AddMemberResultType, MeType, MembershipType } from './person.type.js';

@Resolver()
export class MembershipResolver {
  @Query(() => MeType, { description: 'The caller, with their seats in every body.' })
  @Access('authenticated')
  me(@Ctx() { viewer }: GraphqlContext): MeType {
    // The profile is read with the Viewer (cached with it, refreshed on any change of a person).
    return Object.assign(new MeType(), { ...viewer.requireProfile(), coordinator: viewer.isCoordinator });
  }

  @Mutation(() => AddMemberResultType, {
    description: 'Seats a person in the body by email, linking their existing account when there is one.',
  })
  @Access('authenticated')
  async addMember(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('input', () => AddMemberInput) input: AddMemberInput,
    @Ctx() context: GraphqlContext,
  ): Promise<AddMemberResultType> {
    const body = await context.bodies.bodyById(bodyId);
    const result = await addMember(context, body, input);
    return Object.assign(new AddMemberResultType(), {
      membership: MembershipType.from(Object.assign(result.membership, { body, person: result.person })),
      linkedExistingAccount: result.linkedExistingAccount,
      invitationSent: result.invitationSent,
    });
  }

  @Mutation(() => MembershipType)
  @Access('authenticated')
  async updateMembership(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('membershipId', () => UuidScalar) membershipId: string,
    @Arg('input', () => MembershipTermsInput) input: MembershipTermsInput,
    @Ctx() context: GraphqlContext,
  ): Promise<MembershipType> {
    const body = await context.bodies.bodyById(bodyId);
    const membership = await updateMembership(context, body, membershipId, input);
    return MembershipType.from(Object.assign(membership, { body }));
  }

  @Mutation(() => ID, { description: 'Ends a seat; the person and their other seats are kept.' })
  @Access('authenticated')
  async removeMember(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('membershipId', () => UuidScalar) membershipId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<string> {
    return removeMember(context, await context.bodies.bodyById(bodyId), membershipId, context.convocations.clock.now());
  }
}

/** The caller's seats, read only when asked for (`{ me { id } }`, every tablet's first call, reads none). */
@Resolver(() => MeType)
export class MeMembershipsResolver {
  @FieldResolver(() => [MembershipType])
  async memberships(@Ctx() context: GraphqlContext): Promise<MembershipType[]> {
    return (await myMemberships(context)).map((membership) => MembershipType.from(membership));
  }
}

/** `Body.members`: for the body's secretariat. */
@Resolver(() => BodyType)
export class BodyMembersResolver {
  @FieldResolver(() => [MembershipType])
  @Access('authenticated')
  async members(@Root() root: BodyType, @Ctx() context: GraphqlContext): Promise<MembershipType[]> {
    const body = await context.bodies.bodyById(root.id);
    return (await membersOf(context, body)).map((membership) => MembershipType.from(Object.assign(membership, { body })));
  }
}

import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { Body } from '../bodies/body.entity.js';
import { BodyType } from '../bodies/body.type.js';
import { MembershipType } from '../people/person.type.js';
import { GroupementContract } from './contract.entity.js';
import { contractWeights, saveContract } from './contract.service.js';
import { BodyLifecycleActionEnum, ContractInput, ContractType, CreateMemberBodyResultType, MemberBodyInput } from './groupement.type.js';
import { changeBodyStatus, createMemberBody, type BodyLifecycleAction } from './member-bodies.js';

async function contractType(context: GraphqlContext, contract: GroupementContract): Promise<ContractType> {
  const holder = await context.platformEm.findOneOrFail(Body, { id: contract.holderBody.id });
  return ContractType.from(contract, holder, await contractWeights(context.platformEm, contract.id));
}

/** The coordinator's side of the groupement: member bodies and their lifecycle, the framework contract. */
@Resolver()
export class GroupementResolver {
  @Mutation(() => CreateMemberBodyResultType, {
    description:
      'A new member body: its schema, its first admin (SECRETARIAT and BODY_ADMIN) and, when billing is on, its Stripe customer.',
  })
  @Access('coordinator')
  async createMemberBody(
    @Arg('input', () => MemberBodyInput) input: MemberBodyInput,
    @Ctx() context: GraphqlContext,
  ): Promise<CreateMemberBodyResultType> {
    const created = await createMemberBody(context, {
      body: { slug: input.slug, name: input.name, kind: input.kind, population: input.population ?? null, timeZone: input.timeZone },
      admin: { email: input.adminEmail, displayName: input.adminDisplayName },
    });
    return Object.assign(new CreateMemberBodyResultType(), {
      body: BodyType.from(created.body),
      admin: MembershipType.from(Object.assign(created.membership, { body: created.body, person: created.person })),
      linkedExistingAccount: created.linkedExistingAccount,
      invitationSent: created.invitationSent,
    });
  }

  @Mutation(() => BodyType, { description: 'Suspends, reactivates or archives a member body.' })
  @Access('coordinator')
  async changeBodyStatus(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('action', () => BodyLifecycleActionEnum) action: BodyLifecycleAction,
    @Ctx() context: GraphqlContext,
  ): Promise<BodyType> {
    return BodyType.from(await changeBodyStatus(context, bodyId, action));
  }

  @Query(() => [ContractType], { description: 'The contracts of the groupement, latest first.' })
  @Access('coordinator')
  async contracts(@Ctx() context: GraphqlContext): Promise<ContractType[]> {
    const contracts = await context.platformEm.find(GroupementContract, {}, { orderBy: { startsOn: 'desc' } });
    return Promise.all(contracts.map((contract) => contractType(context, contract)));
  }

  @Mutation(() => ContractType)
  @Access('coordinator')
  async createContract(@Arg('input', () => ContractInput) input: ContractInput, @Ctx() context: GraphqlContext): Promise<ContractType> {
    const contract = await saveContract(context.platformEm, input);
    return contractType(context, contract);
  }

  @Mutation(() => ContractType, { description: "Replaces a contract's terms; statements of closed months keep theirs." })
  @Access('coordinator')
  async updateContract(
    @Arg('contractId', () => UuidScalar) contractId: string,
    @Arg('input', () => ContractInput) input: ContractInput,
    @Ctx() context: GraphqlContext,
  ): Promise<ContractType> {
    const contract = await saveContract(context.platformEm, input, contractId);
    return contractType(context, contract);
  }
}

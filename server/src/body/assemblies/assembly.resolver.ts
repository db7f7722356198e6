import { assemblyRules } from '../../legal/assembly-rules.js';
import { todayIn } from '../../legal/clock.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { AssemblyInput, AssemblyMemberInput, AssemblySeatTermsInput } from './assembly.input.js';
import { addAssemblyMember, setCommissionDelay, createAssembly, removeAssemblyMember, rosterOf, updateAssemblyMember } from './assembly.service.js';
import { AssemblyMemberType, AssemblyType } from './assembly.type.js';

@Resolver(() => AssemblyType)
export class AssemblyResolver {
  @FieldResolver(() => [AssemblyMemberType])
  @Access('authenticated')
  async members(@Root() root: AssemblyType, @Ctx() { bodies, platformEm, convocations }: GraphqlContext): Promise<AssemblyMemberType[]> {
    const { body, em } = await bodies.enterById(root.bodyId, 'read');
    return (await rosterOf(platformEm, body, em, root.id, todayIn(convocations.clock, body.timeZone))).map(({ member, displayName, inOffice }) =>
      Object.assign(new AssemblyMemberType(), {
        id: member.id,
        personId: member.personId,
        displayName,
        role: member.role,
        votingRight: member.votingRight,
        mandateStart: member.mandateStart ?? null,
        mandateEnd: member.mandateEnd ?? null,
        inOffice,
        titulaireSeatId: member.titulaireSeatId ?? null,
      }),
    );
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where seats of this assembly may have a suppléant (EPCI, syndicats): the article; null otherwise.' })
  @Access('authenticated')
  async suppleantsArticle(@Root() root: AssemblyType, @Ctx() { bodies, convocations }: GraphqlContext): Promise<string | null> {
    const { body } = await bodies.enterById(root.bodyId, 'read');
    return assemblyRules(body.kind, root.kind, todayIn(convocations.clock, body.timeZone)).suppleants?.article ?? null;
  }

  @FieldResolver(() => Int, { description: 'Members in office today, suppléants not included: derived, never typed in.' })
  @Access('authenticated')
  async membersInOffice(@Root() root: AssemblyType, @Ctx() { bodies, platformEm, convocations }: GraphqlContext): Promise<number> {
    const { body, em } = await bodies.enterById(root.bodyId, 'read');
    return (await rosterOf(platformEm, body, em, root.id, todayIn(convocations.clock, body.timeZone))).filter((seat) => seat.inOffice && seat.member.role !== 'SUPPLEANT').length;
  }

  @Mutation(() => AssemblyType)
  @Access('authenticated')
  async createAssembly(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('input', () => AssemblyInput) input: AssemblyInput,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<AssemblyType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    return AssemblyType.from(await createAssembly(em, input), body.id);
  }

  @Mutation(() => AssemblyType, {
    description: 'Sets a commission’s convocation delay (jours francs) from the règlement intérieur; null clears it (the council’s delay then applies).',
  })
  @Access('authenticated')
  async setCommissionConvocationDelay(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('assemblyId', () => ID) assemblyId: string,
    @Arg('clearDays', () => Int, { nullable: true }) clearDays: number | null,
    @Arg('reference', () => String, { nullable: true }) reference: string | null,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<AssemblyType> {
    const { body, em } = await bodies.enterById(bodyId, 'administer');
    return AssemblyType.from(await setCommissionDelay(em, assemblyId, clearDays ?? null, reference ?? null), body.id);
  }

  @Mutation(() => AssemblyType, { description: 'Seats a member of the body in the assembly.' })
  @Access('authenticated')
  async addAssemblyMember(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('assemblyId', () => ID) assemblyId: string,
    @Arg('input', () => AssemblyMemberInput) input: AssemblyMemberInput,
    @Ctx() { bodies, platformEm, convocations }: GraphqlContext,
  ): Promise<AssemblyType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    const member = await addAssemblyMember(platformEm, body, em, assemblyId, input, todayIn(convocations.clock, body.timeZone));
    return AssemblyType.from(member.assembly, body.id);
  }

  @Mutation(() => AssemblyType, {
    description: 'Changes a seat in place (function, voting right, mandate); convocations already sent keep the voting rights they froze.',
  })
  @Access('authenticated')
  async updateAssemblyMember(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Arg('input', () => AssemblySeatTermsInput) input: AssemblySeatTermsInput,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<AssemblyType> {
    const { body, em } = await bodies.enterById(bodyId, 'prepare');
    const seat = await updateAssemblyMember(em, memberId, input);
    return AssemblyType.from(seat.assembly, body.id);
  }

  @Mutation(() => ID)
  @Access('authenticated')
  async removeAssemblyMember(
    @Arg('bodyId', () => ID) bodyId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<string> {
    const { em } = await bodies.enterById(bodyId, 'prepare');
    return removeAssemblyMember(em, memberId);
  }
}

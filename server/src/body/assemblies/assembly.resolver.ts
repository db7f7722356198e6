import { assemblyRules } from '../../legal/assembly-rules.js';
import { todayIn } from '../../legal/clock.js';
import { Arg, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { AssemblyInput, AssemblyMemberInput, AssemblySeatTermsInput } from './assembly.input.js';
import {
  addAssemblyMember,
  setCommissionDelay,
  createAssembly,
  removeAssemblyMember,
  rosterOf,
  updateAssemblyMember,
} from './assembly.service.js';
import { AssemblyMemberType, AssemblyType } from './assembly.type.js';

@Resolver(() => AssemblyType)
export class AssemblyResolver {
  @FieldResolver(() => [AssemblyMemberType])
  @Access('authenticated')
  async members(@Root() root: AssemblyType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<AssemblyMemberType[]> {
    return (await rosterOf(ctx, root.id)).map(({ member, displayName, inOffice }) =>
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

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Where seats of this assembly may have a suppléant (EPCI, syndicats): the article; null otherwise.',
  })
  @Access('authenticated')
  async suppleantsArticle(
    @Root() root: AssemblyType,
    @InBody('read', { root: 'bodyId' }) { body, clock }: PersonContext,
  ): Promise<string | null> {
    return assemblyRules(body.kind, root.kind, todayIn(clock, body.timeZone)).suppleants?.article ?? null;
  }

  @FieldResolver(() => Int, { description: 'Members in office today, suppléants not included: derived, never typed in.' })
  @Access('authenticated')
  async membersInOffice(@Root() root: AssemblyType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): Promise<number> {
    return (await rosterOf(ctx, root.id)).filter((seat) => seat.inOffice && seat.member.role !== 'SUPPLEANT').length;
  }

  @Mutation(() => AssemblyType)
  @Access('authenticated')
  async createAssembly(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => AssemblyInput) input: AssemblyInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<AssemblyType> {
    return AssemblyType.from(await createAssembly(ctx, input), ctx.bodyId);
  }

  @Mutation(() => AssemblyType, {
    description:
      'Sets a commission’s convocation delay (jours francs) from the règlement intérieur; null clears it (the council’s delay then applies).',
  })
  @Access('authenticated')
  async setCommissionConvocationDelay(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('assemblyId', () => UuidScalar) assemblyId: string,
    @Arg('clearDays', () => Int, { nullable: true }) clearDays: number | null,
    @Arg('reference', () => String, { nullable: true }) reference: string | null,
    @InBody('administer') ctx: PersonContext,
  ): Promise<AssemblyType> {
    return AssemblyType.from(await setCommissionDelay(ctx, assemblyId, clearDays ?? null, reference ?? null), ctx.bodyId);
  }

  @Mutation(() => AssemblyType, { description: 'Seats a member of the body in the assembly.' })
  @Access('authenticated')
  async addAssemblyMember(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('assemblyId', () => UuidScalar) assemblyId: string,
    @Arg('input', () => AssemblyMemberInput) input: AssemblyMemberInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<AssemblyType> {
    const member = await addAssemblyMember(ctx, assemblyId, input);
    return AssemblyType.from(member.assembly, ctx.bodyId);
  }

  @Mutation(() => AssemblyType, {
    description: 'Changes a seat in place (function, voting right, mandate); convocations already sent keep the voting rights they froze.',
  })
  @Access('authenticated')
  async updateAssemblyMember(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('memberId', () => UuidScalar) memberId: string,
    @Arg('input', () => AssemblySeatTermsInput) input: AssemblySeatTermsInput,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<AssemblyType> {
    const seat = await updateAssemblyMember(ctx, memberId, input);
    return AssemblyType.from(seat.assembly, ctx.bodyId);
  }

  @Mutation(() => ID)
  @Access('authenticated')
  async removeAssemblyMember(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('memberId', () => UuidScalar) memberId: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<string> {
    return removeAssemblyMember(ctx, memberId);
  }
}

import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../../graphql/scalars.js';
import { Access } from '../../../graphql/access.js';
import type { GraphqlContext } from '../../../graphql/context.js';
import { InBody } from '../../../graphql/in-body.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { BodyType } from '../../../platform/bodies/body.type.js';
import { PaperConvocationRequest } from '../convocation.entity.js';
import { MemberContactType, PaperConvocationChoiceType } from '../convocation.type.js';
import { memberContactsOf, setMemberContact } from './member-contacts.js';
import { setPaperConvocation } from './paper-requests.js';

/** Where a body's convocations reach its members: paper requests (L2121-10) and the contact details its secretariat set. */
@Resolver(() => BodyType)
export class BodyPaperConvocationsResolver {
  @FieldResolver(() => [PaperConvocationChoiceType], {
    description: 'Secretariat: the officials of the body convened on paper at their request, and their postal address.',
  })
  @Access('authenticated')
  async paperConvocations(
    @Root() _root: BodyType,
    @InBody('prepare', { root: 'id' }) { em }: PersonContext,
  ): Promise<PaperConvocationChoiceType[]> {
    return (await em.find(PaperConvocationRequest, {}, { orderBy: { requestedAt: 'asc' } })).map(
      ({ personId, postalAddress, requestedAt }) =>
        Object.assign(new PaperConvocationChoiceType(), { personId, postalAddress, requestedAt }),
    );
  }

  @FieldResolver(() => [MemberContactType], { description: 'Secretariat: where this body’s convocations reach each member.' })
  @Access('authenticated')
  async memberContacts(@Root() _root: BodyType, @InBody('prepare', { root: 'id' }) ctx: PersonContext): Promise<MemberContactType[]> {
    return (await memberContactsOf(ctx)).map((row) => Object.assign(new MemberContactType(), row));
  }

  @Mutation(() => Boolean, {
    description:
      'Paper convocation at the official’s request (CGCT L2121-10), to the address given; null goes back to electronic. An official sets their own, the secretariat anyone’s (`personId`).',
  })
  @Access('authenticated')
  async setPaperConvocation(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('postalAddress', () => String, { nullable: true }) postalAddress: string | null,
    @Arg('personId', () => UuidScalar, { nullable: true }) personId: string | null,
    @InBody('read') reader: PersonContext,
    @Ctx() { bodies }: GraphqlContext,
  ): Promise<boolean> {
    const callerId = reader.actor.personId;
    const forOther = personId != null && personId !== callerId;
    // An official sets their own choice; anyone else's is the secretariat's to set.
    const ctx = forOther ? await bodies.contextById(reader.bodyId, 'prepare') : reader;
    await setPaperConvocation(ctx, { personId: forOther ? personId : callerId, postalAddress: postalAddress ?? null });
    return postalAddress != null;
  }

  @Mutation(() => MemberContactType, {
    description:
      'Secretariat: where this body’s convocations reach a member — an email and a mobile phone (E.164 after normalisation) replacing their account’s for this body; null or blank keeps the account’s. SMS still needs the official’s own consent.',
  })
  @Access('authenticated')
  async setMemberContact(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('personId', () => UuidScalar) personId: string,
    @Arg('email', () => String, { nullable: true }) email: string | null,
    @Arg('mobilePhone', () => String, { nullable: true }) mobilePhone: string | null,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MemberContactType> {
    const row = await setMemberContact(ctx, { personId, email: email ?? null, mobilePhone: mobilePhone ?? null });
    return Object.assign(new MemberContactType(), row);
  }
}

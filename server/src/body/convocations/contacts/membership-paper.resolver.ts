import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../../../graphql/access.js';
import type { GraphqlContext } from '../../../graphql/context.js';
import { MembershipType } from '../../../platform/people/person.type.js';
import { PaperConvocationType } from '../convocation.type.js';
import { paperRequestOf } from './paper-requests.js';

/** `Membership.paperConvocation`: the person's own choice, or any member's for the body's secretariat. */
@Resolver(() => MembershipType)
export class MembershipConvocationResolver {
  @FieldResolver(() => PaperConvocationType, {
    nullable: true,
    description:
      'Paper convocations requested in this body (CGCT L2121-10); null: electronic, the default. The person themselves or the body’s secretariat.',
  })
  @Access('authenticated')
  async paperConvocation(@Root() root: MembershipType, @Ctx() { bodies, viewer }: GraphqlContext): Promise<PaperConvocationType | null> {
    // The permission depends on whose choice it is: the person's own, or any member's for the secretariat.
    const own = root.person.id === viewer.personId;
    const request = await paperRequestOf(await bodies.contextById(root.body.id, own ? 'read' : 'prepare'), root.person.id);
    return request && Object.assign(new PaperConvocationType(), { postalAddress: request.postalAddress, requestedAt: request.requestedAt });
  }
}

import { LocalDateScalar } from '../../graphql/scalars.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { assemblyRoles, type AssemblyRole } from './assembly-member.entity.js';
import { assemblyKinds, type Assembly, type AssemblyKind } from './assembly.entity.js';
import type { IndexedAssembly } from '../inbox/inbox-index.js';

export const AssemblyKindEnum = graphqlEnum(assemblyKinds, 'AssemblyKind', 'Kind of deliberative assembly.');
export const AssemblyRoleEnum = graphqlEnum(assemblyRoles, 'AssemblyRole', 'Role of a member within an assembly.');

@ObjectType('Assembly')
@Access('authenticated')
export class AssemblyType {
  @Field(() => ID)
  id!: string;

  @Field(() => AssemblyKindEnum)
  kind!: AssemblyKind;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Commissions: the convocation delay in jours francs set by the règlement intérieur.' })
  convocationClearDays!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Commissions: where the règlement intérieur sets it, e.g. "Règlement intérieur, art. 12".',
  })
  convocationRuleReference!: string | null;

  /** The body it belongs to, for the fields that read its schema (not exposed). */
  bodyId!: string;

  static from(assembly: Assembly, bodyId: string): AssemblyType {
    return Object.assign(new AssemblyType(), {
      id: assembly.id,
      kind: assembly.kind,
      name: assembly.name,
      convocationClearDays: assembly.convocationClearDays ?? null,
      convocationRuleReference: assembly.convocationRuleReference ?? null,
      bodyId,
    });
  }

  /** The assembly of a meeting of the caller's inbox, as the index holds it. */
  static fromIndex(assembly: IndexedAssembly, bodyId: string): AssemblyType {
    return Object.assign(new AssemblyType(), { ...assembly, bodyId });
  }
}

@ObjectType('AssemblyMember', { description: 'A seat in an assembly.' })
@Access('authenticated')
export class AssemblyMemberType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The person (see Body.members).' })
  personId!: string;

  @Field()
  displayName!: string;

  @Field(() => AssemblyRoleEnum)
  role!: AssemblyRole;

  @Field({ description: 'May vote (and so hold a proxy, and count for the quorum).' })
  votingRight!: boolean;

  @Field(() => LocalDateScalar, { nullable: true })
  mandateStart!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  mandateEnd!: string | null;

  @Field({ description: "In office today, in the body's time zone." })
  inOffice!: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'A suppléant’s seat: the titulaire’s seat it replaces when the titulaire is absent (CGCT L5211-6).',
  })
  titulaireSeatId!: string | null;
}

import { IsBoolean, Length, Matches } from 'class-validator';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import { Field, InputType } from 'type-graphql';
import type { AssemblyRole } from './assembly-member.entity.js';
import type { AssemblyKind } from './assembly.entity.js';
import { AssemblyKindEnum, AssemblyRoleEnum } from './assembly.type.js';

@InputType('AssemblyInput')
export class AssemblyInput {
  @Field(() => AssemblyKindEnum)
  kind!: AssemblyKind;

  @Field()
  @Length(1, 200, { message: 'Le nom doit compter de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'Le nom ne peut pas être vide.' })
  name!: string;
}

@InputType('AssemblySeatTermsInput', {
  description:
    'The terms of a seat: function, voting right, mandate. Changing them applies from now on; sent convocations keep the voting rights they froze.',
})
export class AssemblySeatTermsInput {
  @Field(() => AssemblyRoleEnum)
  role!: AssemblyRole;

  @Field()
  @IsBoolean()
  votingRight!: boolean;

  @Field(() => LocalDateScalar, { nullable: true })
  mandateStart?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  mandateEnd?: string | null;
}

@InputType('AssemblyMemberInput')
export class AssemblyMemberInput extends AssemblySeatTermsInput {
  @Field(() => UuidScalar, { description: 'A person who is a member of the body.' })
  personId!: string;

  @Field(() => AssemblyRoleEnum, { defaultValue: 'MEMBRE' })
  override role!: AssemblyRole;

  @Field({ defaultValue: true, description: 'Ignored for a SUPPLEANT: a suppléant votes only in the titulaire’s place.' })
  @IsBoolean()
  override votingRight!: boolean;

  @Field(() => UuidScalar, {
    nullable: true,
    description: 'With the SUPPLEANT role: the seat of the titulaire replaced (CGCT L5211-6, L5212-7).',
  })
  titulaireSeatId?: string | null;
}

import { ArrayMaxSize, ArrayNotEmpty, IsEmail, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { MembershipRole } from './membership.entity.js';
import { MembershipRoleEnum } from './person.type.js';

@InputType('MembershipTermsInput')
export class MembershipTermsInput {
  @Field(() => [MembershipRoleEnum])
  @ArrayNotEmpty({ message: 'Au moins un rôle est requis.' })
  @ArrayMaxSize(3)
  roles!: MembershipRole[];

  @Field(() => LocalDateScalar, { nullable: true })
  mandateStart?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  mandateEnd?: string | null;
}

@InputType('AddMemberInput')
export class AddMemberInput extends MembershipTermsInput {
  @Field()
  @IsEmail({}, { message: 'Adresse électronique invalide.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  email!: string;

  @Field()
  @Length(1, 200, { message: 'Le nom doit compter de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'Le nom ne peut pas être vide.' })
  displayName!: string;
}

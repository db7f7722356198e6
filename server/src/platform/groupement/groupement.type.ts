import { ArrayMaxSize, IsEmail, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { sharingRules, supportSharings, type SharingRule, type SupportSharing } from '../../billing/cost-sharing.js';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import type { Body, BodyKind } from '../bodies/body.entity.js';
import { BodyKindEnum, BodyType } from '../bodies/body.type.js';
import { MembershipType } from '../people/person.type.js';
import type { GroupementContract } from './contract.entity.js';
import { bodyLifecycleActions } from './member-bodies.js';

export const SharingRuleEnum = graphqlEnum(
  sharingRules,
  'SharingRule',
  "How a shared item is split between the bodies of the person holding it: EQUAL parts, or WEIGHTED by each body's weight.",
);
export const SupportSharingEnum = graphqlEnum(
  supportSharings,
  'SupportSharing',
  'How the monthly support is charged: PER_BODY (its price to each member body) or SHARED (one price split between the bodies by the sharing rule).',
);
export const BodyLifecycleActionEnum = graphqlEnum(
  bodyLifecycleActions,
  'BodyLifecycleAction',
  "SUSPEND closes the body's space (data and billing kept); REACTIVATE reopens it; ARCHIVE makes it read-only for good.",
);

@InputType('ContractWeightInput')
export class ContractWeightInput {
  @Field(() => UuidScalar)
  bodyId!: string;

  @Field(() => Int)
  @IsInt({ message: 'La pondération doit être un entier.' })
  @Min(1, { message: 'La pondération va de 1 à 1 000.' })
  @Max(1000, { message: 'La pondération va de 1 à 1 000.' })
  weight!: number;
}

@InputType('ContractInput', { description: 'Unit prices in euro cents, excluding tax.' })
export class ContractInput {
  @Field()
  @Length(1, 100, { message: 'La référence compte de 1 à 100 caractères.' })
  @Matches(/\S/, { message: 'La référence ne peut être vide.' })
  reference!: string;

  @Field(() => UuidScalar, { description: 'The body holding the contract (the coordinator of the groupement).' })
  holderBodyId!: string;

  @Field({ description: 'Holder of the public contract (titulaire du marché).' })
  @Length(1, 200, { message: 'Le fournisseur compte de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'Le fournisseur ne peut être vide.' })
  supplier!: string;

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => LocalDateScalar)
  endsOn!: string;

  @Field(() => Int, { description: 'Per seat and per month.' })
  @IsInt({ message: 'Prix en centimes entiers.' })
  @Min(0, { message: 'Un prix ne peut être négatif.' })
  @Max(100_000_000, { message: 'Prix trop élevé.' })
  seatPriceCents!: number;

  @Field(() => Int, { description: 'Per device in service and per month.' })
  @IsInt({ message: 'Prix en centimes entiers.' })
  @Min(0, { message: 'Un prix ne peut être négatif.' })
  @Max(100_000_000, { message: 'Prix trop élevé.' })
  devicePriceCents!: number;

  @Field(() => Int, { description: 'Per device handed over, once, in the month of the hand-over.' })
  @IsInt({ message: 'Prix en centimes entiers.' })
  @Min(0, { message: 'Un prix ne peut être négatif.' })
  @Max(100_000_000, { message: 'Prix trop élevé.' })
  setupPriceCents!: number;

  @Field(() => SharingRuleEnum)
  sharingRule!: SharingRule;

  @Field(() => [ContractWeightInput], { defaultValue: [], description: "WEIGHTED rule: each body's weight (1 when absent)." })
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  weights!: ContractWeightInput[];

  @Field(() => String, { nullable: true, description: "The supplier's SIRET (14 digits), printed on its invoices." })
  @IsOptional()
  @Matches(/^[0-9]{14}$/, { message: 'Le SIRET compte 14 chiffres.' })
  supplierSiret?: string | null;

  @Field(() => String, { nullable: true, description: "The supplier's intra-community VAT number (FR + 11 characters)." })
  @IsOptional()
  @Matches(/^\s*FR[0-9A-Za-z]{2}[0-9]{9}\s*$/, { message: 'Numéro de TVA intracommunautaire invalide (FR suivi de 11 caractères).' })
  supplierVatNumber?: string | null;

  @Field(() => String, { nullable: true, description: "The supplier's postal address, printed on its invoices." })
  @IsOptional()
  @Length(1, 300, { message: 'L’adresse compte de 1 à 300 caractères.' })
  supplierAddress?: string | null;

  @Field({ defaultValue: true, description: 'Tablets lent part of a month are charged by day (false: for the whole month).' })
  prorateByDay!: boolean;

  @Field({ defaultValue: false, description: 'Staff-only accounts (secretariat, administrators) are billed as seats.' })
  billStaffSeats!: boolean;

  @Field(() => Int, { nullable: true, description: 'Monthly support price, excluding tax; none when null.' })
  @IsOptional()
  @IsInt({ message: 'Prix en centimes entiers.' })
  @Min(0, { message: 'Un prix ne peut être négatif.' })
  @Max(100_000_000, { message: 'Prix trop élevé.' })
  supportPriceCents?: number | null;

  @Field(() => SupportSharingEnum, { defaultValue: 'PER_BODY' })
  supportSharing!: SupportSharing;
}

@ObjectType('ContractWeight')
@Access('coordinator')
export class ContractWeightType {
  @Field(() => ID)
  bodyId!: string;

  @Field(() => Int)
  weight!: number;
}

@ObjectType('Contract', { description: 'The framework contract of the groupement; prices in euro cents, excluding tax.' })
@Access('coordinator')
export class ContractType {
  @Field(() => ID)
  id!: string;

  @Field()
  reference!: string;

  @Field(() => BodyType)
  holderBody!: BodyType;

  @Field()
  supplier!: string;

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => LocalDateScalar)
  endsOn!: string;

  @Field(() => Int)
  seatPriceCents!: number;

  @Field(() => Int)
  devicePriceCents!: number;

  @Field(() => Int)
  setupPriceCents!: number;

  @Field(() => SharingRuleEnum)
  sharingRule!: SharingRule;

  @Field(() => [ContractWeightType])
  weights!: ContractWeightType[];

  @Field(() => String, { nullable: true })
  supplierSiret!: string | null;

  @Field(() => String, { nullable: true })
  supplierVatNumber!: string | null;

  @Field(() => String, { nullable: true })
  supplierAddress!: string | null;

  @Field()
  prorateByDay!: boolean;

  @Field()
  billStaffSeats!: boolean;

  @Field(() => Int, { nullable: true })
  supportPriceCents!: number | null;

  @Field(() => SupportSharingEnum)
  supportSharing!: SupportSharing;

  static from(contract: GroupementContract, holder: Body, weights: ReadonlyMap<string, number>): ContractType {
    return Object.assign(new ContractType(), {
      id: contract.id,
      reference: contract.reference,
      holderBody: BodyType.from(holder),
      supplier: contract.supplier,
      startsOn: contract.startsOn,
      endsOn: contract.endsOn,
      seatPriceCents: contract.seatPriceCents,
      devicePriceCents: contract.devicePriceCents,
      setupPriceCents: contract.setupPriceCents,
      sharingRule: contract.sharingRule,
      supplierSiret: contract.supplierSiret ?? null,
      supplierVatNumber: contract.supplierVatNumber ?? null,
      supplierAddress: contract.supplierAddress ?? null,
      prorateByDay: contract.prorateByDay,
      billStaffSeats: contract.billStaffSeats,
      supportPriceCents: contract.supportPriceCents ?? null,
      supportSharing: contract.supportSharing,
      weights: [...weights].map(([bodyId, weight]) => Object.assign(new ContractWeightType(), { bodyId, weight })),
    });
  }
}

@InputType('MemberBodyInput')
export class MemberBodyInput {
  @Field({ description: 'Stable identifier: lowercase letters, digits and hyphens.' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Identifiant : lettres minuscules, chiffres et tirets uniquement.' })
  @MaxLength(63, { message: 'Identifiant trop long (63 caractères au plus).' })
  slug!: string;

  @Field()
  @Length(1, 200, { message: 'Le nom doit compter de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'Le nom ne peut pas être vide.' })
  name!: string;

  @Field(() => BodyKindEnum)
  kind!: BodyKind;

  @Field(() => Int, { nullable: true })
  @Min(0, { message: 'Population invalide.' })
  population?: number | null;

  @Field({ defaultValue: 'Europe/Paris' })
  @Length(1, 64)
  timeZone!: string;

  @Field({ description: 'Email of its first admin (an existing account is linked).' })
  @IsEmail({}, { message: 'Adresse électronique invalide.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  adminEmail!: string;

  @Field()
  @Length(1, 200, { message: 'Le nom doit compter de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'Le nom ne peut pas être vide.' })
  adminDisplayName!: string;
}

@ObjectType('CreateMemberBodyResult')
@Access('coordinator')
export class CreateMemberBodyResultType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => MembershipType, { description: 'The seat of its first admin.' })
  admin!: MembershipType;

  @Field({ description: 'The admin already had a Cartable account, now linked to this body.' })
  linkedExistingAccount!: boolean;

  @Field({ description: 'An invitation to choose a password was sent (new accounts only).' })
  invitationSent!: boolean;
}

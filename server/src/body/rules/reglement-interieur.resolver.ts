import { IsBoolean, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import { addReglementInterieurSetting, reglementInterieur } from './reglement-interieur.service.js';

@ObjectType('ReglementInterieurSetting', {
  description: 'What the body’s règlement intérieur adds to the law, from `validFrom` on (never looser than the law).',
})
@Access('authenticated')
export class ReglementInterieurSettingType {
  @Field(() => LocalDateScalar)
  validFrom!: string;

  @Field()
  reference!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'At most this many consecutive séances for one pouvoir (1 to 3, CGCT L2121-20 allows 3); null: the law’s. Refused where a délégation is for one réunion (départements, régions).',
  })
  proxyMaxConsecutiveSeances!: number | null;

  @Field({ description: 'Commissions deliberate only with the majority of their voting members present (none by law).' })
  commissionQuorum!: boolean;
}

@InputType('ReglementInterieurSettingInput')
export class ReglementInterieurSettingInput {
  @Field(() => LocalDateScalar, { description: 'From this local date on (today or later).' })
  validFrom!: string;

  @Field()
  @Length(1, 200, { message: 'La référence compte de 1 à 200 caractères.' })
  reference!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Au moins une séance.' })
  @Max(3, { message: 'Pas plus de trois séances consécutives, la limite de la loi.' })
  proxyMaxConsecutiveSeances?: number | null;

  @Field({ defaultValue: false })
  @IsBoolean()
  commissionQuorum!: boolean;
}

@Resolver(() => BodyType)
export class ReglementInterieurResolver {
  @FieldResolver(() => [ReglementInterieurSettingType], {
    description: 'The dated settings of the body’s règlement intérieur, oldest first.',
  })
  @Access('authenticated')
  async reglementInterieur(
    @Root() _root: BodyType,
    @InBody('read', { root: 'id' }) { em }: PersonContext,
  ): Promise<ReglementInterieurSettingType[]> {
    return (await reglementInterieur(em)).map((setting) => Object.assign(new ReglementInterieurSettingType(), setting));
  }

  @Mutation(() => [ReglementInterieurSettingType], {
    description: 'Body administrator: a new setting of the règlement intérieur, from a date (today or later); returns them all.',
  })
  @Access('authenticated')
  async addReglementInterieurSetting(
    @Arg('bodyId', () => UuidScalar) _bodyId: string,
    @Arg('input', () => ReglementInterieurSettingInput) input: ReglementInterieurSettingInput,
    @InBody('administer') ctx: PersonContext,
  ): Promise<ReglementInterieurSettingType[]> {
    await addReglementInterieurSetting(ctx, { ...input, proxyMaxConsecutiveSeances: input.proxyMaxConsecutiveSeances ?? null });
    return (await reglementInterieur(ctx.em)).map((setting) => Object.assign(new ReglementInterieurSettingType(), setting));
  }
}

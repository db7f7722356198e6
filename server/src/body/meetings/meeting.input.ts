import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';

@InputType('MeetingInput')
export class MeetingInput {
  @Field(() => UuidScalar)
  assemblyId!: string;

  @Field()
  @Length(1, 300, { message: 'Le titre doit compter de 1 à 300 caractères.' })
  @Matches(/\S/, { message: 'Le titre ne peut pas être vide.' })
  title!: string;

  @Field({ description: 'Start of the meeting, ISO 8601 with its offset.' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Address of the meeting place.' })
  @IsOptional()
  @MaxLength(500, { message: 'L’adresse est trop longue (500 caractères au plus).' })
  place?: string | null;

  @Field({ defaultValue: false })
  urgent!: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'La justification est trop longue (2 000 caractères au plus).' })
  urgencyJustification?: string | null;
}

import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import type { ChangeFields } from '../inbox/inbox-index.js';
import { meetingChangeKinds, type MeetingChangeKind } from './meeting-change.entity.js';

export const MeetingChangeKindEnum = graphqlEnum(
  meetingChangeKinds,
  'MeetingChangeKind',
  'A convened meeting cancelled, or moved (date, time or place).',
);

@ObjectType('MeetingChange', { description: 'A cancellation or a move of a convened meeting, told to every official convened.' })
@Access('authenticated')
export class MeetingChangeType {
  @Field(() => Int, { description: 'From 1 for the first change of the meeting (the SEQUENCE of its calendar event).' })
  sequence!: number;

  @Field(() => MeetingChangeKindEnum)
  kind!: MeetingChangeKind;

  @Field()
  reason!: string;

  @Field()
  previousStartsAt!: Date;

  @Field(() => String, { nullable: true })
  previousPlace!: string | null;

  @Field()
  startsAt!: Date;

  @Field(() => String, { nullable: true })
  place!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'A move: whether the convocation already sent meets the legal delay for the new date.',
  })
  deadlineMet!: boolean | null;

  @Field()
  changedAt!: Date;

  static from(change: ChangeFields): MeetingChangeType {
    return Object.assign(new MeetingChangeType(), {
      sequence: change.sequence,
      kind: change.kind,
      reason: change.reason,
      previousStartsAt: change.previousStartsAt,
      previousPlace: change.previousPlace ?? null,
      startsAt: change.startsAt,
      place: change.place ?? null,
      deadlineMet: change.deadlineMet ?? null,
      changedAt: change.changedAt,
    });
  }
}

const reasonMessage = 'Le motif doit compter de 1 à 2 000 caractères.';

@InputType('MoveMeetingInput')
export class MoveMeetingInput {
  @Field({ description: 'The new start, ISO 8601 with its offset.' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'The new place; none keeps no place.' })
  @IsOptional()
  @MaxLength(500, { message: 'L’adresse est trop longue (500 caractères au plus).' })
  place?: string | null;

  @Field({ description: 'Why, told to the officials and kept in the proof.' })
  @Length(1, 2000, { message: reasonMessage })
  @Matches(/\S/, { message: 'Indiquez le motif : il est communiqué aux élus et consigné au registre de preuve.' })
  reason!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Confirms a move after which the convocation already sent no longer meets the legal delay.',
  })
  @IsOptional()
  acceptLateConvocation?: boolean | null;
}

import { ArrayMaxSize, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import type { QuorumForecast } from '../../legal/quorum.js';
import { attendanceResponses, type AttendanceAnswer, type AttendanceResponse } from './attendance-answer.entity.js';

export const AttendanceResponseEnum = graphqlEnum(
  attendanceResponses,
  'AttendanceResponse',
  'Present, absent, or absent with a proxy to a named member.',
);

/** What an answer shows: an entity, or the same columns read in one statement (the inbox). */
export type AnswerFields = Pick<
  AttendanceAnswer,
  'id' | 'personId' | 'response' | 'proxyHolderId' | 'illnessDeclared' | 'illnessCertifiedOn' | 'remote' | 'recordedAt' | 'recordedBy'
>;

@ObjectType('Colleague')
@Access('authenticated')
export class ColleagueType {
  @Field(() => ID)
  personId!: string;

  @Field()
  displayName!: string;
}

@ObjectType('AttendanceAnswer', { description: 'An answer to a convocation; the history keeps every change.' })
@Access('authenticated')
export class AttendanceAnswerType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => AttendanceResponseEnum)
  response!: AttendanceResponse;

  @Field(() => ColleagueType, { nullable: true, description: 'Who holds the proxy.' })
  proxyHolder!: ColleagueType | null;

  @Field({ description: 'Illness declared: a proxy beyond three consecutive meetings (communes, EPCI).' })
  illnessDeclared!: boolean;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The date of the medical certificate establishing the illness (CGCT L2121-20), when given.',
  })
  illnessCertifiedOn!: string | null;

  @Field({ description: 'Present « à distance » (CGCT L5211-11-1).' })
  remote!: boolean;

  @Field()
  recordedAt!: Date;

  @Field({ description: 'Recorded by the secretariat on the official’s behalf.' })
  recordedOnBehalf!: boolean;

  static from(answer: AnswerFields, names: ReadonlyMap<string, string>): AttendanceAnswerType {
    return Object.assign(new AttendanceAnswerType(), {
      id: answer.id,
      personId: answer.personId,
      response: answer.response,
      proxyHolder: answer.proxyHolderId ? { personId: answer.proxyHolderId, displayName: names.get(answer.proxyHolderId) ?? '—' } : null,
      illnessDeclared: answer.illnessDeclared,
      illnessCertifiedOn: answer.illnessCertifiedOn ?? null,
      remote: answer.remote,
      recordedAt: answer.recordedAt,
      recordedOnBehalf: answer.recordedBy !== answer.personId,
    });
  }
}

@ObjectType('QuorumRule')
@Access('authenticated')
export class QuorumRuleType {
  @Field({ description: 'Whether the law sets a quorum for this assembly (a commission has none; its règlement intérieur may).' })
  statutory!: boolean;

  @Field(() => String, { nullable: true, description: 'The article that sets the quorum; null when no text applies to this assembly.' })
  article!: string | null;

  @Field()
  description!: string;

  @Field({ description: 'Whether members represented by a proxy count towards the quorum.' })
  countsProxies!: boolean;
}

@ObjectType('QuorumForecast', { description: 'The quorum the current answers announce.' })
@Access('authenticated')
export class QuorumForecastType {
  @Field(() => Int, { description: 'Members in office on the meeting’s day with a vote: the base of the quorum.' })
  membersInOffice!: number;

  @Field(() => Int, { nullable: true, description: 'Null: no statutory quorum.' })
  required!: number | null;

  @Field(() => Int)
  present!: number;

  @Field(() => Int)
  represented!: number;

  @Field(() => Int)
  absent!: number;

  @Field(() => Int)
  unanswered!: number;

  @Field(() => Int, { description: 'What the quorum is judged on: present, plus represented where the law counts them.' })
  counted!: number;

  @Field(() => Boolean, { nullable: true, description: 'Null: no statutory quorum.' })
  reached!: boolean | null;

  @Field(() => QuorumRuleType)
  rule!: QuorumRuleType;

  static from(forecast: QuorumForecast): QuorumForecastType {
    return Object.assign(new QuorumForecastType(), forecast, { rule: Object.assign(new QuorumRuleType(), forecast.rule) });
  }
}

@InputType('AnswerConvocationInput')
export class AnswerConvocationInput {
  @Field(() => UuidScalar)
  meetingId!: string;

  @Field(() => AttendanceResponseEnum)
  @IsIn([...attendanceResponses])
  response!: AttendanceResponse;

  @Field(() => UuidScalar, { nullable: true, description: 'Required for PROXY: the member who will vote in the caller’s name.' })
  proxyHolderId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Illness duly certified (allows a proxy beyond three consecutive meetings).' })
  @IsOptional()
  @IsBoolean()
  illnessDeclared?: boolean | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'With `illnessDeclared`: the date of the medical certificate (CGCT L2121-20), not after the meeting’s day.',
  })
  @IsOptional()
  illnessCertifiedOn?: string | null;

  @Field(() => [UuidScalar], {
    nullable: true,
    description:
      'With PROXY, where a pouvoir is per séance (CGCT L2121-20): the convened séances of the assembly that follow this one, in order, that the same pouvoir also names (three séances in all at most, unless illness is declared).',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  alsoForMeetingIds?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'With PRESENT: « à distance » (visioconférence), where the law allows it (CGCT L5211-11-1).',
  })
  @IsOptional()
  @IsBoolean()
  remote?: boolean | null;

  @Field(() => UuidScalar, { nullable: true, description: 'Secretariat only: the official this answer is recorded for.' })
  onBehalfOf?: string | null;
}

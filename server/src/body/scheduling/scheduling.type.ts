import { IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { scheduledSendStatuses, type ScheduledSend, type ScheduledSendStatus } from './scheduled-send.entity.js';

export const ScheduledSendStatusEnum = graphqlEnum(
  scheduledSendStatuses,
  'ScheduledSendStatus',
  'SCHEDULED (waiting), SENT, CANCELLED, or FAILED (a check refused the send when its time came).',
);

@ObjectType('ScheduledSend', { description: 'The convocation of a meeting sent later by a job, in the name of who scheduled it.' })
@Access('authenticated')
export class ScheduledSendType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'When the convocation leaves.' })
  runAt!: Date;

  @Field(() => ScheduledSendStatusEnum)
  status!: ScheduledSendStatus;

  @Field({ description: 'Who scheduled it (the sender of the convocation).' })
  scheduledByName!: string;

  @Field()
  scheduledAt!: Date;

  @Field(() => String, { nullable: true, description: 'FAILED: the check that refused the send, in French.' })
  failure!: string | null;

  static from(scheduled: ScheduledSend, scheduledByName: string): ScheduledSendType {
    return Object.assign(new ScheduledSendType(), {
      id: scheduled.id,
      runAt: scheduled.runAt,
      status: scheduled.status,
      scheduledByName,
      scheduledAt: scheduled.scheduledAt,
      failure: scheduled.failure ?? null,
    });
  }
}

@InputType('DuplicateMeetingInput')
export class DuplicateMeetingInput {
  @Field({ description: 'Start of the new meeting, ISO 8601 with its offset.' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Title of the new meeting; the model’s when absent.' })
  @IsOptional()
  @Length(1, 300, { message: 'Le titre doit compter de 1 à 300 caractères.' })
  @Matches(/\S/, { message: 'Le titre ne peut pas être vide.' })
  title?: string | null;
}

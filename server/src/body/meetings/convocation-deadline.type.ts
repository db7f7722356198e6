import { Field, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import type { ConvocationDeadline } from '../../legal/convocation-deadline.js';

@ObjectType('ConvocationDeadline', { description: 'When a convocation must be sent at the latest (jours francs, CGCT).' })
@Access('public')
export class ConvocationDeadlineType {
  @Field({ description: 'The last instant a send is on time, ISO 8601 with the offset of the time zone.' })
  latestSendAt!: string;

  @Field({ description: 'The last day a send is on time, in the time zone (YYYY-MM-DD).' })
  latestSendDate!: string;

  @Field(() => Int, { description: 'Jours francs required between the day of sending and the day of the meeting.' })
  clearDays!: number;

  @Field({ description: 'The article that sets the delay, e.g. "CGCT L2121-12".' })
  article!: string;

  @Field()
  urgent!: boolean;

  @Field()
  timeZone!: string;

  @Field({ description: 'Date from which the rules applied are in force.' })
  rulesValidFrom!: string;

  static from(deadline: ConvocationDeadline): ConvocationDeadlineType {
    return Object.assign(new ConvocationDeadlineType(), deadline);
  }
}

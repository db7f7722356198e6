import { Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { zonedDate } from '../../common/time.js';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { proxyNotice } from '../../legal/proxy-rules.js';
import { exclusionLabels } from '../../legal/remote-participation.js';
import { voteRules } from '../../legal/vote-rules.js';
import { meetingRulesInForce } from './meeting-rules.js';
import { findMeeting } from './meeting.service.js';
import { MeetingType } from './meeting.type.js';

@ObjectType('BallotRequestShare', {
  description:
    'The share of the members present whose request makes a ballot public or secret, e.g. 1/4 (communes), 1/6 (départements, régions).',
})
@Access('authenticated')
export class BallotRequestShareType {
  @Field(() => Int)
  numerator!: number;

  @Field(() => Int)
  denominator!: number;
}

const share = ([numerator, denominator]: [number, number]) => Object.assign(new BallotRequestShareType(), { numerator, denominator });

@ObjectType('MeetingLegalNotices', {
  description: 'The legal sentences that apply to this meeting, from the rules of its body and assembly on its day.',
})
@Access('authenticated')
export class MeetingLegalNoticesType {
  @Field({ description: 'What declaring urgency does, who reports it, and the article.' })
  urgency!: string;

  @Field({ description: 'How long a proxy may last, and the article.' })
  proxy!: string;

  @Field({
    description:
      'Whether declared illness lets a proxy last beyond the limit (communes, EPCI); false where a delegation is for one réunion.',
  })
  illnessExtendsProxy!: boolean;

  @Field({ description: 'The quorum rule, with its article when a text sets one.' })
  quorum!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Whether members may take part « à distance », except for which items, and the article; null where the CGCT does not provide it.',
  })
  remoteParticipation!: string | null;

  @Field({ description: 'Date from which the rules applied are in force.' })
  rulesValidFrom!: string;

  @Field({
    description:
      'The majority and the président’s casting vote on a tie, e.g. « CGCT L2121-20 » (commune), « CGCT L3121-14 » (département).',
  })
  majorityArticle!: string;

  @Field({ description: 'Public and secret ballots (nominations by secret ballot), e.g. « CGCT L2121-21 », « CGCT L3121-15 ».' })
  ballotArticle!: string;

  @Field(() => BallotRequestShareType, { description: 'The share of the members present whose request makes the vote public.' })
  publicBallotRequest!: BallotRequestShareType;

  @Field(() => BallotRequestShareType, { description: 'The share of the members present whose request makes the vote secret.' })
  secretBallotRequest!: BallotRequestShareType;
}

/** `Meeting.legalNotices`: the web app shows these instead of writing articles itself. */
@Resolver(() => MeetingType)
export class MeetingRulesResolver {
  @FieldResolver(() => MeetingLegalNoticesType)
  @Access('authenticated')
  async legalNotices(
    @Root() root: MeetingType,
    @InBody('read', { root: 'bodyId' }) { body, em }: PersonContext,
  ): Promise<MeetingLegalNoticesType> {
    const meeting = await findMeeting(em, root.id);
    const rules = await meetingRulesInForce({ em, body }, meeting);
    const votes = voteRules(body.kind, zonedDate(meeting.startsAt, body.timeZone));
    return Object.assign(new MeetingLegalNoticesType(), {
      urgency: rules.urgency.text,
      proxy: proxyNotice(rules.proxy),
      illnessExtendsProxy: rules.proxy.maxConsecutiveSeances !== null,
      quorum: rules.quorum.article ? `${rules.quorum.description} (${rules.quorum.article})` : rules.quorum.description,
      remoteParticipation: rules.remoteParticipation
        ? `Participation à distance possible (visioconférence, réunion en plusieurs lieux), comptée pour le quorum ; exclue pour : ${rules.remoteParticipation.excludedItems.map((item) => exclusionLabels[item]).join(', ')} (${rules.remoteParticipation.article}).`
        : null,
      rulesValidFrom: rules.validFrom,
      majorityArticle: votes.majorityArticle,
      ballotArticle: votes.ballotArticle,
      publicBallotRequest: share(votes.publicRequest),
      secretBallotRequest: share(votes.secretRequest),
    });
  }
}

import type { FeatureModule } from '../../module/feature-module.js';
import { ConvocationDeadlineResolver, MeetingDeadlineResolver } from './convocation-deadline.resolver.js';
import { InboxResolver } from './inbox.resolver.js';
import { Meeting } from './meeting.entity.js';
import { BodyMeetingsResolver, MeetingMutationsResolver } from './meeting.resolver.js';
import { MeetingRulesResolver } from './meeting-rules.resolver.js';
import { MeetingProofResolver } from './proof/proof.resolver.js';
import { createProofRouter, proofPath } from './proof/proof.router.js';
import { ReunionResolver } from './reunion.resolver.js';
import { SecondConvocationResolver } from './second-convocation.resolver.js';

export const meetingsModule: FeatureModule = {
  entities: [Meeting],
  resolvers: [
    BodyMeetingsResolver,
    MeetingMutationsResolver,
    ConvocationDeadlineResolver,
    MeetingDeadlineResolver,
    MeetingRulesResolver,
    MeetingProofResolver,
    InboxResolver,
    SecondConvocationResolver,
    ReunionResolver,
  ],
  routers: ({ orm, links, environment, logger }) => [{ path: proofPath, router: createProofRouter({ orm, links, environment, logger }) }],
};

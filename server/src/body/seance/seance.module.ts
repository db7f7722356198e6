import type { FeatureModule } from '../../module/feature-module.js';
import { MeetingSeanceResolver, SeanceMutationsResolver, SeanceVoteResolver, SeanceVotesResolver } from './seance.resolver.js';

/** The séance's live channel (live/) has a lifecycle of its own (a LISTEN connection): the runtime starts and stops it. */
export const seanceModule: FeatureModule = {
  resolvers: [MeetingSeanceResolver, SeanceVotesResolver, SeanceVoteResolver, SeanceMutationsResolver],
};

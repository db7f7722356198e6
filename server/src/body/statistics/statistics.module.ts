import type { FeatureModule } from '../../module/feature-module.js';
import { BodyStatisticsResolver } from './statistics.resolver.js';

export const statisticsModule: FeatureModule = {
  resolvers: [BodyStatisticsResolver],
};

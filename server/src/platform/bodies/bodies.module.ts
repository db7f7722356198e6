import type { FeatureModule } from '../../module/feature-module.js';
import { BodyResolver } from './body.resolver.js';
import { Body } from './body.entity.js';

export const bodiesModule: FeatureModule = {
  entities: [Body],
  resolvers: [BodyResolver],
};

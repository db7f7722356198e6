import type { FeatureModule } from '../../module/feature-module.js';
import { DocumentSearchResolver } from './document-search.resolver.js';

export const searchModule: FeatureModule = {
  resolvers: [DocumentSearchResolver],
};

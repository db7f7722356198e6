import type { FeatureModule } from '../../module/feature-module.js';
import { PoliticalGroup, PoliticalGroupMember } from './political-group.entity.js';
import { PoliticalGroupResolver } from './political-group.resolver.js';
import { SharedAnnotationsResolver } from './shared-annotations.resolver.js';

export const groupsModule: FeatureModule = {
  entities: [PoliticalGroup, PoliticalGroupMember],
  resolvers: [PoliticalGroupResolver, SharedAnnotationsResolver],
};

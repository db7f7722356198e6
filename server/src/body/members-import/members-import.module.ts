import type { FeatureModule } from '../../module/feature-module.js';
import { MemberIdentity } from './member-identity.entity.js';
import { MembersImportResolver } from './members-import.resolver.js';

export const membersImportModule: FeatureModule = {
  entities: [MemberIdentity],
  resolvers: [MembersImportResolver],
};

import type { FeatureModule } from '../../module/feature-module.js';
import { Membership } from './membership.entity.js';
import { BodyMembersResolver, MeMembershipsResolver, MembershipResolver } from './membership.resolver.js';
import { Person } from './person.entity.js';

export const peopleModule: FeatureModule = {
  entities: [Person, Membership],
  resolvers: [BodyMembersResolver, MembershipResolver, MeMembershipsResolver],
};

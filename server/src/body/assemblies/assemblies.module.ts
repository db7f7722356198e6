import type { FeatureModule } from '../../module/feature-module.js';
import { AssemblyMember } from './assembly-member.entity.js';
import { Assembly } from './assembly.entity.js';
import { AssemblyResolver } from './assembly.resolver.js';

export const assembliesModule: FeatureModule = {
  entities: [Assembly, AssemblyMember],
  resolvers: [AssemblyResolver],
};

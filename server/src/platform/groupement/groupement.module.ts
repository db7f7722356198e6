import type { FeatureModule } from '../../module/feature-module.js';
import { ContractShareWeight, GroupementContract } from './contract.entity.js';
import { GroupementResolver } from './groupement.resolver.js';

export const groupementModule: FeatureModule = {
  entities: [GroupementContract, ContractShareWeight],
  resolvers: [GroupementResolver],
};

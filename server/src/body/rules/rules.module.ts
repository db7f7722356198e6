import type { FeatureModule } from '../../module/feature-module.js';
import { ReglementInterieurSetting } from './reglement-interieur.entity.js';
import { ReglementInterieurResolver } from './reglement-interieur.resolver.js';
import { LegalArticlesResolver } from './legal-articles.resolver.js';

export const rulesModule: FeatureModule = {
  entities: [ReglementInterieurSetting],
  resolvers: [ReglementInterieurResolver, LegalArticlesResolver],
};

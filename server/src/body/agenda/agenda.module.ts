import type { FeatureModule } from '../../module/feature-module.js';
import { AgendaItem } from './agenda-item.entity.js';
import { AgendaResolver } from './agenda.resolver.js';

export const agendaModule: FeatureModule = {
  entities: [AgendaItem],
  resolvers: [AgendaResolver],
};

import type { FeatureModule } from '../../module/feature-module.js';
import { AlertsResolver } from './alerts.resolver.js';
import { PushSubscription } from './push-subscription.entity.js';

export const alertsModule: FeatureModule = {
  entities: [PushSubscription],
  resolvers: [AlertsResolver],
};

import type { FeatureModule } from '../../module/feature-module.js';
import { MeetingChange } from './meeting-change.entity.js';
import { MeetingChangesResolver } from './meeting-changes.resolver.js';

/** Convened meetings cancelled or moved, told to the officials (docs/features/calendar-and-changes.md). */
export const changesModule: FeatureModule = {
  entities: [MeetingChange],
  resolvers: [MeetingChangesResolver],
};

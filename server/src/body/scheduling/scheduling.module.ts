import type { FeatureModule } from '../../module/feature-module.js';
import { ScheduledSend } from './scheduled-send.entity.js';
import { MeetingSchedulingResolver } from './scheduling.resolver.js';
import { schedulingTasks } from './scheduling.tasks.js';

/** Scheduled sends of the convocation and meeting templates (docs/features/calendar-and-changes.md). */
export const schedulingModule: FeatureModule = {
  entities: [ScheduledSend],
  resolvers: [MeetingSchedulingResolver],
  tasks: (services) => schedulingTasks(services),
};

import type { FeatureModule } from '../module/feature-module.js';
import { bodyMigrationsDirectory, latestMigration, loadMigrations } from '../tenancy/schema-migrator.js';
import { CalendarResolver } from './calendar.resolver.js';
import { calendarPath, createCalendarRouter } from './calendar.router.js';

/** The personal calendar feed (docs/features/calendar-and-changes.md). */
export const calendarModule: FeatureModule = {
  resolvers: [CalendarResolver],
  routers: ({ orm, links, publicUrl }) => [
    {
      path: calendarPath,
      router: createCalendarRouter({
        orm,
        links,
        publicUrl,
        latestBodyMigration: loadMigrations(bodyMigrationsDirectory).then(latestMigration),
      }),
    },
  ],
};

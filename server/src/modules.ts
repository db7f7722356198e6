import 'reflect-metadata';
import { actsModule } from './acts/acts.module.js';
import { billingModule } from './billing/billing.module.js';
import { agendaModule } from './body/agenda/agenda.module.js';
import { annotationsModule } from './body/annotations/annotations.module.js';
import { assembliesModule } from './body/assemblies/assemblies.module.js';
import { attendanceModule } from './body/attendance/attendance.module.js';
import { convocationsModule } from './body/convocations/convocations.module.js';
import { documentsModule } from './body/documents/documents.module.js';
import { meetingsModule } from './body/meetings/meetings.module.js';
import { rulesModule } from './body/rules/rules.module.js';
import { searchModule } from './body/search/search.module.js';
import { seanceModule } from './body/seance/seance.module.js';
import { statisticsModule } from './body/statistics/statistics.module.js';
import { evidenceModule } from './evidence/evidence.module.js';
import { moduleEntities, moduleResolvers, type FeatureModule } from './module/feature-module.js';
import { alertsModule } from './platform/alerts/alerts.module.js';
import { bodiesModule } from './platform/bodies/bodies.module.js';
import { devicesModule } from './platform/devices/devices.module.js';
import { groupementModule } from './platform/groupement/groupement.module.js';
import { peopleModule } from './platform/people/people.module.js';
import { changesModule } from './body/changes/changes.module.js';
import { schedulingModule } from './body/scheduling/scheduling.module.js';
import { calendarModule } from './calendar/calendar.module.js';
import { groupsModule } from './body/groups/groups.module.js';
import { membersImportModule } from './body/members-import/members-import.module.js';
import { libraryModule } from './body/library/library.module.js';

/**
 * Every feature of the server, the one list the infrastructure is given (docs/architecture.md, « Layers
 * and modules »). A new feature appends its module here.
 */
export const modules: readonly FeatureModule[] = [
  bodiesModule,
  peopleModule,
  meetingsModule,
  assembliesModule,
  agendaModule,
  documentsModule,
  evidenceModule,
  convocationsModule,
  alertsModule,
  attendanceModule,
  annotationsModule,
  searchModule,
  groupementModule,
  devicesModule,
  billingModule,
  statisticsModule,
  rulesModule,
  seanceModule,
  actsModule,
  changesModule,
  schedulingModule,
  calendarModule,
  groupsModule,
  membersImportModule,
  libraryModule,
];

export const entities = moduleEntities(modules);
export const resolvers = moduleResolvers(modules);

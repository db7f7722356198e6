import type { FeatureModule } from '../../module/feature-module.js';
import { AttendanceAnswer } from './attendance-answer.entity.js';
import { AttendanceRecord } from './attendance-record.entity.js';
import { AttendanceResolver } from './attendance.resolver.js';
import { RecordedAttendanceResolver } from './recorded-attendance.resolver.js';

export const attendanceModule: FeatureModule = {
  entities: [AttendanceAnswer, AttendanceRecord],
  resolvers: [AttendanceResolver, RecordedAttendanceResolver],
};

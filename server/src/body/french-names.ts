import type { AttendanceResponse } from './attendance/attendance-answer.entity.js';
import type { DeliveryPurpose } from './convocations/convocation.entity.js';
import type { MeetingStatus } from './meetings/meeting.entity.js';

/** The French names of the features' enums, as a reader of a PDF or an email meets them (dates and numbers: common/french.ts). */

/** Meeting states, as a reader of a PDF or an email sees them. */
export const meetingStatusNames: Record<MeetingStatus, string> = {
  DRAFT: 'en préparation',
  CONVENED: 'convoquée',
  HELD: 'tenue',
  CLOSED: 'close',
  CANCELLED: 'annulée',
};

export const deliveryPurposeNames: Record<DeliveryPurpose, string> = {
  CONVOCATION: 'Envoi',
  REMINDER: 'Rappel',
  RESEND: 'Renvoi',
  CHANGE: 'Annulation ou déplacement',
};

export const attendanceResponseNames: Record<AttendanceResponse, string> = { PRESENT: 'présent(e)', ABSENT: 'absent(e)', PROXY: 'pouvoir' };

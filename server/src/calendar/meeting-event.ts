import { meetingLink } from '../body/convocations/delivery/convocation-text.js';
import { frenchDateTime } from '../common/french.js';
import { meetingEventHours, meetingEventUid, type MeetingEvent } from './ics.js';

/** A meeting as the calendar shows it, from the meeting's row or from a convocation's manifest. */
export interface CalendarMeeting {
  meetingId: string;
  bodyId: string;
  bodyName: string;
  timeZone: string;
  assemblyName: string;
  title: string;
  startsAt: Date;
  place: string | null;
  cancelled: boolean;
  /** The latest change (cancellation or move), when there is one. */
  change: { sequence: number; kind: 'CANCELLED' | 'MOVED'; reason: string; previousStartsAt: Date; changedAt: Date } | null;
  /** When it was convened: the revision time of an event never changed. */
  convenedAt: Date;
}

/** The VEVENT of a meeting, in French: « Conseil municipal — Séance du budget », the place, what changed and why. */
export function meetingEvent(meeting: CalendarMeeting, publicUrl: string): MeetingEvent {
  const link = meetingLink(publicUrl, meeting.bodyId, meeting.meetingId);
  const { change } = meeting;
  const changed = change
    ? change.kind === 'CANCELLED'
      ? [`Séance annulée. Motif : ${change.reason}`]
      : [`Séance déplacée (initialement le ${frenchDateTime(change.previousStartsAt, meeting.timeZone)}). Motif : ${change.reason}`]
    : [];
  return {
    uid: meetingEventUid(meeting.meetingId, publicUrl),
    sequence: change?.sequence ?? 0,
    revisedAt: change?.changedAt ?? meeting.convenedAt,
    startsAt: meeting.startsAt,
    endsAt: new Date(meeting.startsAt.getTime() + meetingEventHours * 3_600_000),
    summary: `${meeting.cancelled ? 'ANNULÉE — ' : ''}${meeting.assemblyName} — ${meeting.title}`,
    location: meeting.place,
    description: [`${meeting.bodyName}.`, ...changed, `Ordre du jour, documents et réponse de présence : ${link}`].join('\n'),
    url: link,
    cancelled: meeting.cancelled,
  };
}

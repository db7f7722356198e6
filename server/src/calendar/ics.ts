/**
 * iCalendar (RFC 5545) for meetings: the personal feed and the `.ics` attached to convocation emails
 * write the same VEVENT for the same meeting, so a calendar that holds it from one source recognises it
 * from the other (same UID) and keeps the newest revision (higher SEQUENCE).
 */

/** One meeting as a calendar event. */
export interface MeetingEvent {
  /** Stable for the meeting's whole life: `meeting-<id>@<host of the public URL>`. */
  uid: string;
  /** 0 for the convocation, then 1, 2… for each cancellation or move (the meeting's changes). */
  sequence: number;
  /** When this revision was made (the convocation's send, or the change). */
  revisedAt: Date;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string | null;
  description: string;
  url: string;
  cancelled: boolean;
}

/** How long an event lasts in calendars: a meeting has a start only. */
export const meetingEventHours = 3;

export function meetingEventUid(meetingId: string, publicUrl: string): string {
  return `meeting-${meetingId}@${new URL(publicUrl).hostname}`;
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks escaped. */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** UTC form `20261210T173000Z` (RFC 5545 §3.3.5, form #2): no VTIMEZONE needed, every client converts. */
function utc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** RFC 5545 §3.1: lines of at most 75 octets, continued by CRLF and a space, never splitting a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function eventLines(event: MeetingEvent): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.revisedAt)}`,
    `LAST-MODIFIED:${utc(event.revisedAt)}`,
    `DTSTART:${utc(event.startsAt)}`,
    `DTEND:${utc(event.endsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    `DESCRIPTION:${escapeText(event.description)}`,
    `URL:${event.url}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

export interface CalendarOptions {
  /** iTIP method of an attachment (RFC 5546); none for a subscribed feed. */
  method?: 'PUBLISH';
  /** Shown by clients as the calendar's name (feed only). */
  name?: string;
  /** The organizer an iTIP PUBLISH must name: the body, at the address emails come from. */
  organizer?: { name: string; email: string };
}

/** A whole VCALENDAR object, CRLF line ends, folded. */
export function renderCalendar(events: readonly MeetingEvent[], options: CalendarOptions = {}): string {
  const organizer = options.organizer
    ? `ORGANIZER;CN="${options.organizer.name.replace(/["\r\n]/g, '')}":mailto:${options.organizer.email}`
    : null;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cartable//Seances//FR',
    'CALSCALE:GREGORIAN',
    ...(options.method ? [`METHOD:${options.method}`] : []),
    ...(options.name ? [`X-WR-CALNAME:${escapeText(options.name)}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H'] : []),
    ...events.flatMap((event) => {
      const lines = eventLines(event);
      return organizer ? [...lines.slice(0, -1), organizer, 'END:VEVENT'] : lines;
    }),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

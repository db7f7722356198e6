/** Meetings have no end time: one is assumed to last this long when looking for clashes. */
export const assumedMeetingHours = 3;

export interface Schedulable {
  id: string;
  startsAt: string;
  bodyId: string;
}

/**
 * For each meeting, the meetings of *other* bodies that may overlap it (starting less than the assumed
 * duration apart): an official sitting in both cannot attend both. Same-body meetings are the
 * secretariat's business, not a clash for the official.
 */
export function findOverlaps<T extends Schedulable>(meetings: readonly T[], hours = assumedMeetingHours): Map<string, T[]> {
  const span = hours * 3_600_000;
  const sorted = [...meetings].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const overlaps = new Map<string, T[]>();
  sorted.forEach((meeting, index) => {
    const start = Date.parse(meeting.startsAt);
    for (const other of sorted.slice(index + 1)) {
      if (Date.parse(other.startsAt) - start >= span) break;
      if (other.bodyId === meeting.bodyId) continue;
      overlaps.set(meeting.id, [...(overlaps.get(meeting.id) ?? []), other]);
      overlaps.set(other.id, [...(overlaps.get(other.id) ?? []), meeting]);
    }
  });
  return overlaps;
}

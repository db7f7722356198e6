import type { BodyContext } from '../../tenancy/body-context.js';
import { AttendanceAnswer, type AttendanceResponse } from '../attendance/attendance-answer.entity.js';
import { AttendanceRecord, type AttendanceStatus } from '../attendance/attendance-record.entity.js';
import { Convocation, MeetingReceipt } from '../convocations/convocation.entity.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { table } from '../seance/seance-room.js';

/** What the statistics are computed from: the meetings of the period and what their sends recorded. */
export interface StatisticsInput {
  meetings: { id: string; assemblyId: string; assemblyName: string }[];
  sends: {
    meetingId: string;
    kind: 'INITIAL' | 'SUPPLEMENT';
    sentAt: Date;
    onTime: boolean;
    urgent: boolean;
    pages: readonly number[];
    recipients: readonly { personId: string; name: string; mode: 'ELECTRONIC' | 'PAPER' }[];
  }[];
  receipts: { meetingId: string; personId: string; firstOpenedAt: Date | null; acknowledgedAt: Date | null }[];
  /** Current answers (not superseded). */
  answers: { meetingId: string; personId: string; response: AttendanceResponse; proxyHolderId: string | null }[];
  /** Current attendance recorded in session (not superseded). */
  records: { meetingId: string; personId: string; status: AttendanceStatus; proxyHolderId: string | null }[];
  /** The séances closed in the period (opening and closing times). */
  seances: { meetingId: string; openedAt: Date; closedAt: Date }[];
  /** Each stay in the room of those séances: arrival, departure (null: until the close). */
  stays: { meetingId: string; personId: string; arrivedAt: Date; leftAt: Date | null }[];
}

/**
 * Convened, and whether they were present, represented or absent: the counts behind an attendance rate.
 * Meetings whose attendance was recorded in session count with it; the others with the answers announced.
 */
export interface AttendanceCounts {
  convened: number;
  present: number;
  proxies: number;
  absent: number;
  unanswered: number;
  /** Of `convened`, those counted from the attendance recorded in session. */
  recorded: number;
}

export interface OfficialStatistics {
  personId: string;
  attendance: AttendanceCounts;
  displayName: string;
  opened: number;
  acknowledged: number;
  proxiesHeld: number;
  meanHoursToOpen: number | null;
  /** Minutes in the room during the séances held, from the arrivals and departures recorded. */
  minutesPresent: number;
  /** Minutes the séances held lasted, over those the official was convened to: what `minutesPresent` compares with. */
  seanceMinutes: number;
}

export interface AssemblyStatistics {
  assemblyId: string;
  attendance: AttendanceCounts;
  name: string;
  meetings: number;
  recordedMeetings: number;
  announcedMeetings: number;
}

export interface BodyStatistics {
  attendance: AttendanceCounts;
  meetings: number;
  convenedMeetings: number;
  /** Convened meetings whose attendance was recorded in session. */
  recordedMeetings: number;
  /** Convened meetings counted with the answers announced (no attendance recorded). */
  announcedMeetings: number;
  sends: number;
  onTimeSends: number;
  urgentConvocations: number;
  opened: number;
  acknowledged: number;
  meanHoursToOpen: number | null;
  documentsSent: number;
  pagesSent: number;
  /** Σ over sends of (pages × officials convened electronically): pages that were not printed. */
  electronicPages: number;
  /** Σ over sends of officials convened electronically: envelopes that were not posted. */
  electronicDeliveries: number;
  paperDeliveries: number;
  /** Séances held and closed in the period (their attendance is the séance's). */
  seancesHeld: number;
  officials: OfficialStatistics[];
  assemblies: AssemblyStatistics[];
}

const hours = (milliseconds: number) => milliseconds / 3_600_000;
const minutes = (milliseconds: number) => Math.round(milliseconds / 60_000);
const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
const emptyCounts = (): AttendanceCounts => ({ convened: 0, present: 0, proxies: 0, absent: 0, unanswered: 0, recorded: 0 });

/** Present, represented (as a proxy given) or absent, announced or recorded, for one official at one meeting. */
interface Attendance {
  response: AttendanceResponse;
  proxyHolderId: string | null;
}

function count(counts: AttendanceCounts, response: AttendanceResponse | undefined, recorded: boolean) {
  counts.convened += 1;
  if (recorded) counts.recorded += 1;
  if (response === 'PRESENT') counts.present += 1;
  else if (response === 'PROXY') counts.proxies += 1;
  else if (response === 'ABSENT') counts.absent += 1;
  else counts.unanswered += 1;
}

/**
 * The body's figures over a period. An official counts once per convened meeting, as the convocation
 * (the initial send) listed them; attendance is the one recorded in session for the meetings that have
 * one (present, represented, absent; not recorded counts as no answer), what they announced otherwise.
 */
export function aggregateStatistics(input: StatisticsInput): BodyStatistics {
  const meetingsById = new Map(input.meetings.map((meeting) => [meeting.id, meeting]));
  const initial = new Map(input.sends.filter((send) => send.kind === 'INITIAL').map((send) => [send.meetingId, send]));
  const receipt = new Map(input.receipts.map((row) => [`${row.meetingId}:${row.personId}`, row]));
  const recordedMeetings = new Set(input.records.map((row) => row.meetingId));
  const seances = new Map(input.seances.map((seance) => [seance.meetingId, seance]));
  // One source per meeting: the attendance recorded in session when there is one, the answers otherwise.
  const attendanceRows: (Attendance & { meetingId: string; personId: string })[] = [
    ...input.records.map((row) => ({ ...row, response: row.status === 'REPRESENTED' ? ('PROXY' as const) : row.status })),
    ...input.answers.filter((row) => !recordedMeetings.has(row.meetingId)),
  ];
  const attendance = new Map(attendanceRows.map((row) => [`${row.meetingId}:${row.personId}`, row]));
  const total = emptyCounts();
  const officials = new Map<string, OfficialStatistics & { delays: number[] }>();
  const assemblies = new Map<string, AssemblyStatistics>();
  const delays: number[] = [];
  let opened = 0;
  let acknowledged = 0;

  for (const meeting of input.meetings) {
    const assembly = assemblies.get(meeting.assemblyId) ?? {
      assemblyId: meeting.assemblyId,
      name: meeting.assemblyName,
      meetings: 0,
      recordedMeetings: 0,
      announcedMeetings: 0,
      attendance: emptyCounts(),
    };
    assemblies.set(meeting.assemblyId, assembly);
    assembly.meetings += 1;
    const send = initial.get(meeting.id);
    if (!send) continue;
    const recorded = recordedMeetings.has(meeting.id);
    if (recorded) assembly.recordedMeetings += 1;
    else assembly.announcedMeetings += 1;
    for (const recipient of send.recipients) {
      const key = `${meeting.id}:${recipient.personId}`;
      const response = attendance.get(key)?.response;
      const official = officials.get(recipient.personId) ?? {
        personId: recipient.personId,
        displayName: recipient.name,
        attendance: emptyCounts(),
        opened: 0,
        acknowledged: 0,
        proxiesHeld: 0,
        meanHoursToOpen: null,
        minutesPresent: 0,
        seanceMinutes: 0,
        delays: [],
      };
      officials.set(recipient.personId, official);
      const seance = seances.get(meeting.id);
      if (seance) {
        official.seanceMinutes += minutes(seance.closedAt.getTime() - seance.openedAt.getTime());
        official.minutesPresent += minutes(
          input.stays
            .filter((stay) => stay.meetingId === meeting.id && stay.personId === recipient.personId)
            .reduce((sum, stay) => sum + (stay.leftAt ?? seance.closedAt).getTime() - stay.arrivedAt.getTime(), 0),
        );
      }
      for (const counts of [total, assembly.attendance, official.attendance]) count(counts, response, recorded);
      const read = receipt.get(key);
      if (read?.firstOpenedAt) {
        const delay = hours(read.firstOpenedAt.getTime() - send.sentAt.getTime());
        official.opened += 1;
        official.delays.push(delay);
        delays.push(delay);
        opened += 1;
      }
      if (read?.acknowledgedAt) {
        official.acknowledged += 1;
        acknowledged += 1;
      }
    }
  }
  for (const row of attendanceRows) {
    if (row.response !== 'PROXY' || !row.proxyHolderId || !initial.has(row.meetingId)) continue;
    const holder = officials.get(row.proxyHolderId);
    if (holder) holder.proxiesHeld += 1;
  }

  const counted = input.sends.filter((send) => meetingsById.has(send.meetingId));
  const electronic = (send: StatisticsInput['sends'][number]) =>
    send.recipients.filter((recipient) => recipient.mode === 'ELECTRONIC').length;
  const pagesOf = (send: StatisticsInput['sends'][number]) => send.pages.reduce((sum, pages) => sum + pages, 0);
  return {
    attendance: total,
    meetings: input.meetings.length,
    convenedMeetings: input.meetings.filter((meeting) => initial.has(meeting.id)).length,
    recordedMeetings: input.meetings.filter((meeting) => initial.has(meeting.id) && recordedMeetings.has(meeting.id)).length,
    announcedMeetings: input.meetings.filter((meeting) => initial.has(meeting.id) && !recordedMeetings.has(meeting.id)).length,
    sends: counted.length,
    onTimeSends: counted.filter((send) => send.onTime).length,
    urgentConvocations: counted.filter((send) => send.kind === 'INITIAL' && send.urgent).length,
    opened,
    acknowledged,
    meanHoursToOpen: mean(delays),
    documentsSent: counted.reduce((sum, send) => sum + send.pages.length, 0),
    pagesSent: counted.reduce((sum, send) => sum + pagesOf(send), 0),
    electronicPages: counted.reduce((sum, send) => sum + pagesOf(send) * electronic(send), 0),
    electronicDeliveries: counted.reduce((sum, send) => sum + electronic(send), 0),
    paperDeliveries: counted.reduce((sum, send) => sum + send.recipients.length - electronic(send), 0),
    seancesHeld: input.meetings.filter((meeting) => seances.has(meeting.id)).length,
    officials: [...officials.values()]
      .map(({ delays: officialDelays, ...official }) => ({ ...official, meanHoursToOpen: mean(officialDelays) }))
      .sort((left, right) => left.displayName.localeCompare(right.displayName, 'fr')),
    assemblies: [...assemblies.values()].sort((left, right) => left.name.localeCompare(right.name, 'fr')),
  };
}

/** Reads one body's meetings starting in [from, to) (cancelled ones left out) and their sends, receipts, answers and recorded attendance. */
export async function bodyStatistics({ em }: BodyContext, from: Date, to: Date | null): Promise<BodyStatistics> {
  const meetings = await em.find(
    Meeting,
    { startsAt: { $gte: from, ...(to ? { $lt: to } : {}) }, status: { $ne: 'CANCELLED' } },
    { populate: ['assembly'], orderBy: { startsAt: 'asc' } },
  );
  const meetingIds = meetings.map((meeting) => meeting.id);
  const [sends, receipts, answers, records, seances, stays] = await Promise.all([
    em.find(Convocation, { meetingId: { $in: meetingIds } }),
    em.find(MeetingReceipt, { meetingId: { $in: meetingIds } }),
    em.find(AttendanceAnswer, { meetingId: { $in: meetingIds }, supersededAt: null }),
    em.find(AttendanceRecord, { meetingId: { $in: meetingIds }, supersededAt: null }),
    em.execute<{ meeting_id: string; opened_at: string; closed_at: string }[]>(
      `select meeting_id, opened_at, closed_at from ${table(em, 'seance')} where status = 'CLOSED' and meeting_id = any(?::uuid[])`,
      [`{${meetingIds.join(',')}}`],
    ),
    em.execute<{ meeting_id: string; person_id: string; arrived_at: string; left_at: string | null }[]>(
      `select meeting_id, person_id, arrived_at, left_at from ${table(em, 'seance_presence')} where meeting_id = any(?::uuid[])`,
      [`{${meetingIds.join(',')}}`],
    ),
  ]);
  return aggregateStatistics({
    meetings: meetings.map((meeting) => ({ id: meeting.id, assemblyId: meeting.assembly.id, assemblyName: meeting.assembly.name })),
    sends: sends.map((send) => ({
      meetingId: send.meetingId,
      kind: send.kind,
      sentAt: send.sentAt,
      onTime: send.onTime,
      urgent: send.urgent,
      pages: send.manifest.documents.map((document) => document.pageCount),
      recipients: send.manifest.recipients.map((recipient) => ({
        personId: recipient.personId,
        name: recipient.name,
        mode: recipient.mode,
      })),
    })),
    receipts: receipts.map(({ meetingId, personId, firstOpenedAt, acknowledgedAt }) => ({
      meetingId,
      personId,
      firstOpenedAt: firstOpenedAt ?? null,
      acknowledgedAt: acknowledgedAt ?? null,
    })),
    answers: answers.map(({ meetingId, personId, response, proxyHolderId }) => ({
      meetingId,
      personId,
      response,
      proxyHolderId: proxyHolderId ?? null,
    })),
    records: records.map(({ meetingId, personId, status, proxyHolderId }) => ({
      meetingId,
      personId,
      status,
      proxyHolderId: proxyHolderId ?? null,
    })),
    seances: seances.map((row) => ({ meetingId: row.meeting_id, openedAt: new Date(row.opened_at), closedAt: new Date(row.closed_at) })),
    stays: stays.map((row) => ({
      meetingId: row.meeting_id,
      personId: row.person_id,
      arrivedAt: new Date(row.arrived_at),
      leftAt: row.left_at ? new Date(row.left_at) : null,
    })),
  });
}

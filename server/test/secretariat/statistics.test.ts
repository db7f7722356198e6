import { describe, expect, it } from 'vitest';
import { aggregateStatistics, type StatisticsInput } from '../../src/body/statistics/statistics.js';

const at = (iso: string) => new Date(iso);
const council = { assemblyId: 'cm', assemblyName: 'Conseil municipal' };
const input: StatisticsInput = {
  meetings: [
    { id: 'm1', ...council },
    { id: 'm2', ...council },
    { id: 'm3', assemblyId: 'c1', assemblyName: 'Commission des finances' },
  ],
  sends: [
    {
      meetingId: 'm1',
      kind: 'INITIAL',
      sentAt: at('2026-10-01T08:00:00Z'),
      onTime: true,
      urgent: false,
      pages: [10, 2],
      recipients: [
        { personId: 'ana', name: 'Ana', mode: 'ELECTRONIC' },
        { personId: 'bob', name: 'Bob', mode: 'PAPER' },
        { personId: 'eve', name: 'Ève', mode: 'ELECTRONIC' },
      ],
    },
    {
      meetingId: 'm1',
      kind: 'SUPPLEMENT',
      sentAt: at('2026-10-03T08:00:00Z'),
      onTime: true,
      urgent: false,
      pages: [4],
      recipients: [
        { personId: 'ana', name: 'Ana', mode: 'ELECTRONIC' },
        { personId: 'bob', name: 'Bob', mode: 'PAPER' },
        { personId: 'eve', name: 'Ève', mode: 'ELECTRONIC' },
      ],
    },
    {
      meetingId: 'm2',
      kind: 'INITIAL',
      sentAt: at('2026-11-01T08:00:00Z'),
      onTime: false,
      urgent: true,
      pages: [1],
      recipients: [
        { personId: 'ana', name: 'Ana', mode: 'ELECTRONIC' },
        { personId: 'eve', name: 'Ève', mode: 'ELECTRONIC' },
      ],
    },
    // A send of a meeting outside the period is not counted.
    {
      meetingId: 'elsewhere',
      kind: 'INITIAL',
      sentAt: at('2025-01-01T08:00:00Z'),
      onTime: true,
      urgent: false,
      pages: [99],
      recipients: [{ personId: 'ana', name: 'Ana', mode: 'ELECTRONIC' }],
    },
  ],
  receipts: [
    { meetingId: 'm1', personId: 'ana', firstOpenedAt: at('2026-10-01T10:00:00Z'), acknowledgedAt: at('2026-10-01T10:05:00Z') },
    { meetingId: 'm1', personId: 'eve', firstOpenedAt: at('2026-10-02T08:00:00Z'), acknowledgedAt: null },
    { meetingId: 'm2', personId: 'ana', firstOpenedAt: at('2026-11-01T12:00:00Z'), acknowledgedAt: at('2026-11-01T12:00:00Z') },
  ],
  answers: [
    { meetingId: 'm1', personId: 'ana', response: 'PRESENT', proxyHolderId: null },
    { meetingId: 'm1', personId: 'bob', response: 'PROXY', proxyHolderId: 'ana' },
    { meetingId: 'm2', personId: 'ana', response: 'ABSENT', proxyHolderId: null },
    { meetingId: 'm2', personId: 'eve', response: 'PROXY', proxyHolderId: 'ana' },
  ],
  records: [],
  seances: [],
  stays: [],
};

describe('the statistics of a body', () => {
  const statistics = aggregateStatistics(input);

  it('counts meetings, sends, deadlines and urgency', () => {
    expect(statistics).toMatchObject({ meetings: 3, convenedMeetings: 2, sends: 3, onTimeSends: 2, urgentConvocations: 1 });
  });

  it('counts each official once per convened meeting, with what they announced', () => {
    expect(statistics.attendance).toEqual({ convened: 5, present: 1, proxies: 2, absent: 1, unanswered: 1, recorded: 0 });
    expect(statistics.officials.map((official) => [official.displayName, official.attendance, official.proxiesHeld])).toEqual([
      ['Ana', { convened: 2, present: 1, proxies: 0, absent: 1, unanswered: 0, recorded: 0 }, 2],
      ['Bob', { convened: 1, present: 0, proxies: 1, absent: 0, unanswered: 0, recorded: 0 }, 0],
      ['Ève', { convened: 2, present: 0, proxies: 1, absent: 0, unanswered: 1, recorded: 0 }, 0],
    ]);
    expect(statistics.assemblies).toEqual([
      {
        assemblyId: 'c1',
        name: 'Commission des finances',
        meetings: 1,
        recordedMeetings: 0,
        announcedMeetings: 0,
        attendance: { convened: 0, present: 0, proxies: 0, absent: 0, unanswered: 0, recorded: 0 },
      },
      {
        assemblyId: 'cm',
        name: 'Conseil municipal',
        meetings: 2,
        recordedMeetings: 0,
        announcedMeetings: 2,
        attendance: { convened: 5, present: 1, proxies: 2, absent: 1, unanswered: 1, recorded: 0 },
      },
    ]);
  });

  it('measures reading: openings, acknowledgements, mean time from the send to the first opening', () => {
    expect(statistics).toMatchObject({ opened: 3, acknowledged: 2 });
    // Ana: 2 h and 4 h; Ève: 24 h.
    expect(statistics.meanHoursToOpen).toBeCloseTo(10);
    expect(statistics.officials.find((official) => official.personId === 'ana')).toMatchObject({
      opened: 2,
      acknowledged: 2,
      meanHoursToOpen: 3,
    });
    expect(statistics.officials.find((official) => official.personId === 'bob')!.meanHoursToOpen).toBeNull();
  });

  it('counts documents and pages, and what went electronically instead of on paper', () => {
    expect(statistics).toMatchObject({
      documentsSent: 4,
      pagesSent: 12 + 4 + 1,
      electronicPages: 12 * 2 + 4 * 2 + 1 * 2,
      electronicDeliveries: 2 + 2 + 2,
      paperDeliveries: 1 + 1,
    });
  });

  it('counts a meeting whose attendance was recorded in session with it, and not with the answers announced', () => {
    // At m2 Ana announced absent and Ève a proxy to Ana; in session only Ana was recorded, present.
    const recorded = aggregateStatistics({
      ...input,
      records: [{ meetingId: 'm2', personId: 'ana', status: 'PRESENT', proxyHolderId: null }],
    });
    expect(recorded).toMatchObject({ convenedMeetings: 2, recordedMeetings: 1, announcedMeetings: 1 });
    expect(recorded.attendance).toEqual({ convened: 5, present: 2, proxies: 1, absent: 0, unanswered: 2, recorded: 2 });
    expect(recorded.officials.map((official) => [official.displayName, official.attendance, official.proxiesHeld])).toEqual([
      ['Ana', { convened: 2, present: 2, proxies: 0, absent: 0, unanswered: 0, recorded: 1 }, 1],
      ['Bob', { convened: 1, present: 0, proxies: 1, absent: 0, unanswered: 0, recorded: 0 }, 0],
      ['Ève', { convened: 2, present: 0, proxies: 0, absent: 0, unanswered: 2, recorded: 1 }, 0],
    ]);
    expect(recorded.assemblies.find((assembly) => assembly.assemblyId === 'cm')).toMatchObject({
      recordedMeetings: 1,
      announcedMeetings: 1,
    });
    const represented = aggregateStatistics({
      ...input,
      records: [{ meetingId: 'm1', personId: 'eve', status: 'REPRESENTED', proxyHolderId: 'ana' }],
    });
    expect(represented.officials.find((official) => official.personId === 'ana')!.proxiesHeld).toBe(2);
  });

  it('measures the time in the room from the séance’s arrivals and departures', () => {
    const held = aggregateStatistics({
      ...input,
      seances: [{ meetingId: 'm1', openedAt: at('2026-10-10T18:00:00Z'), closedAt: at('2026-10-10T20:00:00Z') }],
      stays: [
        { meetingId: 'm1', personId: 'ana', arrivedAt: at('2026-10-10T18:00:00Z'), leftAt: at('2026-10-10T18:30:00Z') },
        { meetingId: 'm1', personId: 'ana', arrivedAt: at('2026-10-10T19:00:00Z'), leftAt: null },
        { meetingId: 'm1', personId: 'eve', arrivedAt: at('2026-10-10T19:45:00Z'), leftAt: null },
      ],
    });
    expect(held.seancesHeld).toBe(1);
    const time = (personId: string) =>
      held.officials
        .filter((official) => official.personId === personId)
        .map(({ minutesPresent, seanceMinutes }) => ({ minutesPresent, seanceMinutes }))[0];
    // Ana: 30 minutes, then from 19:00 to the close; Ève: the last quarter of an hour; Bob never came.
    expect(time('ana')).toEqual({ minutesPresent: 90, seanceMinutes: 120 });
    expect(time('eve')).toEqual({ minutesPresent: 15, seanceMinutes: 120 });
    expect(time('bob')).toEqual({ minutesPresent: 0, seanceMinutes: 120 });
    expect(statistics.seancesHeld).toBe(0);
  });

  it('is empty without meetings', () => {
    expect(aggregateStatistics({ meetings: [], sends: [], receipts: [], answers: [], records: [], seances: [], stays: [] })).toMatchObject({
      meetings: 0,
      sends: 0,
      meanHoursToOpen: null,
      officials: [],
      assemblies: [],
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate, zonedDateTime } from '../../src/common/time.js';
import type { Clock } from '../../src/legal/clock.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { convenedMeeting, databaseOf } from '../convocations/fixtures.js';

/**
 * The legal checks read the injected clock (legal/clock.ts), so a test stands on a meeting's day, after
 * its start, or at midnight in Martinique, without moving the meeting: here a commune whose time zone is
 * America/Martinique (UTC−4), through the API.
 */
let at: Date | null = null;
const clock: Clock = { now: () => (at ? new Date(at) : new Date()) };
let harness: TestHarness;
let secretariat: string;
let claire: string;
const zone = 'America/Martinique';
beforeAll(async () => {
  harness = await startHarness({ clock, environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  claire = await databaseOf(harness).personId('claire.martin');
  await harness.runtime.orm.em.getConnection().execute(`update platform.body set time_zone = ? where slug = 'ville-besancon'`, [zone]);
});
afterAll(() => harness?.close());

const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});

describe('an injectable clock for the legal checks', () => {
  it('opens the attendance at midnight in Martinique on the meeting’s day, and closes the answers at its start', async () => {
    const meeting = await convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays: 20 });
    const day = zonedDate(meeting.startsAt, zone);
    const midnight = zonedDateTime(day, '00:00', zone);
    expect(midnight.toISOString()).toBe(`${day}T04:00:00.000Z`);

    const record = () =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $input: RecordAttendanceInput!) { recordAttendance(bodyId: $bodyId, input: $input) { open } }',
        {
          bodyId: meeting.bodyId,
          input: { meetingId: meeting.meetingId, entries: [{ personId: claire, status: 'PRESENT' }] },
        },
        secretariat,
      );
    const answer = () =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
        {
          bodyId: meeting.bodyId,
          input: { meetingId: meeting.meetingId, onBehalfOf: claire, response: 'ABSENT' },
        },
        secretariat,
      );

    at = new Date(midnight.getTime() - 1_000); // 23:59:59 the day before in Fort-de-France (already the day in UTC)
    expect(failure(await record())).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'BEFORE_MEETING_DAY', opensOn: day });
    at = midnight;
    expect((await record()).errors).toBeUndefined();

    at = new Date(meeting.startsAt.getTime() - 60_000);
    expect((await answer()).errors).toBeUndefined();
    at = meeting.startsAt;
    expect(failure(await answer())).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'ANSWERS_CLOSED' });
    at = null;
  });

  it('CGCT L2121-17: the members in office and a new séance’s date are judged on the clock', async () => {
    const query = '{ body(slug: "ville-besancon") { id assemblies { id kind membersInOffice members { personId inOffice } } } }';
    type Seats = {
      body: {
        id: string;
        assemblies: { id: string; kind: string; membersInOffice: number; members: { personId: string; inOffice: boolean }[] }[];
      };
    };
    const council = async () =>
      (await harness.graphql<Seats>(query, {}, secretariat)).data!.body.assemblies.find(
        (assembly) => assembly.kind === 'CONSEIL_MUNICIPAL',
      )!;
    const { schema } = await databaseOf(harness).body('ville-besancon');
    const today = zonedDate(new Date(), zone);
    const inAYear = zonedDateTime(today, '12:00', zone).getTime() + 366 * 86_400_000;
    await harness.runtime.orm.em
      .getConnection()
      .execute(`update ${schema}.assembly_member set mandate_end = (?::date + 200) where person_id = ?`, [today, claire]);
    try {
      const now = await council();
      expect(now.members.find((seat) => seat.personId === claire)?.inOffice).toBe(true);
      at = new Date(inAYear); // claire's mandate ended in between
      const later = await council();
      expect(later.members.find((seat) => seat.personId === claire)?.inOffice).toBe(false);
      expect(later.membersInOffice).toBe(now.membersInOffice - 1);

      const body = (await harness.graphql<Seats>(query, {}, secretariat)).data!.body;
      const startsAt = zonedDateTime(addDays(today, 20), '18:00', zone).toISOString();
      const created = await harness.graphql(
        'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
        {
          bodyId: body.id,
          input: { assemblyId: now.id, title: 'Séance passée au regard de l’horloge', startsAt, place: 'Salle du conseil' },
        },
        secretariat,
      );
      expect(failure(created)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    } finally {
      at = null;
      await harness.runtime.orm.em
        .getConnection()
        .execute(`update ${schema}.assembly_member set mandate_end = null where person_id = ?`, [claire]);
    }
  });
});

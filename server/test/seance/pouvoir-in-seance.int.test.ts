import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convenedMeeting, databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { failure, meetingToday, personIds, seanceClient, villeMembers } from './fixtures.js';

// A pouvoir handed in séance by a member who leaves is checked with the same rules as a pouvoir given
// before the séance (CGCT L2121-20): the limit of three consecutive séances, unless illness is declared.
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  ids = await personIds(harness, [...villeMembers]);
});
afterAll(() => harness?.close());

async function rows(sql: string, params: unknown[] = []) {
  const { schema } = await databaseOf(harness).body('ville-besancon');
  return harness.runtime.orm.em.getConnection().execute<Record<string, unknown>[]>(sql.replaceAll('$schema', schema), params);
}

describe('a pouvoir handed at a departure', () => {
  it('is refused beyond three consecutive séances, nothing written; allowed when illness is declared', async () => {
    // Karim Benali gave Claire Martin his pouvoir at the three séances before this one, without illness declared.
    const earlier = [];
    for (const inDays of [20, 21, 22]) {
      const meeting = await convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays });
      const answered = await harness.graphql(
        'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { id } }',
        {
          bodyId: meeting.bodyId,
          input: { meetingId: meeting.meetingId, response: 'PROXY', proxyHolderId: ids['claire.martin'], onBehalfOf: ids['karim.benali'] },
        },
        secretariat,
      );
      expect(answered.errors).toBeUndefined();
      earlier.push(meeting.meetingId);
    }
    // They were held in the hours before this séance, in that order.
    for (const [index, meetingId] of earlier.entries()) {
      await rows(`update $schema.meeting set starts_at = now() - make_interval(hours => ?) where id = ?`, [3 - index, meetingId]);
    }
    const { bodyId, meetingId } = await meetingToday(harness, secretariat, 1);
    const seance = seanceClient(harness, bodyId, meetingId);
    const present = ['anne.vignot', 'claire.martin', 'karim.benali', 'nadia.haddad', 'paul.bernard', 'thomas.vidal'].map(
      (login) => ids[login]!,
    );
    expect((await seance.open(secretariat, { presentIds: present })).errors).toBeUndefined();

    const refused = await seance.leave(secretariat, ids['karim.benali']!, ids['claire.martin']);
    expect(failure(refused)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'TOO_MANY_CONSECUTIVE', article: 'CGCT L2121-20' });
    expect(refused.errors![0]!.message).toBe(
      'Un pouvoir ne peut être valable pour plus de 3 séances consécutives, sauf maladie dûment constatée (CGCT L2121-20). Avec celui-ci, vous seriez représenté(e) à 4 séances consécutives.',
    );
    const after = (await seance.read(secretariat)).seance!;
    expect(after.attendees.find((attendee) => attendee.personId === ids['karim.benali'])).toMatchObject({
      present: true,
      stays: [{ leftAt: null }],
    });
    expect(await rows('select id from $schema.seance_proxy where meeting_id = ?', [meetingId])).toEqual([]);
    expect(
      await rows(`select id from $schema.seance_event where meeting_id = ? and kind in ('SEANCE_DEPARTURE', 'SEANCE_PROXY_HANDED')`, [
        meetingId,
      ]),
    ).toEqual([]);

    const ill = await seance.leave(secretariat, ids['karim.benali']!, ids['claire.martin'], undefined, true);
    expect(ill.errors).toBeUndefined();
    expect(ill.seance!.attendees.find((attendee) => attendee.personId === ids['claire.martin'])!.holdsProxyOf).toEqual([
      { personId: ids['karim.benali'] },
    ]);
    const [handed] = await rows(`select payload from $schema.seance_event where meeting_id = ? and kind = 'SEANCE_PROXY_HANDED'`, [
      meetingId,
    ]);
    expect(handed!.payload).toMatchObject({ giverId: ids['karim.benali'], holderId: ids['claire.martin'], illnessDeclared: true });
  });
});

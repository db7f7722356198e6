import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceAnswer } from '../../src/body/attendance/attendance-answer.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { convenedMeeting, createMeeting, databaseOf } from '../convocations/fixtures.js';

/**
 * One pouvoir naming several consecutive séances, through the API (CGCT L2121-20: « il ne peut être
 * valable pour plus de trois séances consécutives », sauf maladie dûment constatée): written for each
 * séance in one transaction under one id, or not at all.
 */
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  const db = databaseOf(harness);
  ids = Object.fromEntries(
    await Promise.all(
      ['claire.martin', 'anne.vignot', 'sophie.lambert', 'karim.benali'].map(async (login) => [login, await db.personId(login)]),
    ),
  );
});
afterAll(() => harness?.close());

const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});

const convene = (inDays: number) => convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays });

describe('a pouvoir naming several séances (CGCT L2121-20)', () => {
  it('L2121-20: one pouvoir for three consecutive séances, not four unless illness is declared, consecutive only, all or nothing', async () => {
    const seances = [await convene(40), await convene(41), await convene(42), await convene(43)];
    const give = (giver: string, holder: string, named: number[], more: Record<string, unknown> = {}) =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
        {
          bodyId: seances[0]!.bodyId,
          input: {
            meetingId: seances[0]!.meetingId,
            onBehalfOf: ids[giver],
            response: 'PROXY',
            proxyHolderId: ids[holder],
            alsoForMeetingIds: named.map((index) => seances[index]!.meetingId),
            ...more,
          },
        },
        secretariat,
      );
    const { em } = await databaseOf(harness).body('ville-besancon');
    const answersOf = (giver: string) =>
      em.fork().find(AttendanceAnswer, {
        personId: ids[giver],
        meetingId: { $in: seances.map((seance) => seance.meetingId) },
        supersededAt: null,
      });

    expect(failure(await give('claire.martin', 'sophie.lambert', [2]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'alsoForMeetingIds',
    });
    expect(failure(await give('claire.martin', 'sophie.lambert', [1, 2, 3]))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'TOO_MANY_CONSECUTIVE',
      article: 'CGCT L2121-20',
    });
    expect(await answersOf('claire.martin')).toEqual([]);

    expect((await give('claire.martin', 'sophie.lambert', [1, 2])).errors).toBeUndefined();
    const written = await answersOf('claire.martin');
    expect(written.map((answer) => answer.meetingId).sort()).toEqual(
      seances
        .slice(0, 3)
        .map((seance) => seance.meetingId)
        .sort(),
    );
    expect(new Set(written.map((answer) => answer.pouvoirId)).size).toBe(1);
    expect(written[0]!.pouvoirId).not.toBeNull();
    const chained = await em.fork().find(LedgerEntry, { kind: 'ANSWER_RECORDED', payload: { pouvoirId: written[0]!.pouvoirId } });
    expect(chained).toHaveLength(3);

    // Sauf maladie dûment constatée: four séances under one pouvoir.
    expect((await give('anne.vignot', 'karim.benali', [1, 2, 3], { illnessDeclared: true })).errors).toBeUndefined();
    expect(await answersOf('anne.vignot')).toHaveLength(4);
    expect(failure(await give('anne.vignot', 'karim.benali', [1], { response: 'ABSENT', proxyHolderId: null }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'alsoForMeetingIds',
    });
  });

  it('L3121-16: a département’s délégation is for a réunion, not for named séances', async () => {
    const doubs = await harness.token('secretariat.doubs');
    const meeting = await createMeeting(harness, doubs, 'departement-doubs', { inDays: 20, items: 1 });
    const refused = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
      {
        bodyId: meeting.bodyId,
        input: {
          meetingId: meeting.meetingId,
          onBehalfOf: ids['claire.martin'],
          response: 'PROXY',
          proxyHolderId: ids['claire.martin'],
          alsoForMeetingIds: [meeting.meetingId],
        },
      },
      doubs,
    );
    expect(failure(refused)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'POUVOIR_PER_REUNION' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../src/common/time.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { convenedMeeting, databaseOf } from '../convocations/fixtures.js';

/**
 * The règlement intérieur as dated settings, through the API: a stricter pouvoir limit than L2121-20's
 * three séances from its date on, a quorum for commissions; never retroactive, one per date.
 */
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  const db = databaseOf(harness);
  ids = Object.fromEntries(
    await Promise.all(['claire.martin', 'anne.vignot', 'sophie.lambert'].map(async (login) => [login, await db.personId(login)])),
  );
});
afterAll(() => harness?.close());

const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});
const settingMutation =
  'mutation ($bodyId: UUID!, $input: ReglementInterieurSettingInput!) { addReglementInterieurSetting(bodyId: $bodyId, input: $input) { validFrom reference proxyMaxConsecutiveSeances commissionQuorum } }';

const convene = (inDays: number, assemblyKind?: string) =>
  convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays, ...(assemblyKind ? { assemblyKind } : {}) });

describe('the règlement intérieur (CGCT L2121-8, L2121-20)', () => {
  it('L2121-20: a limit of two consecutive séances set by the règlement intérieur applies from its date, citing both texts', async () => {
    const today = zonedDate(new Date(), 'Europe/Paris');
    const body = await harness.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, secretariat);
    const bodyId = body.data!.body.id;
    const setting = (input: Record<string, unknown>) =>
      harness.graphql(
        settingMutation,
        { bodyId, input: { reference: 'Règlement intérieur, art. 14', commissionQuorum: true, ...input } },
        secretariat,
      );

    expect(failure(await setting({ validFrom: addDays(today, -1), proxyMaxConsecutiveSeances: 2 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'validFrom',
    });
    expect(failure(await setting({ validFrom: today, proxyMaxConsecutiveSeances: 4 }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const saved = await setting({ validFrom: addDays(today, 30), proxyMaxConsecutiveSeances: 2 });
    expect(saved.errors).toBeUndefined();
    expect(saved.data).toEqual({
      addReglementInterieurSetting: [
        { validFrom: addDays(today, 30), reference: 'Règlement intérieur, art. 14', proxyMaxConsecutiveSeances: 2, commissionQuorum: true },
      ],
    });
    expect(failure(await setting({ validFrom: addDays(today, 30), proxyMaxConsecutiveSeances: 1 }))).toMatchObject({ code: 'CONFLICT' });
    const official = await harness.token('claire.martin');
    expect(
      failure(
        await harness.graphql(
          settingMutation,
          { bodyId, input: { validFrom: addDays(today, 31), reference: 'RI', commissionQuorum: false } },
          official,
        ),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });

    // Before its date the law's three séances apply; from it, two.
    const before = [await convene(20), await convene(21), await convene(22)];
    const after = [await convene(40), await convene(41), await convene(42)];
    const give = (meeting: { bodyId: string; meetingId: string }, giver: string) =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
        {
          bodyId: meeting.bodyId,
          input: { meetingId: meeting.meetingId, onBehalfOf: ids[giver], response: 'PROXY', proxyHolderId: ids['sophie.lambert'] },
        },
        secretariat,
      );
    for (const meeting of before) expect((await give(meeting, 'claire.martin')).errors).toBeUndefined();
    expect((await give(after[0]!, 'anne.vignot')).errors).toBeUndefined();
    expect((await give(after[1]!, 'anne.vignot')).errors).toBeUndefined();
    const third = await give(after[2]!, 'anne.vignot');
    expect(failure(third)).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'TOO_MANY_CONSECUTIVE',
      article: 'CGCT L2121-20 ; Règlement intérieur, art. 14',
    });
    expect(third.errors?.[0]?.message).toContain('plus de 2 séances consécutives');

    const notices = await harness.graphql<{ body: { meeting: { legalNotices: { proxy: string } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { legalNotices { proxy } } } }',
      { id: after[2]!.meetingId },
      secretariat,
    );
    expect(notices.data!.body.meeting.legalNotices.proxy).toContain('plus de 2 séances consécutives');

    // A commission: a quorum from the règlement intérieur's date on.
    const commission = await convene(45, 'COMMISSION');
    const forecast = await harness.graphql<{
      body: { meeting: { quorumForecast: { required: number | null; rule: { statutory: boolean; article: string | null } } } };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { quorumForecast { required rule { statutory article } } } } }',
      { id: commission.meetingId },
      secretariat,
    );
    expect(forecast.data!.body.meeting.quorumForecast.rule).toEqual({ statutory: true, article: 'Règlement intérieur, art. 14' });
    expect(forecast.data!.body.meeting.quorumForecast.required).not.toBeNull();
  });
});

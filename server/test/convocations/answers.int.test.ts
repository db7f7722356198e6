import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

let harness: TestHarness;
let secretariat: string;
let claire: string;
let paul: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  claire = await harness.token('claire.martin');
  paul = await harness.token('paul.bernard');
  const db = databaseOf(harness);
  ids = Object.fromEntries(
    await Promise.all(
      ['claire.martin', 'paul.bernard', 'sophie.lambert', 'karim.benali', 'secretariat.ville'].map(async (login) => [
        login,
        await db.personId(login),
      ]),
    ),
  );
});
afterAll(() => harness?.close());

async function convenedMeeting(inDays: number) {
  const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays, items: 1 });
  await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat);
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  return meeting;
}

const answerMutation = `mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) {
  answerConvocation(bodyId: $bodyId, input: $input) { response proxyHolder { personId displayName } illnessDeclared recordedOnBehalf }
}`;
const myConvocation = `query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) {
  myConvocation { mode firstOpenedAt acknowledgedAt answersOpen answer { response proxyHolder { displayName } } answerHistory { response } proxyCandidates { displayName } }
} } }`;

describe('answers to a convocation', () => {
  it('enforces one proxy per holder, a present holder, no proxy to oneself or to a non-member, and keeps the history', async () => {
    const { bodyId, meetingId } = await convenedMeeting(20);
    const answer = (token: string, input: Record<string, unknown>) =>
      harness.graphql(answerMutation, { bodyId, input: { meetingId, ...input } }, token);
    const rule = (result: Awaited<ReturnType<typeof answer>>) => [
      result.errors?.[0]?.extensions?.code,
      result.errors?.[0]?.extensions?.rule,
    ];

    expect(rule(await answer(claire, { response: 'PROXY', proxyHolderId: ids['claire.martin'] }))).toEqual([
      'RULE_VIOLATION',
      'PROXY_TO_SELF',
    ]);
    expect(rule(await answer(claire, { response: 'PROXY', proxyHolderId: ids['secretariat.ville'] }))).toEqual([
      'RULE_VIOLATION',
      'HOLDER_NOT_MEMBER',
    ]);

    const given = await answer(claire, { response: 'PROXY', proxyHolderId: ids['paul.bernard'] });
    expect(given.errors).toBeUndefined();
    expect(given.data).toMatchObject({
      answerConvocation: { response: 'PROXY', proxyHolder: { displayName: 'Paul Bernard' }, recordedOnBehalf: false },
    });

    // The secretariat records Sophie Lambert's answer on her behalf: the second proxy to Paul is refused.
    const second = await answer(secretariat, { response: 'PROXY', proxyHolderId: ids['paul.bernard'], onBehalfOf: ids['sophie.lambert'] });
    expect(rule(second)).toEqual(['RULE_VIOLATION', 'HOLDER_ALREADY_HOLDS']);
    expect(second.errors?.[0]?.message).toBe(
      'Paul Bernard détient déjà un pouvoir pour cette séance : un même élu ne peut être porteur que d’un seul pouvoir (CGCT L2121-20).',
    );

    // The holder cannot leave the giver unrepresented.
    expect(rule(await answer(paul, { response: 'ABSENT' }))).toEqual(['RULE_VIOLATION', 'HOLDS_A_PROXY']);

    // Karim Benali (no login) is absent, recorded by the secretariat: he cannot hold a proxy.
    const absent = await answer(secretariat, { response: 'ABSENT', onBehalfOf: ids['karim.benali'] });
    expect(absent.data).toMatchObject({ answerConvocation: { response: 'ABSENT', recordedOnBehalf: true } });
    expect(
      rule(await answer(secretariat, { response: 'PROXY', proxyHolderId: ids['karim.benali'], onBehalfOf: ids['sophie.lambert'] })),
    ).toEqual(['RULE_VIOLATION', 'HOLDER_NOT_PRESENT']);

    // Claire changes her mind: her proxy is released, Sophie may now give hers to Paul.
    expect((await answer(claire, { response: 'PRESENT' })).errors).toBeUndefined();
    expect(
      (await answer(secretariat, { response: 'PROXY', proxyHolderId: ids['paul.bernard'], onBehalfOf: ids['sophie.lambert'] })).errors,
    ).toBeUndefined();
    const mine = await harness.graphql<{
      body: {
        meeting: {
          myConvocation: {
            answer: { response: string };
            answerHistory: { response: string }[];
            proxyCandidates: { displayName: string }[];
          };
        };
      };
    }>(myConvocation, { id: meetingId }, claire);
    expect(mine.data!.body.meeting.myConvocation.answer.response).toBe('PRESENT');
    expect(mine.data!.body.meeting.myConvocation.answerHistory.map((item) => item.response)).toEqual(['PRESENT', 'PROXY']);
    expect(mine.data!.body.meeting.myConvocation.proxyCandidates.map((item) => item.displayName)).not.toContain('Claire Martin');

    // An official cannot answer for someone else.
    expect((await answer(claire, { response: 'ABSENT', onBehalfOf: ids['paul.bernard'] })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const quorum = await harness.graphql<{ body: { meeting: { quorumForecast: Record<string, unknown> } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { quorumForecast { membersInOffice required present represented absent unanswered counted reached rule { article countsProxies } } } } }',
      { id: meetingId },
      secretariat,
    );
    expect(quorum.data!.body.meeting.quorumForecast).toEqual({
      membersInOffice: 9,
      required: 5,
      present: 1,
      represented: 1,
      absent: 1,
      unanswered: 6,
      counted: 1,
      reached: false,
      rule: { article: 'CGCT L2121-17', countsProxies: false },
    });

    const { em } = await databaseOf(harness).body('ville-besancon');
    const answers = await em.find(LedgerEntry, { subjectId: meetingId, kind: 'ANSWER_RECORDED' }, { orderBy: { sequence: 'asc' } });
    expect(answers.map((entry) => [entry.payload.response, entry.payload.onBehalf])).toEqual([
      ['PROXY', false],
      ['ABSENT', true],
      ['PRESENT', false],
      ['PROXY', true],
    ]);
  });

  it('refuses a fourth consecutive proxy in a commune unless illness is declared', async () => {
    const meetings = [];
    for (const inDays of [40, 41, 42, 43]) meetings.push(await convenedMeeting(inDays));
    for (const meeting of meetings.slice(0, 3)) {
      const given = await harness.graphql(
        answerMutation,
        { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, response: 'PROXY', proxyHolderId: ids['paul.bernard'] } },
        claire,
      );
      expect(given.errors).toBeUndefined();
    }
    const fourth = {
      bodyId: meetings[3]!.bodyId,
      input: { meetingId: meetings[3]!.meetingId, response: 'PROXY', proxyHolderId: ids['paul.bernard'] },
    };
    const refused = await harness.graphql(answerMutation, fourth, claire);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'TOO_MANY_CONSECUTIVE',
      article: 'CGCT L2121-20',
    });
    const ill = await harness.graphql(answerMutation, { ...fourth, input: { ...fourth.input, illnessDeclared: true } }, claire);
    expect(ill.data).toMatchObject({ answerConvocation: { response: 'PROXY', illnessDeclared: true } });
  });

  it('closes answers when the meeting has started', async () => {
    const { bodyId, meetingId } = await convenedMeeting(20);
    const { schema } = await databaseOf(harness).body('ville-besancon');
    await harness.runtime.orm.em
      .getConnection()
      .execute(`update ${schema}.meeting set starts_at = now() - interval '1 minute' where id = ?`, [meetingId]);
    const late = await harness.graphql(answerMutation, { bodyId, input: { meetingId, response: 'PRESENT' } }, claire);
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'ANSWERS_CLOSED' });
  });
});

describe('receipts', () => {
  it('waits for a supplement holding the meeting before it takes the ledger: the two cannot deadlock', async () => {
    const { bodyId, meetingId } = await convenedMeeting(26);
    const { schema } = await databaseOf(harness).body('ville-besancon');
    const receipt = (mutation: string) =>
      harness.graphql(
        `mutation ($bodyId: UUID!, $meetingId: UUID!) { ${mutation}(bodyId: $bodyId, meetingId: $meetingId) { firstOpenedAt } }`,
        { bodyId, meetingId },
        claire,
      );
    // Opened first: the acknowledgement then writes no new row that a locked meeting would hold up.
    expect((await receipt('recordConvocationOpened')).errors).toBeUndefined();
    // A supplement in flight: the meeting's row locked, the ledger's lock still to take.
    const send = new pg.Client({ connectionString: harness.databaseUrl });
    await send.connect();
    try {
      await send.query('begin');
      await send.query(`select 1 from "${schema}".meeting where id = $1 for update`, [meetingId]);
      const opened = receipt('acknowledgeConvocation');
      // The receipt goes as far as it can meanwhile; it must not hold the ledger's lock while it waits.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const locked = await send.query<{ free: boolean }>('select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as free', [
        `cartable:ledger:${bodyId}`,
      ]);
      expect(locked.rows[0]?.free).toBe(true);
      await send.query('commit');
      expect((await opened).errors).toBeUndefined();
    } finally {
      await send.end();
    }
  });

  it('records the first opening and the acknowledgement once, chained, and shows them to the secretariat', async () => {
    const { bodyId, meetingId } = await convenedMeeting(25);
    const open = (mutation: string) =>
      harness.graphql<Record<string, { firstOpenedAt: string | null; acknowledgedAt: string | null }>>(
        `mutation ($bodyId: UUID!, $meetingId: UUID!) { ${mutation}(bodyId: $bodyId, meetingId: $meetingId) { firstOpenedAt acknowledgedAt } }`,
        { bodyId, meetingId },
        claire,
      );
    const first = await open('recordConvocationOpened');
    expect(first.errors).toBeUndefined();
    const opened = first.data!.recordConvocationOpened!;
    expect(opened.firstOpenedAt).not.toBeNull();
    expect(opened.acknowledgedAt).toBeNull();
    const reopened = (await open('recordConvocationOpened')).data!.recordConvocationOpened!;
    expect(reopened.firstOpenedAt).toBe(opened.firstOpenedAt);
    const acknowledged = (await open('acknowledgeConvocation')).data!.acknowledgeConvocation!;
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect((await open('acknowledgeConvocation')).data!.acknowledgeConvocation!.acknowledgedAt).toBe(acknowledged.acknowledgedAt);

    const { em } = await databaseOf(harness).body('ville-besancon');
    const kinds = (
      await em.find(LedgerEntry, { subjectId: meetingId, kind: { $in: ['CONVOCATION_OPENED', 'CONVOCATION_ACKNOWLEDGED'] } })
    ).map((entry) => entry.kind);
    expect(kinds.sort()).toEqual(['CONVOCATION_ACKNOWLEDGED', 'CONVOCATION_OPENED']);

    const followUp = await harness.graphql<{
      body: {
        meeting: {
          followUp: {
            displayName: string;
            firstOpenedAt: string | null;
            acknowledgedAt: string | null;
            deliveries: { channel: string; status: string }[];
          }[];
        };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { followUp { displayName firstOpenedAt acknowledgedAt deliveries { channel status } } } } }',
      { id: meetingId },
      secretariat,
    );
    const rows = followUp.data!.body.meeting.followUp;
    expect(rows).toHaveLength(9);
    expect(rows.find((row) => row.displayName === 'Claire Martin')).toMatchObject({
      acknowledgedAt: acknowledged.acknowledgedAt,
      deliveries: [{ channel: 'EMAIL', status: 'PENDING' }],
    });
    expect(rows.find((row) => row.displayName === 'Paul Bernard')).toMatchObject({ firstOpenedAt: null, acknowledgedAt: null });
    // Officials do not see the follow-up of the others.
    expect(
      (
        await harness.graphql(
          'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { followUp { displayName } } } }',
          { id: meetingId },
          claire,
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
  });

  it('hides draft meetings from officials and refuses receipts from someone not convened', async () => {
    const draft = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 30, items: 1, title: 'Séance en préparation' });
    const list = await harness.graphql<{ body: { meetings: { title: string }[] } }>(
      '{ body(slug: "ville-besancon") { meetings { title } } }',
      {},
      claire,
    );
    expect(list.data!.body.meetings.map((meeting) => meeting.title)).not.toContain('Séance en préparation');
    expect(
      (
        await harness.graphql(
          'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { id } } }',
          { id: draft.meetingId },
          claire,
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');

    const commission = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 30, items: 1, assemblyKind: 'COMMISSION' });
    expect(
      (await harness.graphql(sendMutation, { bodyId: commission.bodyId, input: { meetingId: commission.meetingId } }, secretariat)).errors,
    ).toBeUndefined();
    const notConvened = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { acknowledgeConvocation(bodyId: $bodyId, meetingId: $meetingId) { acknowledgedAt } }',
      { bodyId: commission.bodyId, meetingId: commission.meetingId },
      paul,
    );
    expect(notConvened.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/statement-trace.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// The web app's InboxQuery with its fragments, as the S1 benchmark sends it.
const inboxQuery = readFileSync(new URL('../../../scripts/bench/inbox-query.graphql', import.meta.url), 'utf8');

type Status = {
  firstOpenedAt: string | null;
  acknowledgedAt: string | null;
  answersOpen: boolean;
  answer: { response: string; proxyHolder: { displayName: string } | null } | null;
};
type InboxMeeting = { id: string; body: { slug: string }; myConvocation: Status | null };

// claire.martin's bodies: the Ville, the Métropole and the Département. The Métropole's secretariat has no
// login in the demo realm: new meetings go to the other two.
const bodyCount = 3;
const secretariats = [
  { slug: 'ville-besancon', secretariat: 'secretariat.ville' },
  { slug: 'departement-doubs', secretariat: 'secretariat.doubs' },
];

let harness: TestHarness;
let claire: string;

beforeAll(async () => {
  // The demo of `npm start` (its meetings convened, with replies); no job worker adding statements.
  harness = await startHarness({ demoDocuments: true, environment: { JOBS_CONCURRENCY: '0' } });
  claire = await harness.token('claire.martin');
});
afterAll(() => harness?.close());

const inbox = () => harness.graphql<{ myMeetings: InboxMeeting[] }>(inboxQuery, {}, claire);

/** SQL statements of the ORM's pool for one inbox request: the least of three, other work being counted too. */
async function statementsPerInbox(): Promise<readonly string[]> {
  const counts: (readonly string[])[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const counter = countStatements();
    try {
      expect((await inbox()).errors).toBeUndefined();
    } finally {
      counter.stop();
    }
    counts.push(counter.statements);
  }
  return counts.reduce((least, statements) => (statements.length < least.length ? statements : least));
}

async function conveneMeeting(slug: string, secretariatLogin: string, inDays: number) {
  const token = await harness.token(secretariatLogin);
  const meeting = await createMeeting(harness, token, slug, { inDays, items: 1 });
  await attachDocument(harness, slug, secretariatLogin, meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, token);
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  return meeting;
}

describe('the inbox reads a bounded number of statements', () => {
  it('whatever the number of convened meetings: one, the index read with its bodies (the viewer cached)', async () => {
    const before = await statementsPerInbox();
    const meetingsBefore = (await inbox()).data!.myMeetings.length;

    for (const { slug, secretariat } of secretariats) {
      for (const inDays of [20, 27, 34]) await conveneMeeting(slug, secretariat, inDays);
    }
    const meetings = (await inbox()).data!.myMeetings;
    expect(new Set(meetings.map((meeting) => meeting.body.slug)).size).toBe(bodyCount);
    expect(meetings).toHaveLength(meetingsBefore + 6);
    expect(meetings.every((meeting) => meeting.myConvocation !== null)).toBe(true);

    const after = await statementsPerInbox();
    expect(after.length, after.join('\n')).toBe(before.length);
    // `me` is the cached viewer's; the rows of the platform inbox index carry their bodies.
    expect(after, after.join('\n')).toHaveLength(1);
    expect(after[0]).toContain('platform.inbox_entry');
  });

  it('still shows each meeting’s own status, and the costly fields when the meeting page asks for them', async () => {
    const ville = await conveneMeeting('ville-besancon', 'secretariat.ville', 41);
    const doubs = await conveneMeeting('departement-doubs', 'secretariat.doubs', 41);
    const paulId = await databaseOf(harness).personId('paul.bernard');

    const opened = await harness.graphql<{ acknowledgeConvocation: Status }>(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { acknowledgeConvocation(bodyId: $bodyId, meetingId: $meetingId) { firstOpenedAt acknowledgedAt answersOpen answer { response } } }',
      { bodyId: doubs.bodyId, meetingId: doubs.meetingId },
      claire,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.acknowledgeConvocation).toMatchObject({ answersOpen: true, answer: null });
    expect(opened.data!.acknowledgeConvocation.acknowledgedAt).not.toBeNull();
    const answered = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
      { bodyId: ville.bodyId, input: { meetingId: ville.meetingId, response: 'PROXY', proxyHolderId: paulId } },
      claire,
    );
    expect(answered.errors).toBeUndefined();

    const meetings = (await inbox()).data!.myMeetings;
    const status = (meetingId: string) => meetings.find((meeting) => meeting.id === meetingId)!.myConvocation!;
    expect(status(ville.meetingId)).toMatchObject({
      firstOpenedAt: null,
      answersOpen: true,
      answer: { response: 'PROXY', proxyHolder: { displayName: 'Paul Bernard' } },
    });
    expect(status(doubs.meetingId)).toMatchObject({ answer: null });
    expect(status(doubs.meetingId).firstOpenedAt).toBe(opened.data!.acknowledgeConvocation.firstOpenedAt);

    const page = await harness.graphql<{
      body: {
        meeting: {
          myConvocation: {
            answerHistory: { response: string; proxyHolder: { displayName: string } | null }[];
            proxyCandidates: { personId: string; displayName: string }[];
          };
        };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { myConvocation { answerHistory { response proxyHolder { displayName } } proxyCandidates { personId displayName } } } } }',
      { id: ville.meetingId },
      claire,
    );
    expect(page.errors).toBeUndefined();
    const mine = page.data!.body.meeting.myConvocation;
    expect(mine.answerHistory).toEqual([{ response: 'PROXY', proxyHolder: { displayName: 'Paul Bernard' } }]);
    expect(mine.proxyCandidates.map((candidate) => candidate.displayName)).toContain('Paul Bernard');
    expect(mine.proxyCandidates.map((candidate) => candidate.displayName)).not.toContain('Claire Martin');
  });
});

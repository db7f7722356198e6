import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoSeances } from '../../src/demo/load-demo-seances.js';
import { verifyLedger } from '../../src/evidence/ledger.js';
import { databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { failure, memberToken, seanceFields, type SeanceView } from './fixtures.js';

// The demo of `npm start`: every body has a meeting held today, convened in time, with answers — ready
// for a séance — and a past séance with its votes (hand, public, secret, a tie broken by the président).
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demoDocuments: true, demoSeances: true, environment: { JOBS_CONCURRENCY: '0' } });
  // The whole demo of `npm start` is generated (its PDFs, its convocations, four séances played).
}, 300_000);
afterAll(() => harness?.close());

const desks = {
  'ville-besancon': 'secretariat.ville',
  'grand-besancon-metropole': 'secretariat.metropole',
  'departement-doubs': 'secretariat.doubs',
  'region-bfc': 'coordination',
} as const;

interface DemoMeeting {
  id: string;
  title: string;
  status: string;
  startsAt: string;
  convocations: { onTime: boolean; sentAt: string }[];
  seance: { status: string } | null;
}

async function meetingsOf(slug: keyof typeof desks) {
  const token = await memberToken(harness, desks[slug]);
  const result = await harness.graphql<{ body: { id: string; timeZone: string; meetings: DemoMeeting[] } }>(
    `query ($slug: String!) { body(slug: $slug) { id timeZone meetings { id title status startsAt convocations { onTime sentAt } seance { status } } } }`,
    { slug },
    token,
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { token, ...result.data!.body };
}

describe('the séances of the demo', () => {
  it.each(Object.keys(desks) as (keyof typeof desks)[])(
    '%s: a meeting held today, convened in time, answered, that its secretariat can open',
    async (slug) => {
      const { id: bodyId, meetings, token, timeZone } = await meetingsOf(slug);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
      const todays = meetings.filter((meeting) => meeting.title.endsWith('— séance du jour'));
      expect(todays).toHaveLength(1);
      const meeting = todays[0]!;
      expect(meeting).toMatchObject({ status: 'CONVENED', seance: null, convocations: [{ onTime: true }] });
      expect(new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(meeting.startsAt))).toBe(today);
      expect(new Date(meeting.convocations[0]!.sentAt).getTime()).toBeLessThan(Date.now() - 14 * 86_400_000);

      const attendance = await harness.graphql<{
        body: { meeting: { attendance: { entries: { announced: { response: string } | null }[] } } };
      }>(
        'query ($slug: String!, $id: UUID!) { body(slug: $slug) { meeting(id: $id) { attendance { entries { announced { response } } } } } }',
        { slug, id: meeting.id },
        token,
      );
      const announced = attendance.data!.body.meeting.attendance.entries.map((entry) => entry.announced?.response);
      expect(announced.every((response) => response === 'PRESENT' || response === 'PROXY')).toBe(true);
      expect(announced.filter((response) => response === 'PROXY')).toHaveLength(1);

      const presentIds = (
        await harness.graphql<{ body: { meeting: { attendance: { entries: { personId: string; announced: { response: string } }[] } } } }>(
          'query ($slug: String!, $id: UUID!) { body(slug: $slug) { meeting(id: $id) { attendance { entries { personId announced { response } } } } } }',
          { slug, id: meeting.id },
          token,
        )
      )
        .data!.body.meeting.attendance.entries.filter((entry) => entry.announced.response === 'PRESENT')
        .map((entry) => entry.personId);
      const opened = await harness.graphql<{ openSeance: SeanceView }>(
        `mutation ($bodyId: UUID!, $input: OpenSeanceInput!) { openSeance(bodyId: $bodyId, input: $input) { ${seanceFields} } }`,
        { bodyId, input: { meetingId: meeting.id, presentIds, secretaryIds: [], electronicVoting: true } },
        token,
      );
      expect(opened.errors).toBeUndefined();
      expect(opened.data!.openSeance).toMatchObject({ status: 'OPEN', quorum: { reached: true } });
      // The pouvoir announced is in force: its holder is in the room.
      expect(opened.data!.openSeance.attendees.filter((attendee) => attendee.representedBy)).toHaveLength(1);
    },
  );

  it.each(Object.keys(desks) as (keyof typeof desks)[])(
    '%s: a past séance, closed, with a hand vote, a public vote by name, a secret nomination and a tie broken by the président',
    async (slug) => {
      const { meetings, token, id: bodyId } = await meetingsOf(slug);
      const past = meetings.find((meeting) => meeting.title.endsWith('— séance passée'))!;
      expect(past).toMatchObject({ status: 'HELD', convocations: [{ onTime: true }], seance: { status: 'CLOSED' } });
      const read = await harness.graphql<{ body: { meeting: { seance: SeanceView } } }>(
        `query ($slug: String!, $id: UUID!) { body(slug: $slug) { meeting(id: $id) { seance { ${seanceFields} } } } }`,
        { slug, id: past.id },
        token,
      );
      const seance = read.data!.body.meeting.seance;
      expect(seance).toMatchObject({ status: 'CLOSED', electronicVoting: true });
      expect(seance.votes.map((vote) => [vote.method, vote.result, vote.castingVoteUsed])).toEqual([
        ['HAND', 'ADOPTED', false],
        ['PUBLIC', 'ADOPTED', false],
        ['SECRET', 'ADOPTED', false],
        ['HAND', 'ADOPTED', true],
      ]);
      expect(seance.votes[2]!.figures).toMatchObject({ blank: 1, spoiled: 0 });
      expect(seance.votes[3]).toMatchObject({ tie: true, presidentChoice: 'FOR', enteredBySecretariat: true });
      expect(seance.quorumChecks.map((check) => check.occasion)).toEqual(['OPENING', 'VOTE', 'VOTE', 'VOTE', 'VOTE']);
      expect(seance.secretaries).toHaveLength(1);
      const names = await harness.graphql<{ body: { meeting: { seance: { votes: { ballots: { choice: string }[] }[] } } } }>(
        'query ($slug: String!, $id: UUID!) { body(slug: $slug) { meeting(id: $id) { seance { votes { method ballots { choice } } } } } }',
        { slug, id: past.id },
        token,
      );
      expect(failure(names)).toMatchObject({ reason: 'SECRET_BALLOT' });
      const publicVote = seance.votes[1]!;
      const publicBallots = await harness.graphql<{
        body: { meeting: { seance: { vote: { ballots: { voter: { personId: string }; choice: string }[] } } } };
      }>(
        'query ($slug: String!, $id: UUID!, $voteId: UUID!) { body(slug: $slug) { meeting(id: $id) { seance { vote(id: $voteId) { ballots { voter { personId } choice } } } } } }',
        { slug, id: past.id, voteId: publicVote.id },
        token,
      );
      expect(publicBallots.data!.body.meeting.seance.vote.ballots).toHaveLength(
        publicVote.figures!.for + publicVote.figures!.against + publicVote.figures!.abstention + publicVote.figures!.notVoting,
      );
      const { em } = await databaseOf(harness).body(slug);
      expect((await verifyLedger(em, bodyId)).ok).toBe(true);
    },
  );

  it('loads again without adding anything', async () => {
    expect(await loadDemoSeances(harness.runtime.orm.em.fork(), { environment: harness.runtime.environment })).toEqual({
      today: 0,
      past: 0,
    });
  });
});

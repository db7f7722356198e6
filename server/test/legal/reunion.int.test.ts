import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, sendMutation } from '../convocations/fixtures.js';

/**
 * A département's réunion of several séances, through the API (CGCT L3121-16): a délégation de vote is
 * given « pour cette réunion », so it goes to one holder for all its séances, and a holder receives one
 * délégation per réunion.
 */
let harness: TestHarness;
let doubs: string;
let ville: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  doubs = await harness.token('secretariat.doubs');
  ville = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});
const reunionMutation =
  'mutation ($bodyId: UUID!, $meetingId: UUID!, $reunionMeetingId: UUID) { setMeetingReunion(bodyId: $bodyId, meetingId: $meetingId, reunionMeetingId: $reunionMeetingId) { id reunionSeances { id } } }';

async function send(meeting: { bodyId: string; meetingId: string }) {
  await attachDocument(harness, 'departement-doubs', 'secretariat.doubs', meeting.meetingId, { kind: 'NOTE_SYNTHESE', title: 'Rapports' });
  const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, doubs);
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
}

describe('the réunion of a département (CGCT L3121-16)', () => {
  it('L3121-16: one délégation per réunion, to one holder, whatever the séance', async () => {
    const first = await createMeeting(harness, doubs, 'departement-doubs', {
      inDays: 20,
      items: 1,
      title: 'Session budgétaire — 1re séance',
    });
    const second = await createMeeting(harness, doubs, 'departement-doubs', {
      inDays: 21,
      items: 1,
      title: 'Session budgétaire — 2e séance',
    });
    const joined = await harness.graphql<{ setMeetingReunion: { reunionSeances: { id: string }[] } }>(
      reunionMutation,
      { bodyId: first.bodyId, meetingId: second.meetingId, reunionMeetingId: first.meetingId },
      doubs,
    );
    expect(joined.errors).toBeUndefined();
    expect(joined.data!.setMeetingReunion.reunionSeances.map((seance) => seance.id)).toEqual([first.meetingId, second.meetingId]);
    expect(
      failure(
        await harness.graphql(
          reunionMutation,
          { bodyId: first.bodyId, meetingId: first.meetingId, reunionMeetingId: second.meetingId },
          doubs,
        ),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reunionMeetingId' });
    await send(first);
    await send(second);

    const members = await harness.graphql<{
      body: { assemblies: { kind: string; members: { personId: string; votingRight: boolean; inOffice: boolean }[] }[] };
    }>('{ body(slug: "departement-doubs") { assemblies { kind members { personId votingRight inOffice } } } }', {}, doubs);
    const voting = members
      .data!.body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_DEPARTEMENTAL')!
      .members.filter((seat) => seat.votingRight && seat.inOffice)
      .map((seat) => seat.personId);
    expect(voting.length).toBeGreaterThanOrEqual(4);
    const [giver, holder, other, otherHolder] = voting as [string, string, string, string];
    const answer = (meeting: { bodyId: string; meetingId: string }, personId: string, input: Record<string, unknown>) =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { response } }',
        { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, onBehalfOf: personId, ...input } },
        doubs,
      );

    expect((await answer(first, giver, { response: 'PROXY', proxyHolderId: holder })).errors).toBeUndefined();
    const elsewhere = await answer(second, giver, { response: 'PROXY', proxyHolderId: otherHolder });
    expect(failure(elsewhere)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'DELEGATION_FOR_THE_REUNION', article: 'CGCT L3121-16' });
    expect((await answer(second, giver, { response: 'PROXY', proxyHolderId: holder })).errors).toBeUndefined();
    // The holder already holds the giver's délégation for this réunion: no second one, at any séance of it.
    expect(failure(await answer(second, other, { response: 'PROXY', proxyHolderId: holder }))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'HOLDER_ALREADY_HOLDS',
      article: 'CGCT L3121-16',
    });
    // Outside the réunion, a new séance is a new réunion.
    const later = await createMeeting(harness, doubs, 'departement-doubs', { inDays: 40, items: 1 });
    await send(later);
    expect((await answer(later, giver, { response: 'PROXY', proxyHolderId: otherHolder })).errors).toBeUndefined();
  });

  it('L2121-20: a commune’s séances form no réunion (a pouvoir is per séance)', async () => {
    const first = await createMeeting(harness, ville, 'ville-besancon', { inDays: 20, items: 1 });
    const second = await createMeeting(harness, ville, 'ville-besancon', { inDays: 21, items: 1 });
    const refused = await harness.graphql(
      reunionMutation,
      { bodyId: first.bodyId, meetingId: second.meetingId, reunionMeetingId: first.meetingId },
      ville,
    );
    expect(failure(refused)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_REUNION' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convocation, ConvocationRecipient } from '../../src/body/convocations/convocation.entity.js';
import { manifestBytes, sha256Hex } from '../../src/body/convocations/send/manifest.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Workers off: the convocation's rows are what matters here, not its emails.
let harness: TestHarness;
let token: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  token = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

type Seat = {
  id: string;
  personId: string;
  displayName: string;
  role: string;
  votingRight: boolean;
  mandateStart: string | null;
  mandateEnd: string | null;
  inOffice: boolean;
};
type Assembly = { id: string; kind: string; membersInOffice: number; members: Seat[] };
const assemblyFields = 'id kind membersInOffice members { id personId displayName role votingRight mandateStart mandateEnd inOffice }';
const updateMutation = `mutation ($bodyId: UUID!, $memberId: UUID!, $input: AssemblySeatTermsInput!) { updateAssemblyMember(bodyId: $bodyId, memberId: $memberId, input: $input) { ${assemblyFields} } }`;

async function council() {
  const result = await harness.graphql<{ body: { id: string; assemblies: Assembly[] } }>(
    `{ body(slug: "ville-besancon") { id assemblies { ${assemblyFields} } } }`,
    {},
    token,
  );
  const body = result.data!.body;
  return { bodyId: body.id, assembly: body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')! };
}

describe('changing a seat in place', () => {
  it('changes function, voting right and mandate, while the convocations already sent keep what they froze', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', {
      inDays: 20,
      items: 1,
      title: 'Conseil municipal — sièges',
    });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const sent = await harness.graphql<{ sendConvocation: { id: string; manifestSha256: string } }>(
      sendMutation,
      { bodyId, input: { meetingId } },
      token,
    );
    expect(sent.errors).toBeUndefined();
    const { assembly } = await council();
    const paul = assembly.members.find((seat) => seat.displayName === 'Paul Bernard')!;
    expect(paul.votingRight).toBe(true);

    const updated = await harness.graphql<{ updateAssemblyMember: Assembly }>(
      updateMutation,
      {
        bodyId,
        memberId: paul.id,
        input: { role: 'VICE_PRESIDENT', votingRight: false, mandateStart: '2026-03-22', mandateEnd: '2032-03-21' },
      },
      token,
    );
    expect(updated.errors).toBeUndefined();
    const seat = updated.data!.updateAssemblyMember.members.find((member) => member.id === paul.id)!;
    expect(seat).toEqual({
      ...paul,
      role: 'VICE_PRESIDENT',
      votingRight: false,
      mandateStart: '2026-03-22',
      mandateEnd: '2032-03-21',
      inOffice: true,
    });
    expect(updated.data!.updateAssemblyMember.members).toHaveLength(assembly.members.length);

    // The convocation sent is frozen: its manifest (and hash) and its recipient row still say he votes.
    const { em } = await databaseOf(harness).body('ville-besancon');
    const convocation = await em.findOneOrFail(Convocation, { id: sent.data!.sendConvocation.id });
    expect(sha256Hex(manifestBytes(convocation.manifest))).toBe(sent.data!.sendConvocation.manifestSha256);
    expect(convocation.manifest.recipients.find((recipient) => recipient.personId === paul.personId)!.votingRight).toBe(true);
    expect((await em.findOneOrFail(ConvocationRecipient, { convocationId: convocation.id, personId: paul.personId })).votingRight).toBe(
      true,
    );
    const views = await harness.graphql<{
      body: {
        meeting: {
          followUp: { personId: string; votingRight: boolean }[];
          convocationPreview: { recipients: { personId: string; votingRight: boolean }[] };
        };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { followUp { personId votingRight } convocationPreview { recipients { personId votingRight } } } } }',
      { id: meetingId },
      token,
    );
    const meeting = views.data!.body.meeting;
    expect(meeting.followUp.find((row) => row.personId === paul.personId)!.votingRight).toBe(true);
    // A send made now would carry the new terms.
    expect(meeting.convocationPreview.recipients.find((recipient) => recipient.personId === paul.personId)!.votingRight).toBe(false);

    // A mandate that ended: no longer in office, no longer counted.
    const ended = await harness.graphql<{ updateAssemblyMember: Assembly }>(
      updateMutation,
      { bodyId, memberId: paul.id, input: { role: 'MEMBRE', votingRight: true, mandateStart: '2020-03-15', mandateEnd: '2026-03-14' } },
      token,
    );
    expect(ended.data!.updateAssemblyMember.members.find((member) => member.id === paul.id)!.inOffice).toBe(false);
    expect(ended.data!.updateAssemblyMember.membersInOffice).toBe(assembly.membersInOffice - 1);
  });

  it('refuses a mandate ending before it starts, an unknown seat, and an official', async () => {
    const { bodyId, assembly } = await council();
    const claire = assembly.members.find((seat) => seat.displayName === 'Claire Martin')!;
    const backwards = await harness.graphql(
      updateMutation,
      { bodyId, memberId: claire.id, input: { role: 'MEMBRE', votingRight: false, mandateStart: '2026-03-22', mandateEnd: '2020-03-21' } },
      token,
    );
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mandateEnd' });
    expect(backwards.errors?.[0]?.message).toBe('La fin du mandat précède son début.');
    const unknown = await harness.graphql(
      updateMutation,
      { bodyId, memberId: '01890000-0000-7000-8000-000000000000', input: { role: 'MEMBRE', votingRight: true } },
      token,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const byOfficial = await harness.graphql(
      updateMutation,
      { bodyId, memberId: claire.id, input: { role: 'PRESIDENT', votingRight: true } },
      await harness.token('paul.bernard'),
    );
    expect(byOfficial.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unchanged = (await council()).assembly.members.find((seat) => seat.id === claire.id);
    expect(unchanged).toEqual(claire);
  });
});

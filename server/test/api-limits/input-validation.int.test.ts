import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type GraphqlResult, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let secretariat: string;
let coordinator: string;
let villeId: string;
let meetingId: string;
beforeAll(async () => {
  harness = await startHarness();
  secretariat = await harness.token('secretariat.ville');
  coordinator = await harness.token('coordination');
  const found = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
    '{ body(slug: "ville-besancon") { id meetings { id } } }',
    {},
    secretariat,
  );
  villeId = found.data!.body.id;
  meetingId = found.data!.body.meetings[0]!.id;
});
afterAll(() => harness?.close());

/** A refused input: HTTP 400 (refused before execution) or 200 (refused by a resolver), BAD_USER_INPUT in French, no data written. */
function expectBadUserInput(result: GraphqlResult, message: RegExp) {
  expect([200, 400]).toContain(result.status);
  expect(result.errors, JSON.stringify(result.errors)).toHaveLength(1);
  expect(result.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.errors![0]!.message).toMatch(message);
}

describe('dates out of the supported range', () => {
  it('refuses a meeting in 1970 on the public convocation deadline, as a literal and as a variable', async () => {
    const literal = await harness.graphql(
      '{ convocationDeadline(bodyKind: DEPARTEMENT, meetingStartsAt: "1970-01-01T00:00:00Z") { latestSendAt } }',
    );
    expectBadUserInput(literal, /entre 2000 et 2100/);
    const variable = await harness.graphql(
      'query ($at: DateTime!) { convocationDeadline(bodyKind: DEPARTEMENT, meetingStartsAt: $at) { latestSendAt } }',
      { at: '1970-01-01T00:00:00Z' },
    );
    expectBadUserInput(variable, /entre 2000 et 2100/);
  });

  it('still computes a deadline for a meeting in range', async () => {
    const result = await harness.graphql<{ convocationDeadline: { latestSendAt: string } }>(
      '{ convocationDeadline(bodyKind: DEPARTEMENT, meetingStartsAt: "2027-03-15T18:00:00+01:00") { latestSendAt } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.convocationDeadline.latestSendAt).toEqual(expect.any(String));
  });
});

describe('months', () => {
  it.each(['9999-12', '0000-01', '2026-13', 'mars'])('refuses the month %s', async (month) => {
    const result = await harness.graphql('query ($month: Month!) { costStatements(month: $month) { month } }', { month }, coordinator);
    expectBadUserInput(result, /Mois invalide/);
  });
});

describe('strings', () => {
  it('refuses a NUL byte in a slug, a search and an upload title', async () => {
    expectBadUserInput(
      await harness.graphql('query ($slug: String!) { body(slug: $slug) { id } }', { slug: 'ville\u0000' }, secretariat),
      /caractère nul/,
    );
    expectBadUserInput(
      await harness.graphql(
        'query ($query: String!) { searchDocuments(query: $query) { documentTitle } }',
        { query: 'budget\u0000' },
        secretariat,
      ),
      /caractère nul/,
    );
    const upload = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId } }',
      {
        bodyId: villeId,
        input: { meetingId, kind: 'ANNEXE', title: 'Annexe\u0000', fileName: 'annexe.pdf', contentType: 'application/pdf', sizeBytes: 10 },
      },
      secretariat,
    );
    expectBadUserInput(upload, /caractère nul/);
  });

  it('refuses a lone surrogate in an input field (the email of a new member)', async () => {
    const result = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AddMemberInput!) { addMember(bodyId: $bodyId, input: $input) { __typename } }',
      { bodyId: villeId, input: { displayName: 'Nouvel élu', email: 'elu\ud800@example.org', roles: ['OFFICIAL'] } },
      secretariat,
    );
    expectBadUserInput(result, /Unicode mal formés/);
    expect(result.errors![0]!.extensions?.field).toBe('input.email');
  });

  it('refuses an over-long string argument', async () => {
    const result = await harness.graphql(
      'query ($query: String!) { searchDocuments(query: $query) { documentTitle } }',
      { query: 'a'.repeat(20_000) },
      secretariat,
    );
    expectBadUserInput(result, /trop long/);
  });
});

describe('blank names and titles', () => {
  it('refuses a meeting title and an assembly name of spaces only (the services store them trimmed)', async () => {
    const body = await harness.graphql<{ body: { assemblies: { id: string }[] } }>(
      '{ body(slug: "ville-besancon") { assemblies { id } } }',
      {},
      secretariat,
    );
    const meeting = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
      { bodyId: villeId, input: { assemblyId: body.data!.body.assemblies[0]!.id, title: '   ', startsAt: '2027-03-15T18:00:00+01:00' } },
      secretariat,
    );
    expectBadUserInput(meeting, /Données invalides/);
    expect(JSON.stringify(meeting.errors![0]!.extensions)).toContain('Le titre ne peut pas être vide.');
    const assembly = await harness.graphql(
      'mutation ($bodyId: UUID!) { createAssembly(bodyId: $bodyId, input: { kind: COMMISSION, name: " \\t " }) { id } }',
      { bodyId: villeId },
      secretariat,
    );
    expectBadUserInput(assembly, /Données invalides/);
    expect(JSON.stringify(assembly.errors![0]!.extensions)).toContain('Le nom ne peut pas être vide.');
  });
});

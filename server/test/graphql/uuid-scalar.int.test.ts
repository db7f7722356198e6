import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedIdMessage } from '../../src/graphql/scalars.js';
import { createMeeting } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Issue 20: every id an operation takes is a `UUID`; a malformed one is refused before any resolver runs.
let harness: TestHarness;
let secretariat: string;
let bodyId: string;
let meetingId: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  ({ bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items: 1 }));
});
afterAll(() => harness?.close());

const malformed = { message: malformedIdMessage, extensions: { code: 'NOT_FOUND', reason: 'MALFORMED_ID' } };
const meetingQuery = 'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { id } } }';

describe('the UUID scalar', () => {
  it('types every argument and input field of the schema that holds an id: none takes an ID', () => {
    const schema = buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../../schema/schema.graphql'), 'utf8'));
    const idInputs = Object.values(schema.getTypeMap()).flatMap((type) => [
      ...(isObjectType(type)
        ? Object.values(type.getFields()).flatMap((field) =>
            field.args.map((arg) => ({ at: `${type.name}.${field.name}(${arg.name})`, type: arg.type })),
          )
        : []),
      ...(isInputObjectType(type)
        ? Object.values(type.getFields()).map((field) => ({ at: `${type.name}.${field.name}`, type: field.type }))
        : []),
    ]);
    expect(idInputs.filter((input) => getNamedType(input.type).name === 'ID').map((input) => input.at)).toEqual([]);
    expect(idInputs.filter((input) => getNamedType(input.type).name === 'UUID').length).toBeGreaterThan(200);
  });

  it('refuses a malformed id in an argument, as a variable or written in the query, with the typed French error', async () => {
    for (const id of ['pas-un-id', '', `${meetingId}x`, meetingId.replace(/-/g, ''), "1' or '1'='1"]) {
      const result = await harness.graphql(meetingQuery, { id }, secretariat);
      expect([result.status, result.data ?? null, result.errors], id).toEqual([400, null, [expect.objectContaining(malformed)]]);
    }
    const literal = await harness.graphql('query { body(slug: "ville-besancon") { meeting(id: "pas-un-id") { id } } }', {}, secretariat);
    expect([literal.status, literal.errors]).toEqual([400, [expect.objectContaining(malformed)]]);
    const bodyArgument = await harness.graphql(
      'mutation { cancelMeeting(bodyId: "ville-besancon", meetingId: "pas-un-id", reason: "Essai") { id } }',
      {},
      secretariat,
    );
    expect(bodyArgument.errors).toEqual([expect.objectContaining(malformed), expect.objectContaining(malformed)]);
  });

  it('refuses a malformed id in an input field, alone or in a list, with the same error, before any resolver runs', async () => {
    const send = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: SendConvocationInput!) { sendConvocation(bodyId: $bodyId, input: $input) { id } }',
      { bodyId, input: { meetingId: 'pas-un-id' } },
      secretariat,
    );
    expect([send.status, send.errors]).toEqual([400, [expect.objectContaining(malformed)]]);
    const open = await harness.graphql(
      `mutation { openSeance(bodyId: "${bodyId}", input: { meetingId: "${meetingId}", presentIds: ["${meetingId}", "12"], secretaryIds: [] }) { meetingId } }`,
      {},
      secretariat,
    );
    expect([open.status, open.errors]).toEqual([400, [expect.objectContaining(malformed)]]);
  });

  it('reads an id written in capitals as the same id, and answers it in lower case', async () => {
    const result = await harness.graphql<{ body: { meeting: { id: string } } }>(meetingQuery, { id: meetingId.toUpperCase() }, secretariat);
    expect(result.errors).toBeUndefined();
    expect(result.data!.body.meeting.id).toBe(meetingId);
  });
});

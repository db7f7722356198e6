import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type GraphqlResult, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let official: string;
beforeAll(async () => {
  harness = await startHarness({ demoDocuments: true });
  official = await harness.token('claire.martin');
});
afterAll(() => harness?.close());

function expectRefused(result: GraphqlResult, code: string) {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors, JSON.stringify(result.errors)).toEqual([
    { message: expect.stringMatching(/^Requête|^Trop/), extensions: expect.objectContaining({ code }) },
  ]);
}

/** The query of the report: aliased inboxes of 200 meetings, with their documents, versions and answer history. */
function inboxes(count: number): string {
  const inbox = (index: number) =>
    `m${index}: myMeetings(limit: 200) { id title startsAt documents { id title versions { id version fileName sizeBytes pageCount } } myConvocation { answerHistory { id response recordedAt } } }`;
  return `{ ${Array.from({ length: count }, (_, index) => inbox(index)).join(' ')} }`;
}

describe('the cost limit', () => {
  it('refuses the 15 aliased inboxes with their documents, versions and answer history, before running them', async () => {
    const result = await harness.graphql(inboxes(15), {}, official);
    expectRefused(result, 'QUERY_TOO_COMPLEX');
    expect(result.errors![0]!.message).toBe('Requête trop coûteuse : demandez moins de champs ou de résultats à la fois.');
  });

  it('refuses even one such inbox, and counts a `limit` given as a variable', async () => {
    expectRefused(await harness.graphql(inboxes(1), {}, official), 'QUERY_TOO_COMPLEX');
    const query = 'query ($limit: Int!) { myMeetings(limit: $limit) { id documents { id versions { id } } } }';
    expectRefused(await harness.graphql(query, { limit: 1_000 }, official), 'QUERY_TOO_COMPLEX');
    const malformed = await harness.graphql(query, { limit: 'beaucoup' }, official);
    expect(malformed.status).toBe(400);
    expect(malformed.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const small = await harness.graphql(query, { limit: 5 }, official);
    expect(small.status).toBe(200);
    expect(small.errors).toBeUndefined();
    // The cost of a document is kept per the numbers among its variables, never reused across them.
    expectRefused(await harness.graphql(query, { limit: 1_000 }, official), 'QUERY_TOO_COMPLEX');
    expect((await harness.graphql(query, { limit: 5 }, official)).errors).toBeUndefined();
    expectRefused(await harness.graphql(query, { limit: 999 }, official), 'QUERY_TOO_COMPLEX');
  });

  it('still answers { me } and the inbox as the web app asks for it', async () => {
    const me = await harness.graphql<{ me: { displayName: string } }>('{ me { displayName } }', {}, official);
    expect(me.status).toBe(200);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.displayName).toEqual(expect.any(String));
    const inbox = await harness.graphql(
      '{ myMeetings { id title documents { id title } myConvocation { acknowledgedAt } } }',
      {},
      official,
    );
    expect(inbox.errors).toBeUndefined();
  });
});

describe('the other limits answer HTTP 400 with a stable code', () => {
  it('refuses a query deeper than 10 levels', async () => {
    const nested = (levels: number): string => (levels === 0 ? 'id' : `meetings(limit: 1) { body { ${nested(levels - 1)} } }`);
    expectRefused(await harness.graphql(`{ body(slug: "ville-besancon") { ${nested(5)} } }`, {}, official), 'QUERY_TOO_DEEP');
    const shallow = await harness.graphql(`{ body(slug: "ville-besancon") { ${nested(3)} } }`, {}, official);
    expect(shallow.errors).toBeUndefined();
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, index) => `a${index}: id`).join(' ');
    expectRefused(await harness.graphql(`{ me { ${aliases} } }`, {}, official), 'TOO_MANY_ALIASES');
  });

  it('refuses more than 10 directives', async () => {
    const fields = Array.from({ length: 11 }, () => 'id @include(if: true)').join(' ');
    expectRefused(await harness.graphql(`{ me { ${fields} } }`, {}, official), 'TOO_MANY_DIRECTIVES');
  });

  it('refuses more than 2,000 tokens', async () => {
    expectRefused(await harness.graphql(`{ me { ${'id '.repeat(2_000)} } }`, {}, official), 'QUERY_TOO_LARGE');
  });

  it('refuses them without a token as well', async () => {
    expectRefused(await harness.graphql(inboxes(15)), 'QUERY_TOO_COMPLEX');
  });
});

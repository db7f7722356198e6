import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demoDocuments: true });
});
afterAll(() => harness?.close());

describe('health', () => {
  it('answers /healthz while alive', async () => {
    const response = await harness.http.get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'alive' });
  });

  it('reports the four demo bodies, none behind, on /readyz', async () => {
    const response = await harness.http.get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ready: true, database: 'reachable', bodies: 4, bodySchemasBehind: 0 });
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const given = await harness.http.get('/healthz').set('x-request-id', 'test-request-0001');
    expect(given.headers['x-request-id']).toBe('test-request-0001');
    const made = await harness.http.get('/healthz').set('x-request-id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('bodies as nodes of the graph', () => {
  it('gives claire.martin her three bodies, with their meetings', async () => {
    const token = await harness.token('claire.martin');
    const result = await harness.graphql<{ bodies: { slug: string; meetings: { title: string; assembly: { name: string } }[] }[] }>(
      '{ bodies { slug kind meetings { title startsAt assembly { name } } } }',
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.bodies.map((body) => body.slug).sort()).toEqual([
      'departement-doubs',
      'grand-besancon-metropole',
      'ville-besancon',
    ]);
    const ville = result.data!.bodies.find((body) => body.slug === 'ville-besancon')!;
    expect(ville.meetings).toEqual([{ title: 'Conseil municipal', startsAt: expect.any(String), assembly: { name: 'Conseil municipal' } }]);
  });

  it('filters meetings from a date', async () => {
    const token = await harness.token('claire.martin');
    const later = await harness.graphql<{ body: { meetings: unknown[] } }>(
      'query ($from: DateTime) { body(slug: "ville-besancon") { meetings(from: $from) { title } } }',
      { from: '2099-01-01T00:00:00+01:00' },
      token,
    );
    expect(later.errors).toBeUndefined();
    expect(later.data!.body.meetings).toEqual([]);
  });

  it('answers NOT_FOUND for a slug that does not exist', async () => {
    const token = await harness.token('claire.martin');
    const result = await harness.graphql('{ body(slug: "ville-inconnue") { name } }', {}, token);
    expect(result.status).toBe(200);
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Organisme introuvable.', extensions: { code: 'NOT_FOUND' } })]);
  });

  it('answers NOT_FOUND, not FORBIDDEN, for a body the caller does not belong to', async () => {
    const token = await harness.token('paul.bernard');
    const result = await harness.graphql('{ body(slug: "departement-doubs") { name } }', {}, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('asks for authentication without a token', async () => {
    const result = await harness.graphql('{ bodies { slug } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('demo data', () => {
  it('gives every demo body an upcoming meeting with a numbered agenda and multi-page PDF documents', async () => {
    const token = await harness.token('coordination');
    for (const [username, slug] of [
      ['secretariat.ville', 'ville-besancon'],
      ['claire.martin', 'grand-besancon-metropole'],
      ['secretariat.doubs', 'departement-doubs'],
      ['coordination', 'region-bfc'],
    ] as const) {
      const result = await harness.graphql<{
        body: { meetings: { startsAt: string; agenda: { number: string }[]; documents: { versions: { pageCount: number }[] }[] }[] };
      }>(
        'query ($slug: String!) { body(slug: $slug) { meetings { startsAt agenda { number } documents { versions { pageCount } } } } }',
        { slug },
        username === 'coordination' ? token : await harness.token(username),
      );
      const [meeting] = result.data!.body.meetings;
      expect(new Date(meeting!.startsAt).getTime()).toBeGreaterThan(Date.now());
      expect(meeting!.agenda.map((item) => item.number).slice(0, 3)).toEqual(['1', '2', '3']);
      expect(meeting!.documents.length).toBeGreaterThanOrEqual(2);
      expect(meeting!.documents.every((document) => document.versions[0]!.pageCount >= 2)).toBe(true);
    }
  });
});

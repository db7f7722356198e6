import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
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

  it('answers NOT_FOUND for a slug that does not exist', async () => {
    const token = await harness.token('claire.martin');
    const result = await harness.graphql('{ body(slug: "ville-inconnue") { name } }', {}, token);
    expect(result.status).toBe(200);
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'Organisme introuvable.', extensions: { code: 'NOT_FOUND' } }),
    ]);
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

import { describe, expect, it } from 'vitest';
import { assertSchemaName, bodySchemaName, quoteSchema } from '../../src/tenancy/schema-name.js';

describe('body schema names', () => {
  it('derive from the immutable body id', () => {
    expect(bodySchemaName('0196a3f0-1c2d-7e4f-8a9b-0c1d2e3f4a5b')).toBe('body_0196a3f01c2d7e4f8a9b0c1d2e3f4a5b');
  });

  it('refuse anything that is not a body id', () => {
    expect(() => bodySchemaName('ville-besancon')).toThrow();
    expect(() => bodySchemaName('0196a3f0-1c2d-7e4f-8a9b-0c1d2e3f4a5b"; drop schema platform; --')).toThrow();
  });

  it('are validated before they reach SQL', () => {
    expect(quoteSchema('platform')).toBe('"platform"');
    expect(assertSchemaName('body_0196a3f01c2d7e4f8a9b0c1d2e3f4a5b')).toBe('body_0196a3f01c2d7e4f8a9b0c1d2e3f4a5b');
    for (const bad of ['public', 'body_', 'body_XYZ', 'pg_catalog', 'body_0196a3f0"x']) {
      expect(() => assertSchemaName(bad)).toThrow(/Refusing/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { plural } from '../../src/i18n/plural.ts';

describe('plural', () => {
  it('follows the French rules: singular for 0, 1 and 1,5, plural from 2 and for a million', () => {
    expect([0, 1, 1.5, 2, 10, 1_000_000].map((count) => plural(count, 'séance', 'séances'))).toEqual([
      'séance',
      'séance',
      'séance',
      'séances',
      'séances',
      'séances',
    ]);
  });
});

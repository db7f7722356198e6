import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../src/common/concurrency.js';

describe('concurrencyLimit', () => {
  it('never runs more than the limit at once, and runs everything', async () => {
    const limit = concurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        limit(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active -= 1;
          if (index === 3) throw new Error('échec');
          return index;
        }).catch((error: Error) => error.message),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 'échec', 4, 5, 6]);
  });
});

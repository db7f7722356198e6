import { describe, expect, it } from 'vitest';
import { describeRange, findQuote, relocate } from '../../src/body/annotations/text-quote.js';

const page = 'Le conseil municipal approuve le budget primitif.\nLe budget annexe des transports est adopté.';

describe('text quote selectors', () => {
  it('describes a range by its quote and a little context, blanks collapsed', () => {
    const start = page.indexOf('budget annexe');
    const selector = describeRange(page, { start, end: start + 'budget annexe'.length });
    expect(selector).toEqual({ quote: 'budget annexe', prefix: 'approuve le budget primitif. Le', suffix: 'des transports est adopté.' });
  });

  it('finds the quote whatever the blanks, and picks the occurrence whose context matches', () => {
    const selector = { quote: 'budget', prefix: 'primitif. Le', suffix: 'annexe des' };
    const reflowed = page.replace(/ /g, '  ').replace('\n', ' ');
    const [best] = findQuote(reflowed, selector);
    expect(reflowed.slice(best!.start, best!.end)).toBe('budget');
    expect(best!.start).toBe(reflowed.indexOf('budget  annexe'));
    expect(best!.contextScore).toBe(1);
    // Split across text items with no blank between them (another extraction), still found.
    expect(findQuote('Le bud get annexe', { quote: 'budget annexe', prefix: '', suffix: '' })).toHaveLength(1);
    expect(findQuote(page, { quote: '', prefix: '', suffix: '' })).toEqual([]);
  });

  it('relocates on another version: same text moved to another page, changed text, text gone', () => {
    const selector = { quote: 'budget annexe des transports', prefix: 'approuve le budget primitif. Le', suffix: 'est adopté.' };
    const moved = relocate(
      [
        { number: 1, text: 'Sommaire' },
        { number: 2, text: page },
      ],
      selector,
      1,
    );
    expect(moved).toEqual({ status: 'ANCHORED', pageNumber: 2, anchoredQuote: 'budget annexe des transports' });

    const amended = page.replace('budget annexe des transports', 'budget annexe des mobilités');
    const changed = relocate([{ number: 1, text: amended }], selector, 1);
    expect(changed).toEqual({ status: 'TEXT_CHANGED', pageNumber: 1, anchoredQuote: 'budget annexe des mobilités' });

    // The text it covered after that change is tried too, so a third version keeps the anchor.
    const third = relocate([{ number: 3, text: `Préambule. ${amended}` }], { ...selector, prefix: 'xxxxxxxxxxxx' }, 1, [
      'budget annexe des mobilités',
    ]);
    expect(third).toMatchObject({ status: 'TEXT_CHANGED', pageNumber: 3, anchoredQuote: 'budget annexe des mobilités' });

    expect(relocate([{ number: 1, text: 'Tout autre chose.' }], selector, 1)).toEqual({
      status: 'ORPHANED',
      pageNumber: null,
      anchoredQuote: null,
    });
  });
});

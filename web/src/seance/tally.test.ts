import { describe, expect, it } from 'vitest';
import { counted, expressed, figuresProblem, noFigures, notTakingPart, parseFigure } from './tally.ts';

describe('the figures of a vote', () => {
  const figures = { ...noFigures, inFavour: 5, against: 3, abstentions: 1 };

  it('counts suffrages exprimés without abstentions, blank or spoiled ballots', () => {
    expect(expressed({ ...figures, blank: 2, spoiled: 1 })).toBe(8);
    expect(counted({ ...figures, blank: 2, spoiled: 1 })).toBe(12);
  });

  it('accepts figures up to the voters, and says who took no part', () => {
    expect(figuresProblem(figures, 9)).toBeNull();
    expect(figuresProblem(figures, 11)).toBeNull();
    expect(notTakingPart(figures, 11)).toBe(2);
    expect(notTakingPart(figures, 9)).toBe(0);
  });

  it('refuses more votes than voters, and figures that are not whole numbers', () => {
    expect(figuresProblem(figures, 8)).toEqual({ kind: 'tooMany', counted: 9, voters: 8 });
    expect(figuresProblem({ ...figures, against: -1 }, 9)).toEqual({ kind: 'notWhole' });
    expect(figuresProblem({ ...figures, against: 1.5 }, 9)).toEqual({ kind: 'notWhole' });
    expect(figuresProblem({ ...figures, against: parseFigure('trois') }, 9)).toEqual({ kind: 'notWhole' });
  });

  it('reads an empty field as zero', () => {
    expect(parseFigure('')).toBe(0);
    expect(parseFigure(' 4 ')).toBe(4);
  });
});

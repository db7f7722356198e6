import { describe, expect, it } from 'vitest';
import {
  completeFigures,
  counted,
  expressed,
  figuresProblem,
  isTie,
  noFigures,
  notTakingPart,
  parseFigure,
  typedFigures,
} from '../../src/seance/tally.ts';

describe('the figures of a vote', () => {
  const figures = { ...noFigures, for: 5, against: 3, abstention: 1 };

  it('counts suffrages exprimés without abstentions, blank or spoiled ballots', () => {
    expect(expressed({ ...figures, blank: 2, spoiled: 1 })).toBe(8);
    expect(counted({ ...figures, blank: 2, spoiled: 1 })).toBe(12);
  });

  it('types abstentions in the open, blank and spoiled ballots in secret', () => {
    expect(typedFigures(false)).toEqual(['for', 'against', 'abstention']);
    expect(typedFigures(true)).toEqual(['for', 'against', 'blank', 'spoiled']);
  });

  it('accepts figures up to the voters, and counts the rest as not taking part', () => {
    expect(figuresProblem(figures, 9)).toBeNull();
    expect(figuresProblem(figures, 11)).toBeNull();
    expect(notTakingPart(figures, 11)).toBe(2);
    expect(notTakingPart(figures, 9)).toBe(0);
    expect(completeFigures(figures, 11)).toEqual({ ...figures, notVoting: 2 });
  });

  it('refuses more votes than voters, and figures that are not whole numbers', () => {
    expect(figuresProblem(figures, 8)).toEqual({ kind: 'tooMany', counted: 9, voters: 8 });
    expect(figuresProblem({ ...figures, against: -1 }, 9)).toEqual({ kind: 'notWhole' });
    expect(figuresProblem({ ...figures, against: 1.5 }, 9)).toEqual({ kind: 'notWhole' });
    expect(figuresProblem({ ...figures, against: parseFigure('trois') }, 9)).toEqual({ kind: 'notWhole' });
  });

  it('sees a tie on the suffrages exprimés only', () => {
    expect(isTie({ ...noFigures, for: 2, against: 2, abstention: 3 })).toBe(true);
    expect(isTie({ ...noFigures, for: 3, against: 2 })).toBe(false);
    expect(isTie(noFigures)).toBe(false);
  });

  it('reads an empty field as zero', () => {
    expect(parseFigure('')).toBe(0);
    expect(parseFigure(' 4 ')).toBe(4);
  });
});

/**
 * The figures of a vote as the secretariat enters them (hand-raised totals, or a secret ballot's
 * count), checked against the voters in the room before they are sent. The result itself (adopté or
 * rejeté, the président's casting vote) is the server's: these checks only keep a typing slip from
 * reaching it.
 */

export interface Figures {
  inFavour: number;
  against: number;
  abstentions: number;
  /** Blank ballots (secret ballot only). */
  blank: number;
  /** Spoiled ballots (secret ballot only). */
  spoiled: number;
}

export const noFigures: Figures = { inFavour: 0, against: 0, abstentions: 0, blank: 0, spoiled: 0 };

/** Suffrages exprimés: « pour » and « contre » only (abstentions, blank and spoiled ballots are not). */
export const expressed = (figures: Figures): number => figures.inFavour + figures.against;

/** Every vote counted. */
export const counted = (figures: Figures): number => figures.inFavour + figures.against + figures.abstentions + figures.blank + figures.spoiled;

/** What is wrong with the figures, if anything: a figure that is not a whole number, or more votes than voters. */
export type FiguresProblem = { kind: 'notWhole' } | { kind: 'tooMany'; counted: number; voters: number } | null;

export function figuresProblem(figures: Figures, voters: number): FiguresProblem {
  if (Object.values(figures).some((value) => !Number.isInteger(value) || value < 0)) return { kind: 'notWhole' };
  const total = counted(figures);
  return total > voters ? { kind: 'tooMany', counted: total, voters } : null;
}

/** The voters who took no part: those in the room (and the pouvoirs they hold) not in the figures. */
export const notTakingPart = (figures: Figures, voters: number): number => Math.max(0, voters - counted(figures));

/** A figure typed in a field: empty reads as 0, anything else as the number typed (checked by `figuresProblem`). */
export const parseFigure = (text: string): number => (text.trim() === '' ? 0 : Number(text));

/**
 * The figures of a vote as the secretariat enters them (hand-raised totals, a paper secret ballot's
 * count, or the room's totals when the tablets are down), checked against the votes the room may cast
 * before they are sent. The result itself (adopté or rejeté, the président's casting vote) is the
 * server's: these checks only keep a typing slip from reaching it.
 */

/** The API's figures (`VoteFigures`, `VoteTotalsInput`). */
export interface Figures {
  for: number;
  against: number;
  abstention: number;
  /** Ne prennent pas part au vote. */
  notVoting: number;
  /** Bulletins blancs (secret ballot). */
  blank: number;
  /** Bulletins nuls (secret ballot). */
  spoiled: number;
}

export const noFigures: Figures = { for: 0, against: 0, abstention: 0, notVoting: 0, blank: 0, spoiled: 0 };

/** A figure the secretariat types (those who take no part are the rest of the room). */
export type TypedFigure = Exclude<keyof Figures, 'notVoting'>;

/** The figures the secretariat types: a secret ballot has no abstention but blank and spoiled ballots. */
export const typedFigures = (secret: boolean): TypedFigure[] =>
  secret ? ['for', 'against', 'blank', 'spoiled'] : ['for', 'against', 'abstention'];

/** Suffrages exprimés: « pour » and « contre » only (abstentions, blank and spoiled ballots are not). */
export const expressed = (figures: Figures): number => figures.for + figures.against;

/** Every vote counted, those who took no part aside. */
export const counted = (figures: Figures): number => figures.for + figures.against + figures.abstention + figures.blank + figures.spoiled;

/** What is wrong with the figures, if anything: a figure that is not a whole number, or more votes than voters. */
export type FiguresProblem = { kind: 'notWhole' } | { kind: 'tooMany'; counted: number; voters: number } | null;

export function figuresProblem(figures: Figures, voters: number): FiguresProblem {
  if (Object.values(figures).some((value) => !Number.isInteger(value) || value < 0)) return { kind: 'notWhole' };
  const total = counted(figures);
  return total > voters ? { kind: 'tooMany', counted: total, voters } : null;
}

/** The voters who took no part: the votes the room may cast (members present and pouvoirs) not in the figures. */
export const notTakingPart = (figures: Figures, voters: number): number => Math.max(0, voters - counted(figures));

/** The figures to send: those typed, and the rest of the room as not taking part. */
export const completeFigures = (figures: Figures, voters: number): Figures => ({ ...figures, notVoting: notTakingPart(figures, voters) });

/** A tie on the suffrages exprimés: the président's casting vote decides it, except in a secret ballot. */
export const isTie = (figures: Figures): boolean => figures.for === figures.against && figures.for > 0;

/** A figure typed in a field: empty reads as 0, anything else as the number typed (checked by `figuresProblem`). */
export const parseFigure = (text: string): number => (text.trim() === '' ? 0 : Number(text));

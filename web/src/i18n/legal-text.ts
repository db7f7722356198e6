/**
 * How a French sentence cites the article the API gives for the body's kind (`Body.legalArticles`,
 * `Meeting.legalNotices`): the screens never write an article themselves.
 */

/** « (CGCT L3121-11) » after a sentence, or nothing where no article is verified for the body's kind. */
export const cited = (article: string | null): string => (article ? ` (${article})` : '');

const shares: Record<number, string> = { 2: 'de la moitié', 3: 'du tiers', 4: 'du quart', 5: 'du cinquième', 6: 'du sixième' };

/** « du quart », « du sixième »: the share of the members present whose request decides a ballot, as the law words it. */
export const shareOf = ({ numerator, denominator }: { numerator: number; denominator: number }): string =>
  (numerator === 1 ? shares[denominator] : undefined) ?? `des ${numerator}/${denominator}`;

import { describe, expect, it } from 'vitest';
import { cited, shareOf } from '../../src/i18n/legal-text.ts';
import { liveSeanceFr } from '../../src/seance/messages.fr.ts';
import { seanceConsoleFr } from '../../src/secretariat/seance/messages.fr.ts';

// Issue 17 (5): the séance's texts interpolate the articles the API gives for the body's kind.
const departement = {
  ballotArticle: 'CGCT L3121-15',
  publicBallotRequest: { numerator: 1, denominator: 6 },
  secretBallotRequest: { numerator: 1, denominator: 3 },
};
const commune = {
  ballotArticle: 'CGCT L2121-21',
  publicBallotRequest: { numerator: 1, denominator: 4 },
  secretBallotRequest: { numerator: 1, denominator: 3 },
};

describe('legal texts with the article of the body’s kind', () => {
  it('cite an article, or nothing where none is verified for the kind', () => {
    expect(cited('CGCT L3121-11')).toBe(' (CGCT L3121-11)');
    expect(cited(null)).toBe('');
    expect(seanceConsoleFr.interests.intro(null)).toBe(
      'Un membre intéressé à l’affaire ne prend part ni au débat ni au vote, et n’est pas compté dans ce vote.',
    );
    expect(seanceConsoleFr.open.secretariesHint('CGCT L3121-13')).toBe(
      'Désigné(s) parmi les membres au début de la séance (CGCT L3121-13).',
    );
  });

  it('word the share of the members present as the law does: a quarter in a commune, a sixth in a département', () => {
    expect([2, 3, 4, 6].map((denominator) => shareOf({ numerator: 1, denominator }))).toEqual([
      'de la moitié',
      'du tiers',
      'du quart',
      'du sixième',
    ]);
    expect(shareOf({ numerator: 2, denominator: 3 })).toBe('des 2/3');
    expect(seanceConsoleFr.vote.methodHints(departement).PUBLIC).toBe(
      'À la demande du sixième des membres présents (CGCT L3121-15) : le vote de chacun est nominatif.',
    );
    expect(seanceConsoleFr.vote.methodHints(commune).PUBLIC).toBe(
      'À la demande du quart des membres présents (CGCT L2121-21) : le vote de chacun est nominatif.',
    );
    expect(seanceConsoleFr.vote.methodHints(departement).SECRET).toMatch(
      /^À la demande du tiers des membres présents, ou pour une nomination/,
    );
  });

  it('never write a commune’s article for a département', () => {
    const texts = [
      seanceConsoleFr.closedSession.intro('CGCT L3121-11'),
      seanceConsoleFr.vote.nominationHint(departement.ballotArticle),
      ...Object.values(seanceConsoleFr.vote.methodHints(departement)),
      liveSeanceFr.result.casting('CGCT L3121-14'),
      liveSeanceFr.vote.presidentChoiceHint('CGCT L3121-14'),
      liveSeanceFr.vote.interested(null),
    ];
    expect(texts.join('\n')).not.toMatch(/L21\d\d/);
  });
});

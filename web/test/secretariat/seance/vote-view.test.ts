import { describe, expect, it } from 'vitest';
import { noFigures } from '../../../src/seance/tally.ts';
import { resultView } from '../../../src/seance/result-view.ts';
import { rollCall } from '../../../src/secretariat/seance/vote-view.ts';

const labels = { FOR: 'Pour', AGAINST: 'Contre', ABSTENTION: 'Abstention' };
const order = ['FOR', 'AGAINST', 'ABSTENTION'];

describe('the result of a closed vote', () => {
  const ballots = [
    { voter: { personId: 'anne', displayName: 'Anne Vignot' }, choice: 'FOR' },
    { voter: { personId: 'paul', displayName: 'Paul Bernard' }, choice: 'AGAINST' },
    { voter: { personId: 'sophie', displayName: 'Sophie Lambert' }, choice: 'FOR' },
  ];
  const figures = { ...noFigures, for: 2, against: 1 };

  it('names the voters by choice for a public ballot', () => {
    expect(resultView({ method: 'PUBLIC', result: 'ADOPTED', tie: false, figures }, ballots, labels, order)).toEqual({
      ...figures,
      outcome: 'ADOPTED',
      secret: false,
      tie: false,
      names: [
        { choice: 'Pour', names: ['Anne Vignot', 'Sophie Lambert'] },
        { choice: 'Contre', names: ['Paul Bernard'] },
        { choice: 'Abstention', names: [] },
      ],
    });
  });

  it('names nobody for a show of hands or a secret ballot, and nothing while open', () => {
    expect(resultView({ method: 'HAND', result: 'REJECTED', tie: true, figures }, ballots, labels, order)?.names).toEqual([]);
    expect(resultView({ method: 'SECRET', result: 'REJECTED', tie: null, figures }, undefined, labels, order)).toMatchObject({
      secret: true,
      tie: false,
      names: [],
    });
    expect(resultView({ method: 'PUBLIC', result: null, tie: null, figures: null }, ballots, labels, order)).toBeNull();
  });
});

describe('the roll call of a public vote', () => {
  it('calls each member present with a vote, then the pouvoirs they hold, without the interested', () => {
    const attendees = [
      { personId: 'anne', displayName: 'Anne Vignot', votingRight: true, present: true, holdsProxyOf: [] },
      { personId: 'karim', displayName: 'Karim Benali', votingRight: true, present: false, holdsProxyOf: [] },
      {
        personId: 'sophie',
        displayName: 'Sophie Lambert',
        votingRight: true,
        present: true,
        holdsProxyOf: [{ personId: 'paul', displayName: 'Paul Bernard' }],
      },
      { personId: 'thomas', displayName: 'Thomas Vidal', votingRight: false, present: true, holdsProxyOf: [] },
      { personId: 'nadia', displayName: 'Nadia Haddad', votingRight: true, present: true, holdsProxyOf: [] },
    ];
    expect(rollCall(attendees, new Set(['nadia']))).toEqual([
      { personId: 'anne', displayName: 'Anne Vignot', holder: null },
      { personId: 'sophie', displayName: 'Sophie Lambert', holder: null },
      { personId: 'paul', displayName: 'Paul Bernard', holder: 'Sophie Lambert' },
    ]);
  });
});

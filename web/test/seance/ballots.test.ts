import { describe, expect, it } from 'vitest';
import { ballotSlots } from '../../src/seance/ballots.ts';

const sophie = {
  myId: 'sophie',
  present: true,
  holdsProxyOf: [{ personId: 'paul', displayName: 'Paul Bernard' }],
  interested: new Set<string>(),
  myBallots: [],
};

describe('the ballots on an official’s tablet', () => {
  it('offers their own vote, then the pouvoir they hold', () => {
    expect(ballotSlots(sophie)).toEqual([
      { voterId: 'sophie', proxyFor: null, cast: false },
      { voterId: 'paul', proxyFor: 'Paul Bernard', cast: false },
    ]);
  });

  it('marks each ballot cast', () => {
    expect(ballotSlots({ ...sophie, myBallots: ['paul'] }).map((slot) => slot.cast)).toEqual([false, true]);
  });

  it('leaves out the interested, and everything for who is not in the room', () => {
    expect(ballotSlots({ ...sophie, interested: new Set(['sophie']) })).toEqual([
      { voterId: 'paul', proxyFor: 'Paul Bernard', cast: false },
    ]);
    expect(ballotSlots({ ...sophie, interested: new Set(['paul']) })).toEqual([{ voterId: 'sophie', proxyFor: null, cast: false }]);
    expect(ballotSlots({ ...sophie, present: false })).toEqual([]);
  });
});

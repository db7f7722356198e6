import { describe, expect, it } from 'vitest';
import { changedSinceLastSend, proxiesHeld, quorumOutlook, today } from '../../../src/secretariat/follow-up/follow-up.ts';

describe('what a supplement would carry', () => {
  const documents = [
    { id: 'note', title: 'Note', versions: [{ uploadedAt: '2026-11-23T10:00:00Z' }, { uploadedAt: '2026-11-20T10:00:00Z' }] },
    { id: 'rapport', title: 'Rapport', versions: [{ uploadedAt: '2026-11-20T10:00:00Z' }] },
    { id: 'annexe', title: 'Annexe', versions: [{ uploadedAt: '2026-11-22T10:00:00Z' }] },
  ];

  it('takes the documents with a version uploaded after the last send', () => {
    const sends = [{ sentAt: '2026-11-21T09:00:00Z' }];
    expect(changedSinceLastSend(documents, sends).map((document) => document.id)).toEqual(['note', 'annexe']);
    expect(changedSinceLastSend(documents, [...sends, { sentAt: '2026-11-22T12:00:00Z' }]).map((document) => document.id)).toEqual([
      'note',
    ]);
  });

  it('has nothing before the first send', () => {
    expect(changedSinceLastSend(documents, [])).toEqual([]);
  });
});

describe('proxies', () => {
  it('lists whose proxy each member holds', () => {
    const rows = [
      { personId: 'paul', displayName: 'Paul Bernard', answer: { response: 'PROXY', proxyHolder: { personId: 'sophie' } } },
      { personId: 'anne', displayName: 'Anne Vignot', answer: { response: 'PROXY', proxyHolder: { personId: 'sophie' } } },
      { personId: 'sophie', displayName: 'Sophie Lambert', answer: { response: 'PRESENT' } },
      { personId: 'karim', displayName: 'Karim Benali', answer: null },
    ];
    expect(proxiesHeld(rows)).toEqual(new Map([['sophie', ['Paul Bernard', 'Anne Vignot']]]));
  });
});

describe('today in the body’s time zone', () => {
  it('is the local date, not the UTC one', () => {
    expect(today('Europe/Paris', new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(today('America/Cayenne', new Date('2026-11-24T01:30:00Z'))).toBe('2026-11-23');
  });
});

describe('the quorum forecast', () => {
  it('is pending, not missed, while the answers awaited could still reach it', () => {
    // Right after the send: 9 in office, 5 required, nobody answered yet.
    expect(quorumOutlook({ reached: false, counted: 0, required: 5, unanswered: 9 }, true)).toBe('PENDING');
    expect(quorumOutlook({ reached: false, counted: 1, required: 5, unanswered: 4 }, true)).toBe('PENDING');
    expect(quorumOutlook({ reached: false, counted: 1, required: 5, unanswered: 3 }, true)).toBe('MISSED');
    expect(quorumOutlook({ reached: true, counted: 5, required: 5, unanswered: 4 }, true)).toBe('REACHED');
  });

  it('in session (not a forecast), a quorum not reached is missed', () => {
    expect(quorumOutlook({ reached: false, counted: 1, required: 5, unanswered: 8 }, false)).toBe('MISSED');
  });
});

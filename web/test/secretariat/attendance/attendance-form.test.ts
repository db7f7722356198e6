import { describe, expect, it } from 'vitest';
import type { MeetingAttendanceFieldsFragment } from '../../../src/graphql/generated/secretariat/graphql.ts';
import { entriesToRecord, initialChoices, possibleHolders } from '../../../src/secretariat/attendance/attendance-form.ts';

type Entry = MeetingAttendanceFieldsFragment['entries'][number];
const entry = (personId: string, more: Partial<Entry> = {}): Entry => ({
  personId,
  displayName: personId,
  votingRight: true,
  status: null,
  remote: false,
  proxyHolder: null,
  recordedAt: null,
  announced: null,
  ...more,
});

const entries = [
  entry('anne', {
    status: 'PRESENT',
    recordedAt: '2026-11-23T17:00:00Z',
    announced: { response: 'ABSENT', remote: false, proxyHolder: null },
  }),
  entry('paul', { announced: { response: 'PROXY', remote: false, proxyHolder: { personId: 'anne' } } }),
  entry('karim', { announced: { response: 'PRESENT', remote: true, proxyHolder: null } }),
  entry('nadia', { votingRight: false }),
  entry('thomas'),
];

describe('the attendance form', () => {
  it('starts from what was recorded, else pre-fills what was announced, else nothing', () => {
    const choices = initialChoices(entries);
    expect(choices.get('anne')).toEqual({ status: 'PRESENT', proxyHolderId: '', remote: false, source: 'RECORDED' });
    expect(choices.get('paul')).toEqual({ status: 'REPRESENTED', proxyHolderId: 'anne', remote: false, source: 'ANNOUNCED' });
    expect(choices.get('karim')).toEqual({ status: 'PRESENT', proxyHolderId: '', remote: true, source: 'ANNOUNCED' });
    expect(choices.get('thomas')).toEqual({ status: null, proxyHolderId: '', remote: false, source: 'NONE' });
  });

  it('offers as representatives the other voting members marked present', () => {
    const choices = initialChoices(entries);
    choices.set('nadia', { status: 'PRESENT', proxyHolderId: '', remote: false, source: 'RECORDED' });
    expect(possibleHolders(entries, choices, 'paul').map((holder) => holder.personId)).toEqual(['anne', 'karim']);
    expect(possibleHolders(entries, choices, 'anne').map((holder) => holder.personId)).toEqual(['karim']);
  });

  it('sends every official with a status, the representative only for REPRESENTED, « à distance » only with a presence (CGCT L5211-11-1)', () => {
    expect(entriesToRecord(initialChoices(entries))).toEqual([
      { personId: 'anne', status: 'PRESENT', proxyHolderId: null, remote: false },
      { personId: 'paul', status: 'REPRESENTED', proxyHolderId: 'anne', remote: false },
      { personId: 'karim', status: 'PRESENT', proxyHolderId: null, remote: true },
    ]);
    const choices = initialChoices(entries);
    choices.set('karim', { ...choices.get('karim')!, status: 'ABSENT' });
    expect(entriesToRecord(choices).find((row) => row.personId === 'karim')).toEqual({
      personId: 'karim',
      status: 'ABSENT',
      proxyHolderId: null,
      remote: false,
    });
  });
});

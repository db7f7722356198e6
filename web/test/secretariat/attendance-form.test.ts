import { describe, expect, it } from 'vitest';
import type { MeetingAttendanceFieldsFragment } from '../../src/graphql/generated/secretariat/graphql.ts';
import { entriesToRecord, initialChoices, possibleHolders } from '../../src/secretariat/attendance-form.ts';

type Entry = MeetingAttendanceFieldsFragment['entries'][number];
const entry = (personId: string, more: Partial<Entry> = {}): Entry => ({
  personId,
  displayName: personId,
  votingRight: true,
  status: null,
  proxyHolder: null,
  recordedAt: null,
  announced: null,
  ...more,
});

const entries = [
  entry('anne', { status: 'PRESENT', recordedAt: '2026-11-23T17:00:00Z', announced: { response: 'ABSENT', proxyHolder: null } }),
  entry('paul', { announced: { response: 'PROXY', proxyHolder: { personId: 'anne' } } }),
  entry('karim', { announced: { response: 'PRESENT', proxyHolder: null } }),
  entry('nadia', { votingRight: false }),
  entry('thomas'),
];

describe('the attendance form', () => {
  it('starts from what was recorded, else pre-fills what was announced, else nothing', () => {
    const choices = initialChoices(entries);
    expect(choices.get('anne')).toEqual({ status: 'PRESENT', proxyHolderId: '', source: 'RECORDED' });
    expect(choices.get('paul')).toEqual({ status: 'REPRESENTED', proxyHolderId: 'anne', source: 'ANNOUNCED' });
    expect(choices.get('karim')).toEqual({ status: 'PRESENT', proxyHolderId: '', source: 'ANNOUNCED' });
    expect(choices.get('thomas')).toEqual({ status: null, proxyHolderId: '', source: 'NONE' });
  });

  it('offers as representatives the other voting members marked present', () => {
    const choices = initialChoices(entries);
    choices.set('nadia', { status: 'PRESENT', proxyHolderId: '', source: 'RECORDED' });
    expect(possibleHolders(entries, choices, 'paul').map((holder) => holder.personId)).toEqual(['anne', 'karim']);
    expect(possibleHolders(entries, choices, 'anne').map((holder) => holder.personId)).toEqual(['karim']);
  });

  it('sends every official with a status, the representative only for REPRESENTED', () => {
    expect(entriesToRecord(initialChoices(entries))).toEqual([
      { personId: 'anne', status: 'PRESENT', proxyHolderId: null },
      { personId: 'paul', status: 'REPRESENTED', proxyHolderId: 'anne' },
      { personId: 'karim', status: 'PRESENT', proxyHolderId: null },
    ]);
  });
});

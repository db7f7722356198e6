import { describe, expect, it } from 'vitest';
import {
  hasReunions,
  openingSeanceId,
  reglementInterieurInput,
  reunionCandidates,
  reunionSearchFrom,
} from '../../../src/secretariat/settings/legal-settings.ts';

describe('the règlement intérieur form (CGCT L2121-20, L2121-8)', () => {
  it('L2121-20: no limit sent for the law’s three séances, a stricter one as a number; the reference trimmed', () => {
    expect(
      reglementInterieurInput({
        validFrom: '2027-01-01',
        reference: '  Délibération n° 2026-12 ',
        proxyLimit: '',
        commissionQuorum: false,
      }),
    ).toEqual({
      validFrom: '2027-01-01',
      reference: 'Délibération n° 2026-12',
      proxyMaxConsecutiveSeances: null,
      commissionQuorum: false,
    });
    expect(
      reglementInterieurInput({ validFrom: '2027-01-01', reference: 'RI art. 12', proxyLimit: '2', commissionQuorum: true }),
    ).toMatchObject({ proxyMaxConsecutiveSeances: 2, commissionQuorum: true });
  });
});

describe('a séance continuing a réunion (CGCT L3121-16, L4132-15)', () => {
  const seance = (id: string, startsAt: string, assembly = 'a', status = 'CONVENED') => ({
    id,
    startsAt,
    status,
    assembly: { id: assembly },
  });

  it('L3121-16, L4132-15: only départements and régions hold réunions of several séances', () => {
    expect(['DEPARTEMENT', 'REGION', 'COMMUNE', 'EPCI', 'SYNDICAT'].map(hasReunions)).toEqual([true, true, false, false, false]);
  });

  it('L3121-16: a séance continues an earlier séance of the same assembly, not a cancelled one, the latest first', () => {
    const current = seance('now', '2026-12-10T09:00:00Z', 'a', 'DRAFT');
    const meetings = [
      seance('first', '2026-12-08T09:00:00Z'),
      seance('second', '2026-12-09T09:00:00Z'),
      seance('other', '2026-12-09T10:00:00Z', 'b'),
      seance('cancelled', '2026-12-09T11:00:00Z', 'a', 'CANCELLED'),
      seance('later', '2026-12-11T09:00:00Z'),
      current,
    ];
    expect(reunionCandidates(meetings, current).map((candidate) => candidate.id)).toEqual(['second', 'first']);
  });

  it('L3121-16: looks for the réunion’s earlier séances from a month before', () => {
    expect(reunionSearchFrom('2026-12-10T09:00:00.000Z')).toBe('2026-11-09T09:00:00.000Z');
  });

  it('L3121-16: the réunion is opened by its first séance; a séance alone opens its own', () => {
    expect(openingSeanceId('now', [{ id: 'first' }, { id: 'now' }])).toBe('first');
    expect(openingSeanceId('now', [{ id: 'now' }])).toBeNull();
    expect(openingSeanceId('now', [])).toBeNull();
  });
});

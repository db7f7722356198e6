import { describe, expect, it } from 'vitest';
import { findOverlaps } from '../../src/inbox/overlaps.ts';

const meeting = (id: string, bodyId: string, startsAt: string) => ({ id, bodyId, startsAt });

describe('clashes between meetings of different bodies', () => {
  it('flags meetings of different bodies less than three hours apart, both ways', () => {
    const ville = meeting('ville', 'b1', '2027-01-14T17:00:00Z');
    const metropole = meeting('metropole', 'b2', '2027-01-14T18:30:00Z');
    const departement = meeting('departement', 'b3', '2027-01-14T21:00:00Z');
    const overlaps = findOverlaps([departement, metropole, ville]);
    expect(overlaps.get('ville')?.map((other) => other.id)).toEqual(['metropole']);
    expect(overlaps.get('metropole')?.map((other) => other.id)).toEqual(['ville', 'departement']);
    expect(overlaps.get('departement')?.map((other) => other.id)).toEqual(['metropole']);
  });

  it('ignores meetings three hours apart or more, and meetings of the same body', () => {
    const overlaps = findOverlaps([
      meeting('a', 'b1', '2027-01-14T09:00:00Z'),
      meeting('b', 'b2', '2027-01-14T12:00:00Z'),
      meeting('c', 'b1', '2027-01-14T12:30:00Z'),
    ]);
    expect(overlaps.get('a')).toBeUndefined();
    expect(overlaps.get('b')?.map((other) => other.id)).toEqual(['c']);
  });
});

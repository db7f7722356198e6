import { describe, expect, it } from 'vitest';
import { roleOptions, titulaireCandidates } from '../../../src/secretariat/members/seat-roles.ts';

describe('seat roles (CGCT L5211-6)', () => {
  it('offers SUPPLEANT only where the assembly has suppléants, and never switches a seat between titulaire and suppléant', () => {
    expect(roleOptions(false)).toEqual(['MEMBRE', 'PRESIDENT', 'VICE_PRESIDENT']);
    expect(roleOptions(true)).toEqual(['MEMBRE', 'PRESIDENT', 'VICE_PRESIDENT', 'SUPPLEANT']);
    expect(roleOptions(true, 'MEMBRE')).toEqual(['MEMBRE', 'PRESIDENT', 'VICE_PRESIDENT']);
    expect(roleOptions(true, 'SUPPLEANT')).toEqual(['SUPPLEANT']);
  });

  it('lists as titulaires the seats that are not suppléants and have none yet', () => {
    const seats = [
      { id: 'a', role: 'MEMBRE' as const, titulaireSeatId: null },
      { id: 'b', role: 'PRESIDENT' as const, titulaireSeatId: null },
      { id: 'c', role: 'SUPPLEANT' as const, titulaireSeatId: 'a' },
    ];
    expect(titulaireCandidates(seats).map((seat) => seat.id)).toEqual(['b']);
  });
});

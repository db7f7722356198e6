import { describe, expect, it } from 'vitest';
import { landingPath } from '../../src/app/landing.ts';

const seat = (...roles: string[]) => ({ roles });

describe('landingPath: each role on its own home after login', () => {
  it('sends an official to the inbox', () => {
    expect(landingPath({ coordinator: false, memberships: [seat('OFFICIAL'), seat('OFFICIAL')] })).toBe('/');
    expect(landingPath({ coordinator: false, memberships: [] })).toBe('/');
  });

  it('sends a secretariat or a body administrator to the console, even when also an official', () => {
    expect(landingPath({ coordinator: false, memberships: [seat('SECRETARIAT')] })).toBe('/secretariat');
    expect(landingPath({ coordinator: false, memberships: [seat('OFFICIAL'), seat('BODY_ADMIN')] })).toBe('/secretariat');
  });

  it('sends a coordinator to the groupement, whatever their seats', () => {
    expect(landingPath({ coordinator: true, memberships: [] })).toBe('/coordination');
    expect(landingPath({ coordinator: true, memberships: [seat('SECRETARIAT')] })).toBe('/coordination');
  });
});

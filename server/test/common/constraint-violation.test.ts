import { describe, expect, it } from 'vitest';
import { violatedConstraint } from '../../src/db/constraint-violation.js';

describe('violatedConstraint', () => {
  it('names the unique or exclusion constraint, without the shard id Citus appends on a shard', () => {
    expect(violatedConstraint({ code: '23505', constraint: 'device_serial_number_key' })).toBe('device_serial_number_key');
    expect(violatedConstraint({ code: '23P01', constraint: 'groupement_contract_no_overlap_102008' })).toBe(
      'groupement_contract_no_overlap',
    );
    expect(violatedConstraint({ code: '23505', constraint: 'seat_2' })).toBe('seat_2');
    const relayed = {
      code: '23P01',
      message: 'conflicting key value violates exclusion constraint "groupement_contract_no_overlap_102016"',
    };
    expect(violatedConstraint(relayed)).toBe('groupement_contract_no_overlap');
    expect(violatedConstraint({ code: '23503', constraint: 'membership_person_id_fkey' })).toBeNull();
    expect(violatedConstraint(new Error('boom'))).toBeNull();
  });
});

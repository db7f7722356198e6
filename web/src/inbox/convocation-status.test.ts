import { describe, expect, it } from 'vitest';
import { convocationStatus, unreadCounts } from './convocation-status.ts';

describe('the status of a convocation in the inbox', () => {
  it('is new until opened, read once opened, answered, or proxy given', () => {
    expect(convocationStatus({ firstOpenedAt: null, answer: null })).toBe('NEW');
    expect(convocationStatus({ firstOpenedAt: '2027-01-02T10:00:00Z', answer: null })).toBe('READ');
    expect(convocationStatus({ firstOpenedAt: '2027-01-02T10:00:00Z', answer: { response: 'PRESENT' } })).toBe('ANSWERED');
    expect(convocationStatus({ firstOpenedAt: '2027-01-02T10:00:00Z', answer: { response: 'ABSENT' } })).toBe('ANSWERED');
    expect(convocationStatus({ firstOpenedAt: '2027-01-02T10:00:00Z', answer: { response: 'PROXY' } })).toBe('PROXY_GIVEN');
  });

  it('counts an answer recorded by the secretariat even when the official never opened it', () => {
    expect(convocationStatus({ firstOpenedAt: null, answer: { response: 'PROXY' } })).toBe('PROXY_GIVEN');
  });

  it('has none when the official is not convened', () => {
    expect(convocationStatus(null)).toBeNull();
    expect(convocationStatus(undefined)).toBeNull();
  });
});

describe('unread counts', () => {
  it('counts the convened meetings never opened, per body and in all', () => {
    const meeting = (bodyId: string, firstOpenedAt: string | null) => ({ body: { id: bodyId }, myConvocation: { firstOpenedAt } });
    const counts = unreadCounts([
      meeting('ville', null),
      meeting('ville', null),
      meeting('ville', '2027-01-02T10:00:00Z'),
      meeting('doubs', '2027-01-02T10:00:00Z'),
      meeting('metropole', null),
      { body: { id: 'region' }, myConvocation: null },
    ]);
    expect(counts.total).toBe(3);
    expect(Object.fromEntries(counts.byBody)).toEqual({ ville: 2, metropole: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import type { PendingEntry } from '../../src/offline/db.ts';
import { convocationStatus, unreadCounts, withPendingReceipts } from '../../src/inbox/convocation-status.ts';

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

describe('receipts waiting for the network', () => {
  const entry = (kind: 'opened' | 'acknowledge' | 'delete', meetingId: string): PendingEntry => ({
    owner: 'me',
    createdAt: '2027-01-03T08:00:00Z',
    operation: kind === 'delete' ? { kind, bodyId: 'ville', annotationId: 'a', documentId: 'd' } : { kind, bodyId: 'ville', meetingId },
  });
  const meeting = (id: string, firstOpenedAt: string | null) => ({
    id,
    body: { id: 'ville' },
    myConvocation: { firstOpenedAt, answer: null },
  });

  it('shows a meeting opened offline as read, and no longer unread', () => {
    const shown = withPendingReceipts(
      [meeting('m1', null), meeting('m2', null)],
      [entry('opened', 'm1'), entry('acknowledge', 'm2'), entry('delete', 'm2')],
    );
    expect(shown.map((one) => convocationStatus(one.myConvocation))).toEqual(['READ', 'NEW']);
    expect(unreadCounts(shown).total).toBe(1);
  });

  it('keeps the server’s time of a convocation already opened, and leaves a meeting without convocation alone', () => {
    const opened = meeting('m1', '2027-01-02T10:00:00Z');
    const draft = { id: 'm2', body: { id: 'ville' }, myConvocation: null };
    expect(withPendingReceipts([opened, draft], [entry('opened', 'm1'), entry('opened', 'm2')])).toEqual([opened, draft]);
  });
});

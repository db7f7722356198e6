import { describe, expect, it } from 'vitest';
import {
  inGroups,
  partRange,
  partsToSend,
  pendingUploadKey,
  pendingUploads,
  storedBytes,
} from '../../../src/secretariat/documents/upload-parts.ts';

// 20 bytes in parts of 8: 8 + 8 + 4.
const plan = { sizeBytes: 20, partSize: 8, partCount: 3 };

describe('which parts a resumed upload sends', () => {
  it('sends every part of a new upload, the last one shorter', () => {
    expect(partsToSend(plan, [])).toEqual([1, 2, 3]);
    expect([1, 2, 3].map((partNumber) => partRange(plan, partNumber))).toEqual([
      { start: 0, end: 8 },
      { start: 8, end: 16 },
      { start: 16, end: 20 },
    ]);
  });

  it('sends only the parts the storage does not hold whole', () => {
    const stored = [
      { partNumber: 1, sizeBytes: 8 },
      { partNumber: 3, sizeBytes: 4 },
    ];
    expect(partsToSend(plan, stored)).toEqual([2]);
    expect(storedBytes(plan, stored)).toBe(12);
  });

  it('sends again a part stored with another size, and ignores parts beyond the file', () => {
    const stored = [
      { partNumber: 1, sizeBytes: 5 },
      { partNumber: 2, sizeBytes: 8 },
      { partNumber: 4, sizeBytes: 8 },
    ];
    expect(partsToSend(plan, stored)).toEqual([1, 3]);
    expect(storedBytes(plan, stored)).toBe(8);
  });

  it('has nothing to send once every part is stored', () => {
    const all = [1, 2, 3].map((partNumber) => ({
      partNumber,
      sizeBytes: partRange(plan, partNumber).end - partRange(plan, partNumber).start,
    }));
    expect(partsToSend(plan, all)).toEqual([]);
    expect(storedBytes(plan, all)).toBe(20);
  });

  it('asks for part URLs a few at a time', () => {
    expect(inGroups([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inGroups([], 4)).toEqual([]);
  });
});

describe('the pending uploads kept across a reload', () => {
  const memory = () => {
    const values = new Map<string, string>();
    return {
      values,
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
      removeItem: (key: string) => void values.delete(key),
    };
  };
  const file = { name: 'budget.pdf', size: 20_000_000, lastModified: 1_700_000_000_000 };
  const target = { bodyId: 'b', meetingId: 'm', file };

  it('keys by body, meeting, document, file name, size and modification date', () => {
    const key = pendingUploadKey(target);
    expect(pendingUploadKey({ ...target })).toBe(key);
    expect(pendingUploadKey({ ...target, documentId: null })).toBe(key);
    expect(pendingUploadKey({ ...target, meetingId: 'autre' })).not.toBe(key);
    expect(pendingUploadKey({ ...target, documentId: 'd' })).not.toBe(key);
    expect(pendingUploadKey({ ...target, file: { ...file, size: file.size + 1 } })).not.toBe(key);
    expect(pendingUploadKey({ ...target, file: { ...file, lastModified: file.lastModified + 1 } })).not.toBe(key);
  });

  it('finds a saved upload until it expires, then forgets it', () => {
    const store = memory();
    let now = Date.parse('2026-11-23T10:00:00Z');
    const pending = pendingUploads(store, () => now);
    const key = pendingUploadKey(target);
    pending.save(key, { uploadId: 'u1', expiresAt: '2026-11-24T10:00:00Z' });
    expect(pending.find(key)).toEqual({ uploadId: 'u1', expiresAt: '2026-11-24T10:00:00Z' });
    now = Date.parse('2026-11-24T10:00:01Z');
    expect(pending.find(key)).toBeNull();
    expect(store.values.size).toBe(0);
  });

  it('survives a broken record or no storage at all', () => {
    const store = memory();
    store.setItem('k', '{not json');
    expect(pendingUploads(store).find('k')).toBeNull();
    store.setItem('k', JSON.stringify({ uploadId: 3 }));
    expect(pendingUploads(store).find('k')).toBeNull();
    const none = pendingUploads(null);
    none.save('k', { uploadId: 'u', expiresAt: '2100-01-01T00:00:00Z' });
    expect(none.find('k')).toBeNull();
  });
});

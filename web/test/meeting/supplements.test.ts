import { describe, expect, it } from 'vitest';
import { documentNovelties } from '../../src/meeting/supplements.ts';

const convocation = {
  kind: 'INITIAL' as const,
  documents: [
    { documentId: 'note', versionId: 'note-v1' },
    { documentId: 'rapport', versionId: 'rapport-v1' },
  ],
};

describe('documents new since the convocation', () => {
  it('marks a document the convocation did not have as added, and a newer version as replaced', () => {
    const supplement = {
      kind: 'SUPPLEMENT' as const,
      documents: [
        { documentId: 'plan', versionId: 'plan-v1' },
        { documentId: 'note', versionId: 'note-v2' },
      ],
    };
    const novelties = documentNovelties(
      [convocation, supplement],
      [
        { id: 'note', versions: [{ id: 'note-v2' }, { id: 'note-v1' }] },
        { id: 'rapport', versions: [{ id: 'rapport-v1' }] },
        { id: 'plan', versions: [{ id: 'plan-v1' }] },
      ],
    );
    expect(Object.fromEntries(novelties)).toEqual({ note: 'REPLACED', plan: 'ADDED' });
  });

  it('marks nothing before the convocation, nor a document without a version', () => {
    expect(documentNovelties([], [{ id: 'note', versions: [{ id: 'note-v1' }] }]).size).toBe(0);
    expect(documentNovelties([convocation], [{ id: 'empty', versions: [] }]).size).toBe(0);
  });
});

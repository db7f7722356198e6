import { describe, expect, it } from 'vitest';
import { availableMoves, dropMove, keyboardMove, type AgendaNode } from '../../../src/secretariat/agenda/agenda-moves.ts';

// 1. A   2. B (2.1 B1, 2.2 B2)   3. C
const agenda: AgendaNode[] = [
  { id: 'A', position: 1, children: [] },
  {
    id: 'B',
    position: 2,
    children: [
      { id: 'B1', position: 1 },
      { id: 'B2', position: 2 },
    ],
  },
  { id: 'C', position: 3, children: [] },
];

describe('keyboard moves of the agenda builder', () => {
  it('moves an item up or down among its siblings, not past the ends', () => {
    expect(keyboardMove(agenda, 'C', 'up')).toEqual({ parentId: null, position: 2 });
    expect(keyboardMove(agenda, 'A', 'down')).toEqual({ parentId: null, position: 2 });
    expect(keyboardMove(agenda, 'B2', 'up')).toEqual({ parentId: 'B', position: 1 });
    expect(keyboardMove(agenda, 'A', 'up')).toBeNull();
    expect(keyboardMove(agenda, 'C', 'down')).toBeNull();
    expect(keyboardMove(agenda, 'B2', 'down')).toBeNull();
  });

  it('indents a top-level item under the one above it, unless it has sub-items or is first', () => {
    expect(keyboardMove(agenda, 'C', 'indent')).toEqual({ parentId: 'B' });
    expect(keyboardMove(agenda, 'A', 'indent')).toBeNull();
    expect(keyboardMove(agenda, 'B', 'indent')).toBeNull();
    expect(keyboardMove(agenda, 'B1', 'indent')).toBeNull();
  });

  it('outdents a sub-item to the top level, right after its parent', () => {
    expect(keyboardMove(agenda, 'B1', 'outdent')).toEqual({ parentId: null, position: 3 });
    expect(keyboardMove(agenda, 'A', 'outdent')).toBeNull();
  });

  it('offers only the moves that make sense', () => {
    expect([...availableMoves(agenda, 'A')]).toEqual(['down']);
    expect([...availableMoves(agenda, 'B1')]).toEqual(['down', 'outdent']);
    expect(keyboardMove(agenda, 'unknown', 'up')).toBeNull();
  });
});

describe('drag and drop on the agenda builder', () => {
  it('takes the place of the item dropped on', () => {
    expect(dropMove(agenda, 'C', 'A')).toEqual({ parentId: null, position: 1 });
    expect(dropMove(agenda, 'A', 'C')).toEqual({ parentId: null, position: 3 });
    expect(dropMove(agenda, 'B2', 'B1')).toEqual({ parentId: 'B', position: 1 });
  });

  it('moves a sub-item to the top level, or an item under another parent', () => {
    expect(dropMove(agenda, 'B1', 'C')).toEqual({ parentId: null, position: 3 });
    expect(dropMove(agenda, 'C', 'B2')).toEqual({ parentId: 'B', position: 2 });
  });

  it('refuses drops that cannot be: on itself, into its own sub-items, an item with sub-items under another', () => {
    expect(dropMove(agenda, 'A', 'A')).toBeNull();
    expect(dropMove(agenda, 'B', 'B1')).toBeNull();
    expect(dropMove(agenda, 'A', 'nowhere')).toBeNull();
    const withChildren: AgendaNode[] = [...agenda, { id: 'D', position: 4, children: [{ id: 'D1', position: 1 }] }];
    expect(dropMove(withChildren, 'D', 'B1')).toBeNull();
  });
});

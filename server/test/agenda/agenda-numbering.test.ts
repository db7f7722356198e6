import { describe, expect, it } from 'vitest';
import { numberAgenda } from '../../src/body/agenda/agenda-numbering.js';

describe('agenda numbering', () => {
  it('numbers items 1, 2, 3 and sub-items 2.1, 2.2 from their positions', () => {
    const tree = numberAgenda([
      { id: 'c', parentId: null, position: 3 },
      { id: 'b2', parentId: 'b', position: 2 },
      { id: 'a', parentId: null, position: 1 },
      { id: 'b', parentId: null, position: 2 },
      { id: 'b1', parentId: 'b', position: 1 },
    ]);
    expect(tree.map((item) => [item.id, item.number, item.children.map((child) => child.number)])).toEqual([
      ['a', '1', []],
      ['b', '2', ['2.1', '2.2']],
      ['c', '3', []],
    ]);
  });
});

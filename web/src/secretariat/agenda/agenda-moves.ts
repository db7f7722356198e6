/**
 * Where an agenda item goes when it is moved with the keyboard buttons or dropped on another item, as
 * the `place` of `moveAgendaItem` (parent, 1-based position among its siblings). The server numbers the
 * result; these functions only say where the item goes, or null when the move makes no sense.
 */

export interface AgendaNode {
  id: string;
  position: number;
  children?: readonly AgendaNode[];
}

export interface AgendaPlace {
  parentId: string | null;
  position?: number;
}

export type KeyboardMove = 'up' | 'down' | 'indent' | 'outdent';

interface Located {
  item: AgendaNode;
  parent: AgendaNode | null;
  siblings: readonly AgendaNode[];
  index: number;
}

export function locate(agenda: readonly AgendaNode[], itemId: string): Located | null {
  for (const [index, item] of agenda.entries()) {
    if (item.id === itemId) return { item, parent: null, siblings: agenda, index };
    const children = item.children ?? [];
    const childIndex = children.findIndex((child) => child.id === itemId);
    if (childIndex >= 0) return { item: children[childIndex]!, parent: item, siblings: children, index: childIndex };
  }
  return null;
}

/**
 * up / down: one place among its siblings; indent: last sub-item of the item above (a top-level item
 * without sub-items of its own); outdent: a sub-item becomes the top-level item right after its parent.
 */
export function keyboardMove(agenda: readonly AgendaNode[], itemId: string, move: KeyboardMove): AgendaPlace | null {
  const found = locate(agenda, itemId);
  if (!found) return null;
  const { item, parent, siblings, index } = found;
  const parentId = parent?.id ?? null;
  switch (move) {
    case 'up':
      return index > 0 ? { parentId, position: item.position - 1 } : null;
    case 'down':
      return index < siblings.length - 1 ? { parentId, position: item.position + 1 } : null;
    case 'indent': {
      const above = siblings[index - 1];
      return parent === null && above && (item.children ?? []).length === 0 ? { parentId: above.id } : null;
    }
    case 'outdent':
      return parent ? { parentId: null, position: parent.position + 1 } : null;
  }
}

/** The moves that make sense for an item (the buttons offered). */
export function availableMoves(agenda: readonly AgendaNode[], itemId: string): Set<KeyboardMove> {
  return new Set((['up', 'down', 'indent', 'outdent'] as const).filter((move) => keyboardMove(agenda, itemId, move) !== null));
}

/**
 * Dropped on `targetId`: takes the target's place among the target's siblings (the target and those
 * after it move down one). An item with sub-items stays at the top level.
 */
export function dropMove(agenda: readonly AgendaNode[], itemId: string, targetId: string): AgendaPlace | null {
  if (itemId === targetId) return null;
  const dragged = locate(agenda, itemId);
  const target = locate(agenda, targetId);
  if (!dragged || !target) return null;
  const parentId = target.parent?.id ?? null;
  if (parentId === itemId) return null;
  if (parentId !== null && (dragged.item.children ?? []).length > 0) return null;
  return { parentId, position: target.item.position };
}

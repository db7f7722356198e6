/** The shape numbering needs; positions are consecutive from 1 among siblings. */
export interface NumberedNode {
  id: string;
  parentId?: string | null;
  position: number;
}

export type AgendaTreeNode<Item extends NumberedNode> = Item & { number: string; children: AgendaTreeNode<Item>[] };

/** Builds the agenda tree with its numbers: 1, 2, 3 … and sub-items 2.1, 2.2. */
export function numberAgenda<Item extends NumberedNode>(items: readonly Item[]): AgendaTreeNode<Item>[] {
  const byPosition = (left: Item, right: Item) => left.position - right.position;
  return items
    .filter((item) => (item.parentId ?? null) === null)
    .sort(byPosition)
    .map((item) => ({
      ...item,
      number: String(item.position),
      children: items
        .filter((child) => child.parentId === item.id)
        .sort(byPosition)
        .map((child) => ({ ...child, number: `${item.position}.${child.position}`, children: [] })),
    }));
}

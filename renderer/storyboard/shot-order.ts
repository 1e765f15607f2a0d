/** A card's box on the page, in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Whether a card comes before the pointer in reading order (rows top to bottom, left to right
 * in a row): its row is above the pointer, or it is in the pointer's row and its middle is to
 * the left.
 */
function before(box: Box, x: number, y: number): boolean {
  if (y >= box.top + box.height) return true;
  if (y < box.top) return false;
  return x > box.left + box.width / 2;
}

/**
 * Where a dragged card lands: its index in the order once it is taken out, given the pointer
 * and the boxes of the other cards (in order). Cards wrap into rows, as the storyboard grid does.
 *
 * @example
 * // Three cards in a row, 100 px wide; the dragged one is out: the pointer past the second's middle.
 * dropIndex({ x: 160, y: 10 }, [box(0, 0), box(100, 0)]) // 2
 */
export function dropIndex(pointer: { x: number; y: number }, others: readonly Box[]): number {
  let index = 0;
  for (const box of others) if (before(box, pointer.x, pointer.y)) index++;
  return index;
}

/**
 * The index a shot moves to by one step (Alt+← is -1, Alt+→ is +1), or null at either end.
 *
 * @example
 * steppedIndex(['a', 'b', 'c'], 'a', 1) // 1
 * steppedIndex(['a', 'b', 'c'], 'a', -1) // null
 */
export function steppedIndex<T>(order: readonly T[], item: T, step: -1 | 1): number | null {
  const from = order.indexOf(item);
  if (from < 0) return null;
  const to = from + step;
  return to < 0 || to >= order.length ? null : to;
}

/**
 * Where a new or copied shot goes: right after `after` when it is in the order, else at the end.
 */
export function insertionIndex<T>(order: readonly T[], after: T | null): number {
  const at = after === null ? -1 : order.indexOf(after);
  return at < 0 ? order.length : at + 1;
}

// Where a dragged card lands in the wrapping grid, and where Alt+←/→ and "Add" put a shot.
import { describe, expect, it } from 'vitest';
import {
  dropIndex,
  insertionIndex,
  steppedIndex,
  type Box,
} from '../../../../renderer/storyboard/shot-order';

/** Cards 100 × 200 with 10 px gaps, `columns` to a row, in order. */
const grid = (count: number, columns: number): Box[] =>
  Array.from({ length: count }, (_, i) => ({
    left: (i % columns) * 110,
    top: Math.floor(i / columns) * 210,
    width: 100,
    height: 200,
  }));

describe('dropIndex', () => {
  it('counts the cards before the pointer in a row, by their middles', () => {
    const others = grid(2, 5);
    expect(dropIndex({ x: 10, y: 50 }, others)).toBe(0);
    expect(dropIndex({ x: 60, y: 50 }, others)).toBe(1);
    expect(dropIndex({ x: 170, y: 50 }, others)).toBe(2);
    expect(dropIndex({ x: 900, y: 50 }, others)).toBe(2);
  });

  it('reads rows top to bottom: a card in a row above comes before, one in a row below after', () => {
    const others = grid(5, 3); // rows: 0 1 2 / 3 4
    expect(dropIndex({ x: 10, y: 300 }, others)).toBe(3);
    expect(dropIndex({ x: 170, y: 300 }, others)).toBe(5);
    expect(dropIndex({ x: 300, y: 100 }, others)).toBe(3);
    // In the gap between the rows: after the first row, before the second.
    expect(dropIndex({ x: 50, y: 205 }, others)).toBe(3);
  });

  it('is 0 with no other card', () => {
    expect(dropIndex({ x: 500, y: 500 }, [])).toBe(0);
  });
});

describe('steppedIndex', () => {
  it('moves one place either way and stops at the ends', () => {
    const order = ['a', 'b', 'c'];
    expect(steppedIndex(order, 'b', -1)).toBe(0);
    expect(steppedIndex(order, 'b', 1)).toBe(2);
    expect(steppedIndex(order, 'a', -1)).toBeNull();
    expect(steppedIndex(order, 'c', 1)).toBeNull();
    expect(steppedIndex(order, 'x', 1)).toBeNull();
  });
});

describe('insertionIndex', () => {
  it('goes right after the selected shot, else at the end', () => {
    expect(insertionIndex(['a', 'b', 'c'], 'a')).toBe(1);
    expect(insertionIndex(['a', 'b', 'c'], 'c')).toBe(3);
    expect(insertionIndex(['a', 'b', 'c'], null)).toBe(3);
    expect(insertionIndex(['a', 'b', 'c'], 'gone')).toBe(3);
  });
});

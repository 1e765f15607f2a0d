import type { Draft } from 'immer';
import type { z } from 'zod';
import type { Document } from '../document';

/**
 * Thrown by `apply` when a command makes no sense for this document (a missing layer, a
 * locked one): the dispatcher leaves everything untouched and says why.
 */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

export function require_<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new NotApplicable(`${what} does not exist`);
  return value;
}

/**
 * A command (STYLE.md 3): a type, a label for the History panel, an argument schema, the ids
 * it touches (for the edit log), and `apply`, which changes an Immer draft of the document.
 */
export interface CommandDef<A extends z.ZodType = z.ZodType> {
  label: string;
  args: A;
  targets(args: z.output<A>): string[];
  apply(draft: Draft<Document>, args: z.output<A>): void;
}

export function defineCommand<A extends z.ZodType>(def: CommandDef<A>): CommandDef<A> {
  return def;
}

/** Moves `item` to `index` (clamped) in an array that contains it once. */
export function moveInArray<T>(array: T[], item: T, index: number): void {
  const from = array.indexOf(item);
  if (from < 0) throw new NotApplicable('item is not in its list');
  array.splice(from, 1);
  array.splice(Math.max(0, Math.min(index, array.length)), 0, item);
}

export function insertAt<T>(array: T[], item: T, index: number | undefined): void {
  array.splice(index === undefined ? array.length : Math.max(0, Math.min(index, array.length)), 0, item);
}

export function removeFrom<T>(array: T[], item: T): void {
  const at = array.indexOf(item);
  if (at >= 0) array.splice(at, 1);
}

import { ID_PATTERN } from './ids';

/** JSON values, as they appear in the edit log's `args`. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const ENUM_LIKE = /^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/;
const COLOR = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;
const MAX_DEPTH = 5;
const MAX_ITEMS = 50;

/**
 * Arguments as the research log may keep them: ids, numbers, booleans, colours and enum-like
 * words. Free text (names, captions, prompts) becomes `{"text": <length>}`, never the words; bytes
 * become their length; anything that looks like a path is dropped. Deep or long structures are cut.
 *
 * @example
 * sanitizeArgs({ layerId: 'layer:abc', patch: { name: 'My secret', opacity: 0.5 } })
 * // → { layerId: 'layer:abc', patch: { name: { text: 9 }, opacity: 0.5 } }
 */
export function sanitizeArgs(value: unknown, depth = 0): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (ID_PATTERN.test(value) || COLOR.test(value) || (value.length <= 40 && ENUM_LIKE.test(value)))
      return value;
    return { text: value.length };
  }
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  if (depth >= MAX_DEPTH) return { cut: true };
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => sanitizeArgs(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, { more: value.length - MAX_ITEMS }] : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS)) {
      out[key] = sanitizeArgs(item, depth + 1);
    }
    return out;
  }
  return null;
}

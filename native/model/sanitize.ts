import {
  BlendModeSchema,
  LayerSchema,
  PaintSchema,
  ProvenanceSchema,
  ReframeModeSchema,
  ShapeLayerSchema,
  TextLayerSchema,
  TrackKindSchema,
} from './document';
import { commandTypes } from './commands/index';
import { PLACEMENT_IDS } from './placements';
import { labelOf } from './apply';
import { GESTURE_LABELS } from './gestures';
import { StudioErrorDataSchema } from '../api/schemas';
import { MODEL_FAMILIES } from '../api/models';
import { LOGGABLE_TEXT, type LoggableText } from './feedback-events';

/** JSON values, as they appear in the edit log's `args`. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const ID_PREFIXES = ['project', 'asset', 'canvas', 'layer', 'shot', 'track', 'clip', 'job', 'session'];
const ID = new RegExp(`^(${ID_PREFIXES.join('|')}):[A-Za-z0-9_-]{1,64}$`);
const COLOR = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;
/** A SHA-256 (a model's or an asset's): it names bytes, not a person. */
const SHA256 = /^[0-9a-f]{64}$/;
/** Field names as our schemas write them; a key that is not one is replaced by its position. */
const KEY = /^[a-z][a-zA-Z0-9_]{0,40}$/;
const MAX_DEPTH = 5;
const MAX_ITEMS = 50;

/**
 * Words the log may keep: the values of the document's enums, command types and labels, gesture
 * labels, tool names, engines. Anything else a person typed is free text.
 */
export const SAFE_WORDS: ReadonlySet<string> = new Set([
  ...BlendModeSchema.options,
  ...TrackKindSchema.options,
  ...LayerSchema.options.map((o) => o.shape.type.value),
  ...PaintSchema.options.map((o) => o.shape.kind.value),
  ...ProvenanceSchema.options.map((o) => o.shape.type.value),
  ...ShapeLayerSchema.shape.shape.options,
  ...TextLayerSchema.shape.align.options,
  'image',
  'audio',
  'video',
  'cut',
  'crossfade',
  'dip-to-black',
  'slide',
  'linear',
  'ease-in',
  'ease-out',
  'ease-in-out',
  ...ReframeModeSchema.options,
  ...PLACEMENT_IDS,
  // Export formats.
  'png',
  'jpeg',
  'webp',
  'mp4',
  'webm',
  'stills',
  'move',
  'hand',
  'zoom',
  'select-rect',
  'lasso',
  'brush',
  'eraser',
  'text',
  'shape',
  'new',
  'file',
  'recovery',
  'builtin',
  'composer',
  'model',
  ...MODEL_FAMILIES,
  'telea',
  'patchmatch',
  'auto',
  // What a prompted generation makes.
  'fill',
  'frame',
  // Execution providers, and how a fill or a variant ended.
  'cpu',
  'cuda',
  'dml',
  'coreml',
  'webgpu',
  'failed',
  'cancelled',
  'discarded',
  'regenerated',
  'superseded',
  'abandoned',
  // Research mode: how a condition shows results, the kinds of questionnaire items.
  'staging',
  'inline',
  'likert',
  // Error codes.
  ...StudioErrorDataSchema.shape.code.options,
  ...commandTypes,
  ...commandTypes.map((t) => labelOf(t)),
  ...GESTURE_LABELS,
]);

/** A name for the log's `name` column: a safe word, or null. */
export function safeName(name: string | null | undefined): string | null {
  return name && SAFE_WORDS.has(name) ? name : null;
}

/** Ids only; anything else in a target list is dropped. */
export function safeIds(ids: readonly string[]): string[] {
  return ids.filter((id) => ID.test(id));
}

/**
 * Arguments as the research log may keep them: ids, numbers, booleans, colours and the studio's
 * own words. Free text (names, captions, prompts, file names) becomes `{"text": <length>}`,
 * bytes become their length, unknown keys become their position. Deep or long structures are cut.
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
    if (ID.test(value) || COLOR.test(value) || SHA256.test(value) || SAFE_WORDS.has(value)) return value;
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
    Object.entries(value as Record<string, unknown>)
      .slice(0, MAX_ITEMS)
      .forEach(([key, item], index) => {
        out[KEY.test(key) ? key : `key${index}`] = sanitizeArgs(item, depth + 1);
      });
    return out;
  }
  return null;
}

/** The longest free text the log keeps as typed. */
const MAX_LOGGED_TEXT = 2000;

/**
 * The free text an event may keep as typed (prompts, when the project allows it): only the
 * fields of LOGGABLE_TEXT, strings only, cut at 2000 characters. Everything else is dropped — it
 * never reaches the log unsanitized.
 *
 * @example
 * consentedText({ prompt: 'a red chair', caption: 'x' }) // → { prompt: 'a red chair' }
 */
export function consentedText(
  text: Partial<Record<LoggableText, unknown>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text || typeof text !== 'object') return out;
  for (const key of LOGGABLE_TEXT) {
    const value = text[key];
    if (typeof value === 'string') out[key] = value.slice(0, MAX_LOGGED_TEXT);
  }
  return out;
}

/**
 * CLIP tokenisation for the text encoder, offline, with `@huggingface/transformers`' CLIPTokenizer.
 *
 * Diffusers exports ship `tokenizer/vocab.json` + `merges.txt` (+ tokenizer_config.json,
 * special_tokens_map.json) and often no `tokenizer.json`, which is what transformers.js reads. So
 * the tokenizer.json is built in memory from the vocabulary and merges, the way transformers'
 * CLIPConverter does: NFC, whitespace runs → one space, lower case; split into CLIP's word pattern;
 * byte-level alphabet; BPE with the `</w>` end-of-word suffix, unknown → `<|endoftext|>`. When the
 * folder has a tokenizer.json it is used as it is.
 *
 * The ids are laid out here, not by the tokenizer's padding: `[BOS, …tokens, EOS, PAD…]`, exactly
 * 77 long, the prompt truncated to 75 tokens so BOS and EOS always survive (as transformers'
 * `truncation=True, padding="max_length"` does). PAD is the tokenizer's pad token: `<|endoftext|>`
 * for SD 1.5, `!` (id 0) for SD 2.x and SD-Turbo, read from tokenizer_config.json or
 * special_tokens_map.json.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as Transformers from '@huggingface/transformers';
import { StudioError } from '../../api/errors';

/** The text encoder's sequence length. */
export const CLIP_LENGTH = 77;

export const CLIP_BOS = '<|startoftext|>';
export const CLIP_EOS = '<|endoftext|>';

/** CLIP's word pattern (transformers' CLIPConverter), applied after normalisation. */
const CLIP_SPLIT = "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

/**
 * A loaded CLIP tokenizer.
 *
 * @example
 * const tokenizer = await loadClipTokenizer('/models/sd15/tokenizer');
 * tokenizer.encode('a red cat'); // Int32Array(77) [49406, 320, 736, 2368, 49407, 49407, …]
 */
export interface ClipTokenizer {
  /** Exactly {@link CLIP_LENGTH} ids: BOS, the prompt's tokens (at most 75), EOS, then PAD. */
  encode(text: string): Int32Array;
  bosId: number;
  eosId: number;
  padId: number;
}

/** Reads a JSON file of the tokenizer folder; null when it is absent. */
function readJson(dir: string, name: string): Record<string, unknown> | null {
  const path = join(dir, name);
  try {
    if (!statSync(path).isFile()) return null;
  } catch {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StudioError(
      'invalid_argument',
      `tokenizer/${name} in ${dir} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StudioError('invalid_argument', `tokenizer/${name} in ${dir} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** A special token as the configs write it: a string, or `{ content: … }`. */
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return undefined;
}

/**
 * tokenizer.json for CLIP from vocab.json and the lines of merges.txt (its `#version` header
 * skipped), with BOS and EOS as special added tokens.
 */
export function clipTokenizerJson(
  vocab: Record<string, number>,
  mergesText: string,
): Record<string, unknown> {
  const merges = mergesText
    .split(/\r?\n/)
    .filter((line, index) => line.trim() !== '' && !(index === 0 && line.startsWith('#version')));
  const special = (content: string) => {
    const id = vocab[content];
    if (id === undefined) {
      throw new StudioError('invalid_argument', `tokenizer/vocab.json has no "${content}" token`);
    }
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true };
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(CLIP_BOS), special(CLIP_EOS)],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: CLIP_SPLIT }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: CLIP_EOS,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

/**
 * Loads the CLIP tokenizer of a diffusion folder's `tokenizer/` (see the file header). Nothing is
 * fetched: the files are read here and handed to transformers.js' CLIPTokenizer.
 *
 * @throws StudioError `not_found` naming a missing file, `invalid_argument` for unreadable ones.
 */
export async function loadClipTokenizer(dir: string): Promise<ClipTokenizer> {
  const config = readJson(dir, 'tokenizer_config.json') ?? {};
  const specialMap = readJson(dir, 'special_tokens_map.json') ?? {};
  let json = readJson(dir, 'tokenizer.json');
  if (json === null) {
    const vocab = readJson(dir, 'vocab.json');
    let merges: string | null;
    try {
      merges = readFileSync(join(dir, 'merges.txt'), 'utf8');
    } catch {
      merges = null;
    }
    const missing = [vocab === null ? 'vocab.json' : null, merges === null ? 'merges.txt' : null].filter(
      (name): name is string => name !== null,
    );
    if (missing.length > 0) {
      throw new StudioError(
        'not_found',
        `the tokenizer folder ${dir} has no tokenizer.json and is missing ${missing.join(' and ')}`,
      );
    }
    json = clipTokenizerJson(vocab as Record<string, number>, merges!);
  }
  const padToken = tokenText(config.pad_token) ?? tokenText(specialMap.pad_token) ?? CLIP_EOS;
  const tf = await transformers();
  let tokenizer: Transformers.PreTrainedTokenizer;
  try {
    tokenizer = new tf.CLIPTokenizer(json, {
      ...config,
      bos_token: CLIP_BOS,
      eos_token: CLIP_EOS,
      unk_token: CLIP_EOS,
      pad_token: padToken,
      model_max_length: CLIP_LENGTH,
    });
  } catch (error) {
    throw new StudioError(
      'invalid_argument',
      `the tokenizer in ${dir} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const vocab = tokenizer.get_vocab();
  const idOf = (token: string, what: string): number => {
    const found = vocab.get(token);
    if (found === undefined) {
      throw new StudioError('invalid_argument', `the tokenizer in ${dir} has no ${what} token "${token}"`);
    }
    return found;
  };
  const bosId = idOf(CLIP_BOS, 'start');
  const eosId = idOf(CLIP_EOS, 'end');
  const padId = idOf(padToken, 'padding');
  return {
    bosId,
    eosId,
    padId,
    encode(text: string): Int32Array {
      const ids = tokenizer.encode(text, { add_special_tokens: false });
      const out = new Int32Array(CLIP_LENGTH).fill(padId);
      out[0] = bosId;
      const kept = Math.min(ids.length, CLIP_LENGTH - 2);
      for (let i = 0; i < kept; i++) out[1 + i] = ids[i]!;
      out[1 + kept] = eosId;
      return out;
    },
  };
}

/** transformers.js, imported on first use and kept offline (as native/music/musicgen.ts does). */
async function transformers(): Promise<typeof Transformers> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.useFSCache = false;
  tf.env.useBrowserCache = false;
  return tf;
}

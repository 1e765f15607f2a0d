/**
 * A stand-in MusicGen folder in the layout transformers.js loads (`Xenova/musicgen-small`):
 * config.json, generation_config.json, a tiny word-level tokenizer and three ONNX graphs with the
 * real input and output names. The graphs compute nothing musical:
 *
 * - `text_encoder`: input_ids, attention_mask → last_hidden_state [batch, tokens, 8];
 * - `decoder_model_merged`: input_ids [batch × codebooks, steps], encoder_hidden_states,
 *   encoder_attention_mask → logits [batch × codebooks, steps, 2048], a fixed non-uniform
 *   distribution, so sampling depends on the seed only. Unlike the real export it has no
 *   past-key-value inputs and no `If` node: transformers.js then feeds it one token per step with
 *   an empty cache, which is all the stand-in needs;
 * - `encodec_decode`: audio_codes [1, batch, codebooks, frames] → audio_values
 *   [batch, 1, frames × 640], each frame held for 640 samples at (first codebook's code + 1) / 2049,
 *   so every generated frame is non-zero and padding would show.
 *
 * So a test sees the real loading path (local folder, dtype suffixes, tokenizer), classifier-free
 * guidance doubling the batch, the delay pattern and the EnCodec frame count, with no weights.
 *
 * @example
 * const dir = tempDir();
 * writeMusicgenStandIn(dir.path, { dtypes: ['q8'] });
 * const piece = await generateMusicgen({ dir: dir.path, prompt: 'calm piano', seconds: 0.2, seed: 1 });
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildModel } from './onnx-standins';

/** File-name suffixes per dtype, written out by hand from transformers.js' utils/dtypes.js. */
const SUFFIX: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

export const STANDIN_VOCAB = 2048;
export const STANDIN_CODEBOOKS = 4;
export const STANDIN_HOP = 640;
const HIDDEN = 8;

/** facebook/musicgen-small's config.json, cut down to what transformers.js reads. */
export function musicgenConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    architectures: ['MusicgenForConditionalGeneration'],
    model_type: 'musicgen',
    is_encoder_decoder: true,
    audio_encoder: {
      model_type: 'encodec',
      audio_channels: 1,
      sampling_rate: 32000,
      upsampling_ratios: [8, 5, 4, 4],
      codebook_size: STANDIN_VOCAB,
    },
    decoder: {
      model_type: 'musicgen_decoder',
      num_codebooks: STANDIN_CODEBOOKS,
      pad_token_id: STANDIN_VOCAB,
      bos_token_id: STANDIN_VOCAB,
      vocab_size: STANDIN_VOCAB,
      hidden_size: HIDDEN,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      max_position_embeddings: 2048,
    },
    text_encoder: { model_type: 't5', d_model: HIDDEN, num_heads: 1, num_layers: 1, vocab_size: 16 },
    ...overrides,
  };
}

/** musicgen-small's generation_config.json. */
export const MUSICGEN_GENERATION_CONFIG = {
  bos_token_id: STANDIN_VOCAB,
  decoder_start_token_id: STANDIN_VOCAB,
  pad_token_id: STANDIN_VOCAB,
  do_sample: true,
  guidance_scale: 3.0,
  max_length: 1500,
  top_k: 250,
};

/** A word-level tokenizer with T5's special tokens; unknown words map to `<unk>`. */
export function tokenizerFiles(): { 'tokenizer.json': unknown; 'tokenizer_config.json': unknown } {
  const vocab: Record<string, number> = { '<pad>': 0, '</s>': 1, '<unk>': 2 };
  for (const word of ['calm', 'piano', 'upbeat', 'drums', 'with', 'strings', 'lo-fi', 'beat']) {
    vocab[word] = Object.keys(vocab).length;
  }
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const eos = { SpecialToken: { id: '</s>', type_id: 0 } };
  return {
    'tokenizer.json': {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [special(0, '<pad>'), special(1, '</s>'), special(2, '<unk>')],
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, eos],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, eos, { Sequence: { id: 'B', type_id: 0 } }, eos],
        special_tokens: { '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] } },
      },
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: '<unk>' },
    },
    'tokenizer_config.json': {
      tokenizer_class: 'T5Tokenizer',
      eos_token: '</s>',
      pad_token: '<pad>',
      unk_token: '<unk>',
      model_max_length: 512,
    },
  };
}

const int64 = (name: string, values: number[]) => ({
  name,
  type: 'int64' as const,
  values,
  dims: [values.length],
});
const FLOAT = 1; // onnx.TensorProto.DataType.FLOAT

export function textEncoderStandIn(): Uint8Array {
  return buildModel({
    name: 'musicgen-text-encoder-stand-in',
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch_size', 'encoder_sequence_length'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'encoder_sequence_length'] },
    ],
    outputs: [
      {
        name: 'last_hidden_state',
        type: 'float32',
        shape: ['batch_size', 'encoder_sequence_length', HIDDEN],
      },
    ],
    constants: [
      int64('axis2', [2]),
      {
        name: 'w',
        type: 'float32',
        values: Array.from({ length: HIDDEN }, (_, i) => 0.01 * (i + 1)),
        dims: [HIDDEN],
      },
    ],
    nodes: [
      { op: 'Mul', inputs: ['input_ids', 'attention_mask'], outputs: ['ids'] },
      { op: 'Cast', inputs: ['ids'], outputs: ['f'], attributes: [{ name: 'to', i: FLOAT }] },
      { op: 'Unsqueeze', inputs: ['f', 'axis2'], outputs: ['f3'] },
      { op: 'Mul', inputs: ['f3', 'w'], outputs: ['last_hidden_state'] },
    ],
  });
}

export function decoderStandIn(): Uint8Array {
  // A fixed, broad distribution over the codebook: sampling is the only source of variety.
  const bias = Array.from({ length: STANDIN_VOCAB }, (_, i) => Math.sin(i * 0.37) * 2);
  return buildModel({
    name: 'musicgen-decoder-stand-in',
    inputs: [
      { name: 'encoder_attention_mask', type: 'int64', shape: ['batch_size', 'encoder_sequence_length'] },
      { name: 'input_ids', type: 'int64', shape: ['batch_x_codebooks', 'decoder_sequence_length'] },
      {
        name: 'encoder_hidden_states',
        type: 'float32',
        shape: ['batch_size', 'encoder_sequence_length', HIDDEN],
      },
    ],
    outputs: [
      {
        name: 'logits',
        type: 'float32',
        shape: ['batch_x_codebooks', 'decoder_sequence_length', STANDIN_VOCAB],
      },
    ],
    constants: [
      int64('axis2', [2]),
      { name: 'zero', type: 'float32', values: [0], dims: [] },
      { name: 'bias', type: 'float32', values: bias, dims: [STANDIN_VOCAB] },
    ],
    nodes: [
      { op: 'Cast', inputs: ['input_ids'], outputs: ['ids'], attributes: [{ name: 'to', i: FLOAT }] },
      { op: 'Unsqueeze', inputs: ['ids', 'axis2'], outputs: ['ids3'] },
      { op: 'Mul', inputs: ['ids3', 'zero'], outputs: ['z3'] },
      // The encoder's outputs and mask reach the logits too (times zero), as in the real model.
      {
        op: 'ReduceMean',
        inputs: ['encoder_hidden_states'],
        outputs: ['h'],
        attributes: [{ name: 'keepdims', i: 0 }],
      },
      {
        op: 'Cast',
        inputs: ['encoder_attention_mask'],
        outputs: ['m'],
        attributes: [{ name: 'to', i: FLOAT }],
      },
      { op: 'ReduceMean', inputs: ['m'], outputs: ['mm'], attributes: [{ name: 'keepdims', i: 0 }] },
      { op: 'Add', inputs: ['h', 'mm'], outputs: ['hm'] },
      { op: 'Mul', inputs: ['hm', 'zero'], outputs: ['hz'] },
      { op: 'Add', inputs: ['z3', 'hz'], outputs: ['z'] },
      { op: 'Add', inputs: ['z', 'bias'], outputs: ['logits'] },
    ],
  });
}

export function encodecStandIn(): Uint8Array {
  return buildModel({
    name: 'musicgen-encodec-stand-in',
    inputs: [
      { name: 'audio_codes', type: 'int64', shape: [1, 'batch_size', STANDIN_CODEBOOKS, 'chunk_length'] },
    ],
    outputs: [{ name: 'audio_values', type: 'float32', shape: ['batch_size', 1, 'audio_length'] }],
    constants: [
      int64('zero_i', [0]),
      int64('one_i', [1]),
      int64('axis2', [2]),
      int64('frames_shape', [1, 1, -1, 1]),
      int64('hold', [1, 1, 1, STANDIN_HOP]),
      int64('out_shape', [1, 1, -1]),
      { name: 'one', type: 'float32', values: [1], dims: [] },
      { name: 'scale', type: 'float32', values: [1 / (STANDIN_VOCAB + 1)], dims: [] },
    ],
    nodes: [
      {
        op: 'Cast',
        inputs: ['audio_codes'],
        outputs: ['codes'],
        attributes: [{ name: 'to', i: FLOAT }],
      },
      { op: 'Slice', inputs: ['codes', 'zero_i', 'one_i', 'axis2'], outputs: ['first'] },
      { op: 'Reshape', inputs: ['first', 'frames_shape'], outputs: ['column'] },
      { op: 'Expand', inputs: ['column', 'hold'], outputs: ['held'] },
      { op: 'Reshape', inputs: ['held', 'out_shape'], outputs: ['flat'] },
      { op: 'Add', inputs: ['flat', 'one'], outputs: ['shifted'] },
      { op: 'Mul', inputs: ['shifted', 'scale'], outputs: ['audio_values'] },
    ],
  });
}

export interface StandInOptions {
  /** Which dtype variants of all three graphs to write (default q8 only). */
  dtypes?: string[];
  /** Relative paths to leave out, e.g. `onnx/encodec_decode_quantized.onnx`. */
  omit?: string[];
  /** Replaces config.json's text (for bad-JSON tests) or, as an object, its content. */
  config?: string | Record<string, unknown>;
}

/** Writes a complete (less `omit`) stand-in folder; returns the relative paths written. */
export function writeMusicgenStandIn(dir: string, options: StandInOptions = {}): string[] {
  const files: Record<string, string | Uint8Array> = {};
  const config = options.config ?? musicgenConfig();
  files['config.json'] = typeof config === 'string' ? config : JSON.stringify(config);
  files['generation_config.json'] = JSON.stringify(MUSICGEN_GENERATION_CONFIG);
  for (const [name, content] of Object.entries(tokenizerFiles())) files[name] = JSON.stringify(content);
  const graphs = {
    text_encoder: textEncoderStandIn(),
    decoder_model_merged: decoderStandIn(),
    encodec_decode: encodecStandIn(),
  };
  for (const dtype of options.dtypes ?? ['q8']) {
    const suffix = SUFFIX[dtype];
    if (suffix === undefined) throw new Error(`no suffix for dtype ${dtype}`);
    for (const [name, bytes] of Object.entries(graphs)) files[`onnx/${name}${suffix}.onnx`] = bytes;
  }
  const omit = new Set(options.omit ?? []);
  const written: string[] = [];
  for (const [rel, content] of Object.entries(files)) {
    if (omit.has(rel)) continue;
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(rel);
  }
  return written;
}

/** Writes empty placeholder files at the given relative paths (the folder check reads no ONNX). */
export function writePlaceholders(dir: string, files: string[]): void {
  for (const rel of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, rel.endsWith('.json') ? '{}' : 'onnx');
  }
}

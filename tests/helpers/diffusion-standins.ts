/**
 * A stand-in Stable Diffusion folder in the diffusers / optimum ONNX layout: `text_encoder/`,
 * `unet/`, `vae_encoder/`, `vae_decoder/` (each `model.onnx`), `tokenizer/` (a tiny CLIP vocabulary
 * and merges made here) and optionally `scheduler/scheduler_config.json`. The graphs have the real
 * exports' input and output names, element types and ranks, symbolic where the real ones are
 * dynamic, and compute something a test can check by hand (every input feeds the output):
 *
 * - `text_encoder`: input_ids [B,77] → last_hidden_state [B,77,768] = id × {@link TEXT_SCALE} on
 *   every channel, pooler_output [B,768] = its mean over the tokens. So the mean of a prompt's
 *   hidden states is TEXT_SCALE × the mean of its 77 ids.
 * - `unet`: sample [B,4|9,h,w], timestep [1] (float32, int64 or float16), encoder_hidden_states
 *   [B,77,768] → out_sample [B,4,h,w] =
 *   {@link UNET_SAMPLE_WEIGHT}·x + {@link UNET_TEXT_WEIGHT}·mean(encoder_hidden_states[b])
 *   + {@link UNET_TIME_WEIGHT}·t, and for 9 channels + {@link UNET_MASK_WEIGHT}·mask
 *   + {@link UNET_MASKED_WEIGHT}·masked_latents[c] (x = the first 4 channels, mask the 5th,
 *   masked_latents the last 4). Linear in the text states, so guidance is checked by hand.
 * - `vae_encoder`: sample [B,3,H,W] → latent_sample [B,4,H/8,W/8]: the 8×8 block means of R, G,
 *   B and their average; or latent_parameters [B,8,H/8,W/8]: those 4 channels (the mean) then 4
 *   channels of {@link LOGVAR_MARK} (the log-variance), so taking the wrong half shows.
 * - `vae_decoder`: latent_sample [B,4,h,w] → sample [B,3,8h,8w]: channel c < 3 of each latent
 *   repeated over its 8×8 block (+ 0 × the 4th channel).
 *
 * The names, types and shapes are written out by hand here, not read from native/inference/diffusion,
 * so the tests compare two independent copies.
 *
 * @example
 * const dir = tempDir();
 * writeDiffusionStandIn(dir.path, { inpaint: true, timestep: 'int64', encoderOutput: 'latent_parameters' });
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const HIDDEN = 768;
export const TEXT_SCALE = 0.001;
export const UNET_SAMPLE_WEIGHT = 0;
export const UNET_TEXT_WEIGHT = 1;
export const UNET_TIME_WEIGHT = 0.001;
export const UNET_MASK_WEIGHT = 0.5;
export const UNET_MASKED_WEIGHT = 0.25;
export const LOGVAR_MARK = 7;

type ElemType = 'float32' | 'float16' | 'int32' | 'int64';

const ELEMENT: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

interface Value {
  name: string;
  type: ElemType;
  shape: (number | string)[];
}

type Attribute = { name: string; i: number } | { name: string; ints: number[] };

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}

interface Constant {
  name: string;
  type: 'float32' | 'int64';
  values: number[];
  dims: number[];
}

function build(graph: {
  name: string;
  inputs: Value[];
  outputs: Value[];
  nodes: Node[];
  constants: Constant[];
}) {
  const valueInfo = (v: Value) => ({
    name: v.name,
    type: {
      tensorType: {
        elemType: ELEMENT[v.type],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'atelier-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: graph.name,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      initializer: graph.constants.map((c) =>
        c.type === 'float32'
          ? { name: c.name, dataType: ELEMENT.float32, dims: c.dims, floatData: c.values }
          : { name: c.name, dataType: ELEMENT.int64, dims: c.dims, int64Data: c.values },
      ),
      node: graph.nodes.map((n, index) => ({
        name: `${n.op}_${index}`,
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: (n.attributes ?? []).map((a) =>
          'ints' in a
            ? { name: a.name, type: onnx.AttributeProto.AttributeType.INTS, ints: a.ints }
            : { name: a.name, type: onnx.AttributeProto.AttributeType.INT, i: a.i },
        ),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

const f32 = (name: string, value: number): Constant => ({ name, type: 'float32', values: [value], dims: [] });
const i64 = (name: string, values: number[]): Constant => ({
  name,
  type: 'int64',
  values,
  dims: [values.length],
});
const toFloat = (from: string, to: string): Node => ({
  op: 'Cast',
  inputs: [from],
  outputs: [to],
  attributes: [{ name: 'to', i: ELEMENT.float32 }],
});
const castTo = (from: string, to: string, type: ElemType): Node => ({
  op: 'Cast',
  inputs: [from],
  outputs: [to],
  attributes: [{ name: 'to', i: ELEMENT[type] }],
});

export function textEncoderStandIn(options: { idsType?: 'int32' | 'int64' } = {}): Uint8Array {
  return build({
    name: 'sd-text-encoder-stand-in',
    inputs: [
      { name: 'input_ids', type: options.idsType ?? 'int32', shape: ['batch_size', 'sequence_length'] },
    ],
    outputs: [
      { name: 'last_hidden_state', type: 'float32', shape: ['batch_size', 'sequence_length', HIDDEN] },
      { name: 'pooler_output', type: 'float32', shape: ['batch_size', HIDDEN] },
    ],
    constants: [
      i64('axis2', [2]),
      { name: 'w', type: 'float32', values: new Array<number>(HIDDEN).fill(TEXT_SCALE), dims: [HIDDEN] },
    ],
    nodes: [
      toFloat('input_ids', 'ids'),
      { op: 'Unsqueeze', inputs: ['ids', 'axis2'], outputs: ['ids3'] },
      { op: 'Mul', inputs: ['ids3', 'w'], outputs: ['last_hidden_state'] },
      {
        op: 'ReduceMean',
        inputs: ['last_hidden_state'],
        outputs: ['pooler_output'],
        attributes: [
          { name: 'axes', ints: [1] },
          { name: 'keepdims', i: 0 },
        ],
      },
    ],
  });
}

export interface UnetOptions {
  /** 9: the inpainting UNet (latents + mask + masked-image latents); 4: text to image. */
  channels?: 4 | 9;
  timestep?: 'float32' | 'int64' | 'float16';
  /** fp16 export: sample, encoder_hidden_states and out_sample in float16 too. */
  half?: boolean;
  /** A fixed batch size (some exports fix it at 1); dynamic by default. */
  batch?: number;
}

export function unetStandIn(options: UnetOptions = {}): Uint8Array {
  const channels = options.channels ?? 9;
  const float: ElemType = options.half ? 'float16' : 'float32';
  const batch = options.batch ?? 'batch_size';
  const nodes: Node[] = [
    toFloat('sample', 's'),
    toFloat('timestep', 't'),
    toFloat('encoder_hidden_states', 'e'),
    { op: 'Slice', inputs: ['s', 'c0', 'c4', 'axis1'], outputs: ['x'] },
    { op: 'Mul', inputs: ['x', 'w_sample'], outputs: ['xw'] },
    {
      op: 'ReduceMean',
      inputs: ['e'],
      outputs: ['m3'],
      attributes: [
        { name: 'axes', ints: [1, 2] },
        { name: 'keepdims', i: 1 },
      ],
    },
    { op: 'Unsqueeze', inputs: ['m3', 'axis3'], outputs: ['m'] },
    { op: 'Mul', inputs: ['m', 'w_text'], outputs: ['mw'] },
    { op: 'Mul', inputs: ['t', 'w_time'], outputs: ['tw'] },
    { op: 'Add', inputs: ['xw', 'mw'], outputs: ['a1'] },
    { op: 'Add', inputs: ['a1', 'tw'], outputs: channels === 9 ? ['a2'] : ['out'] },
  ];
  if (channels === 9) {
    nodes.push(
      { op: 'Slice', inputs: ['s', 'c4', 'c5', 'axis1'], outputs: ['mask'] },
      { op: 'Slice', inputs: ['s', 'c5', 'c9', 'axis1'], outputs: ['ml'] },
      { op: 'Mul', inputs: ['mask', 'w_mask'], outputs: ['maskw'] },
      { op: 'Mul', inputs: ['ml', 'w_masked'], outputs: ['mlw'] },
      { op: 'Add', inputs: ['a2', 'maskw'], outputs: ['a3'] },
      { op: 'Add', inputs: ['a3', 'mlw'], outputs: ['out'] },
    );
  }
  nodes.push(castTo('out', 'out_sample', float));
  return build({
    name: 'sd-unet-stand-in',
    inputs: [
      { name: 'sample', type: float, shape: [batch, channels, 'height', 'width'] },
      { name: 'timestep', type: options.timestep ?? 'float32', shape: [1] },
      { name: 'encoder_hidden_states', type: float, shape: [batch, 'sequence_length', HIDDEN] },
    ],
    outputs: [{ name: 'out_sample', type: float, shape: [batch, 4, 'height', 'width'] }],
    constants: [
      i64('c0', [0]),
      i64('c4', [4]),
      i64('c5', [5]),
      i64('c9', [9]),
      i64('axis1', [1]),
      i64('axis3', [3]),
      f32('w_sample', UNET_SAMPLE_WEIGHT),
      f32('w_text', UNET_TEXT_WEIGHT),
      f32('w_time', UNET_TIME_WEIGHT),
      f32('w_mask', UNET_MASK_WEIGHT),
      f32('w_masked', UNET_MASKED_WEIGHT),
    ],
    nodes,
  });
}

export function vaeEncoderStandIn(
  options: { output?: 'latent_sample' | 'latent_parameters' } = {},
): Uint8Array {
  const output = options.output ?? 'latent_sample';
  const nodes: Node[] = [
    {
      op: 'AveragePool',
      inputs: ['sample'],
      outputs: ['rgb'],
      attributes: [
        { name: 'kernel_shape', ints: [8, 8] },
        { name: 'strides', ints: [8, 8] },
      ],
    },
    {
      op: 'ReduceMean',
      inputs: ['rgb'],
      outputs: ['grey'],
      attributes: [
        { name: 'axes', ints: [1] },
        { name: 'keepdims', i: 1 },
      ],
    },
  ];
  if (output === 'latent_sample') {
    nodes.push({
      op: 'Concat',
      inputs: ['rgb', 'grey'],
      outputs: ['latent_sample'],
      attributes: [{ name: 'axis', i: 1 }],
    });
  } else {
    nodes.push(
      { op: 'Concat', inputs: ['rgb', 'grey'], outputs: ['mean'], attributes: [{ name: 'axis', i: 1 }] },
      { op: 'Mul', inputs: ['mean', 'zero'], outputs: ['zeros'] },
      { op: 'Add', inputs: ['zeros', 'logvar'], outputs: ['lv'] },
      {
        op: 'Concat',
        inputs: ['mean', 'lv'],
        outputs: ['latent_parameters'],
        attributes: [{ name: 'axis', i: 1 }],
      },
    );
  }
  return build({
    name: 'sd-vae-encoder-stand-in',
    inputs: [{ name: 'sample', type: 'float32', shape: ['batch_size', 3, 'height', 'width'] }],
    outputs: [
      {
        name: output,
        type: 'float32',
        shape: ['batch_size', output === 'latent_sample' ? 4 : 8, 'height_latent', 'width_latent'],
      },
    ],
    constants: [f32('zero', 0), f32('logvar', LOGVAR_MARK)],
    nodes,
  });
}

export function vaeDecoderStandIn(): Uint8Array {
  return build({
    name: 'sd-vae-decoder-stand-in',
    inputs: [
      { name: 'latent_sample', type: 'float32', shape: ['batch_size', 4, 'height_latent', 'width_latent'] },
    ],
    outputs: [{ name: 'sample', type: 'float32', shape: ['batch_size', 3, 'height', 'width'] }],
    constants: [
      i64('c0', [0]),
      i64('c3', [3]),
      i64('c4', [4]),
      i64('axis1', [1]),
      f32('zero', 0),
      { name: 'scales', type: 'float32', values: [1, 1, 8, 8], dims: [4] },
    ],
    nodes: [
      { op: 'Slice', inputs: ['latent_sample', 'c0', 'c3', 'axis1'], outputs: ['rgb'] },
      { op: 'Slice', inputs: ['latent_sample', 'c3', 'c4', 'axis1'], outputs: ['fourth'] },
      { op: 'Mul', inputs: ['fourth', 'zero'], outputs: ['none'] },
      { op: 'Add', inputs: ['rgb', 'none'], outputs: ['small'] },
      // Resize's default mode is nearest: each latent becomes an 8×8 block.
      { op: 'Resize', inputs: ['small', '', 'scales'], outputs: ['sample'] },
    ],
  });
}

// --- the tokenizer ---------------------------------------------------------------------------------

/** Words the tiny vocabulary knows whole; other words fall apart into letters. */
export const TOKENIZER_WORDS = ['red', 'cat', 'blue', 'dog', 'photo', 'of', 'blurry'];

/**
 * A tiny CLIP vocabulary in the real one's order: single characters (`!` first, id 0, as in CLIP),
 * the same with `</w>`, the merged pieces, then `<|startoftext|>` and `<|endoftext|>` last.
 */
export function tinyClipVocab(): { vocab: Record<string, number>; merges: string[] } {
  const chars = ['!', ',', '.', ...'abcdefghijklmnopqrstuvwxyz'];
  const vocab: Record<string, number> = {};
  const add = (token: string) => {
    if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
  };
  for (const c of chars) add(c);
  for (const c of chars) add(`${c}</w>`);
  const merges: string[] = [];
  for (const word of TOKENIZER_WORDS) {
    // Left to right: "r e", "re d</w>" → "red</w>".
    let piece = word[0]!;
    for (let i = 1; i < word.length; i++) {
      const next = i === word.length - 1 ? `${word[i]}</w>` : word[i]!;
      merges.push(`${piece} ${next}`);
      piece = piece + next;
      add(piece);
    }
  }
  add('<|startoftext|>');
  add('<|endoftext|>');
  return { vocab, merges: [...new Set(merges)] };
}

/** The ids a test expects for a whole word of {@link TOKENIZER_WORDS} or a single letter. */
export function tokenId(token: string): number {
  const { vocab } = tinyClipVocab();
  const id = vocab[TOKENIZER_WORDS.includes(token) || token.length === 1 ? `${token}</w>` : token];
  if (id === undefined) throw new Error(`no token ${token}`);
  return id;
}

/** A tokenizer.json for the tiny vocabulary, as the `tokenizers` library writes CLIP's. */
function tinyTokenizerJson(): unknown {
  const { vocab, merges } = tinyClipVocab();
  const added = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: true,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [added('<|startoftext|>'), added('<|endoftext|>')],
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
        {
          type: 'Split',
          pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['<|endoftext|>', vocab['<|endoftext|>']],
      cls: ['<|startoftext|>', vocab['<|startoftext|>']],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<|endoftext|>',
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

// --- the folder ------------------------------------------------------------------------------------

export interface DiffusionStandInOptions extends UnetOptions {
  /** Default true: a 9-channel inpainting UNet; false writes a 4-channel (SD-Turbo-like) one. */
  inpaint?: boolean;
  encoderOutput?: 'latent_sample' | 'latent_parameters';
  idsType?: 'int32' | 'int64';
  /** `vocab+merges` (diffusers' usual export, default) or `tokenizer.json` only. */
  tokenizer?: 'vocab+merges' | 'tokenizer.json';
  /** The pad token: `<|endoftext|>` as SD 1.5 (default) or `!` as SD 2.x / SD-Turbo. */
  pad?: '<|endoftext|>' | '!';
  /** scheduler/scheduler_config.json's content; none is written when absent. */
  scheduler?: Record<string, unknown>;
  /** Relative paths to leave out, e.g. `unet/model.onnx`. */
  omit?: string[];
}

/** Writes a complete (less `omit`) stand-in folder; returns the relative paths written. */
export function writeDiffusionStandIn(dir: string, options: DiffusionStandInOptions = {}): string[] {
  const inpaint = options.inpaint ?? true;
  const files: Record<string, string | Uint8Array> = {
    'model_index.json': JSON.stringify({
      _class_name: inpaint ? 'OnnxStableDiffusionInpaintPipeline' : 'OnnxStableDiffusionPipeline',
    }),
    'text_encoder/model.onnx': textEncoderStandIn({ idsType: options.idsType ?? 'int32' }),
    'unet/model.onnx': unetStandIn({
      channels: options.channels ?? (inpaint ? 9 : 4),
      timestep: options.timestep ?? 'float32',
      half: options.half ?? false,
      ...(options.batch === undefined ? {} : { batch: options.batch }),
    }),
    'vae_encoder/model.onnx': vaeEncoderStandIn({ output: options.encoderOutput ?? 'latent_sample' }),
    'vae_decoder/model.onnx': vaeDecoderStandIn(),
  };
  const pad = options.pad ?? '<|endoftext|>';
  const { vocab, merges } = tinyClipVocab();
  if ((options.tokenizer ?? 'vocab+merges') === 'vocab+merges') {
    files['tokenizer/vocab.json'] = JSON.stringify(vocab);
    files['tokenizer/merges.txt'] = `#version: 0.2\n${merges.join('\n')}\n`;
    files['tokenizer/special_tokens_map.json'] = JSON.stringify({
      bos_token: {
        content: '<|startoftext|>',
        lstrip: false,
        normalized: true,
        rstrip: false,
        single_word: false,
      },
      eos_token: {
        content: '<|endoftext|>',
        lstrip: false,
        normalized: true,
        rstrip: false,
        single_word: false,
      },
      pad_token: pad,
      unk_token: '<|endoftext|>',
    });
  } else {
    files['tokenizer/tokenizer.json'] = JSON.stringify(tinyTokenizerJson());
  }
  files['tokenizer/tokenizer_config.json'] = JSON.stringify({
    tokenizer_class: 'CLIPTokenizer',
    do_lower_case: true,
    model_max_length: 77,
    bos_token: '<|startoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: pad,
    unk_token: '<|endoftext|>',
  });
  if (options.scheduler) files['scheduler/scheduler_config.json'] = JSON.stringify(options.scheduler);
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

/** SD-Turbo's scheduler_config.json, cut down to the fields the pipeline reads. */
export const SD_TURBO_SCHEDULER_CONFIG = {
  _class_name: 'EulerDiscreteScheduler',
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  steps_offset: 1,
  timestep_spacing: 'trailing',
};

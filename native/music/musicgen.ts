/**
 * MusicGen through `@huggingface/transformers`, offline, from a local folder holding a
 * transformers.js export (`Xenova/musicgen-small` layout). MusicGen's weights are CC-BY-NC-4.0
 * (non-commercial): the UI shows that before the engine is used in a commercial project.
 *
 * What this file relies on in transformers.js 4.3.1 (read in node_modules/@huggingface/transformers/src):
 *
 * - models/session_config.js (MODEL_TYPES.Musicgen): three sessions, `text_encoder`,
 *   `decoder_model_merged`, `encodec_decode`, loaded from `onnx/<name><suffix>.onnx`;
 *   `generation_config.json` is optional there, but we require it (it carries `top_k: 250`, without
 *   which sampling falls back to top-k 50).
 * - utils/dtypes.js (DEFAULT_DTYPE_SUFFIX_MAPPING): the suffix per dtype, mirrored in
 *   {@link MUSICGEN_DTYPE_SUFFIX}; `dtype` may be a record keyed by the session's file base name,
 *   which is how each session gets its own dtype.
 * - utils/model-loader.js: external data files are `<file>.onnx_data`, `<file>.onnx_data_1`, …
 *   when config.json's `transformers.js_config.use_external_data_format` asks for them.
 * - utils/hub.js (buildResourcePaths): a path that is not a valid Hub id (any absolute path) is read
 *   as is, never joined to `env.localModelPath`; with `env.allowRemoteModels = false` and
 *   `local_files_only` nothing is fetched.
 * - models/musicgen/modeling_musicgen.js: the delay pattern. Generation starts from one decoder
 *   start token per codebook row and stops at 1 + max_new_tokens columns; the final ids are
 *   filtered to `seqLength − num_codebooks` frames per codebook (codebook k is delayed by k
 *   steps). So frames = max_new_tokens − (num_codebooks − 1): {@link secondsToTokens} adds that.
 *   Classifier-free guidance doubles the decoder batch (models/modeling_utils.js) and
 *   ClassifierFreeGuidanceLogitsProcessor merges the halves before sampling.
 * - models/modeling_utils.js (generate): `streamer.put` is called once with the start ids and then
 *   once per step, synchronously inside the loop; an exception thrown there ends `generate`. That
 *   is our progress and cancel hook. onnxruntime-node runs each step from `setImmediate`, so the
 *   event loop (and an abort) gets a turn between steps. The job process is killed on cancel
 *   anyway; this makes an in-process cancel prompt too.
 * - utils/random.js + generation/logits_sampler.js: sampling draws from one module-level
 *   Mersenne Twister, exported as `random`; `random.seed(n)` makes the draws reproducible. It is
 *   global, so generations here run one at a time. The same seed, prompt, dtype and machine give
 *   the same tokens; across machines or thread counts onnxruntime's float results can differ in
 *   the last bits, which can flip a sampled token, so bit-identical audio is only promised on one
 *   installation.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import type * as Transformers from '@huggingface/transformers';
import { StudioError } from '../api/errors';
import type { ExecutionProviderName } from '../api/schemas';

/** The weights' licence, for the UI's confirmation. */
export const MUSICGEN_LICENSE = 'CC-BY-NC-4.0';

/** The longest piece MusicGen was trained to make, in seconds. */
export const MUSICGEN_MAX_SECONDS = 30;

/** dtypes a transformers.js export may ship, and the file-name suffix transformers.js reads. */
export const MUSICGEN_DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;

export type MusicgenDtype = keyof typeof MUSICGEN_DTYPE_SUFFIX;

/** The three ONNX sessions, by their file base names. */
export const MUSICGEN_PARTS = ['text_encoder', 'decoder_model_merged', 'encodec_decode'] as const;
export type MusicgenPart = (typeof MUSICGEN_PARTS)[number];

/** One dtype for every session, or one per session. */
export type MusicgenDtypeChoice = MusicgenDtype | Readonly<Record<MusicgenPart, MusicgenDtype>>;

/** The JSON files every export needs (preprocessor_config.json is only for audio prompts). */
export const MUSICGEN_JSON_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
] as const;

const DTYPES = Object.keys(MUSICGEN_DTYPE_SUFFIX) as MusicgenDtype[];

/**
 * Which dtype each session gets when none is asked for. The text encoder and the decoder take
 * 8-bit weights first (the decoder runs ~50 times per second of audio); EnCodec runs once per
 * piece and turns codes into the samples we hear, so it takes full precision first.
 */
const PREFERENCE: Record<MusicgenPart, readonly MusicgenDtype[]> = {
  text_encoder: ['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'],
  decoder_model_merged: ['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'],
  encodec_decode: ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'],
};

/** What the adapter needs from config.json. */
export interface MusicgenConfig {
  /** EnCodec's output rate: 32000 for the MusicGen checkpoints. */
  sampleRate: number;
  /** Audio samples per EnCodec frame (the product of its upsampling ratios): 640. */
  samplesPerFrame: number;
  /** Frames per second: 50. */
  frameRate: number;
  /** Parallel codebooks, each delayed one step more than the last: 4. */
  numCodebooks: number;
  /** `transformers.js_config.use_external_data_format`, if any. */
  externalData?: unknown;
}

/**
 * A usable MusicGen folder.
 *
 * @example
 * const folder = checkMusicgenFolder('/models/musicgen-small');
 * folder.dtypes; // ['fp32', 'q8'] — dtypes with all three ONNX files
 */
export interface MusicgenFolder {
  /** The folder, resolved. */
  dir: string;
  config: MusicgenConfig;
  /** dtypes for which all three sessions are present, in {@link MUSICGEN_DTYPE_SUFFIX} order. */
  dtypes: MusicgenDtype[];
  /** dtypes present per session, for a per-session choice. */
  partDtypes: Record<MusicgenPart, MusicgenDtype[]>;
  /** The dtype each session will load with: the one asked for, or the default preference. */
  selected: Record<MusicgenPart, MusicgenDtype>;
  /** Every file the selected sessions need, relative to `dir`, all present. */
  files: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * Reads the fields this adapter needs from a parsed config.json; `where` names the file in errors.
 * EnCodec's `frame_rate` is a computed property in Python transformers and is usually not written
 * to config.json, so the hop comes from `upsampling_ratios` (8·5·4·4 = 640) and the frame rate
 * from the sample rate; an explicit `frame_rate` is used only when the ratios are absent.
 */
export function readMusicgenConfig(raw: unknown, where = 'config.json'): MusicgenConfig {
  const bad = (what: string) => new StudioError('invalid_argument', `${where}: ${what}`);
  if (!isObject(raw)) throw bad('is not a JSON object');
  if (raw.model_type !== 'musicgen') {
    const type = typeof raw.model_type === 'string' ? `"${raw.model_type}"` : 'no model_type';
    throw bad(`says ${type}, not "musicgen": this folder does not hold a MusicGen export`);
  }
  const decoder = raw.decoder;
  const audio = raw.audio_encoder;
  if (!isObject(decoder)) throw bad('has no "decoder" section');
  if (!isObject(audio)) throw bad('has no "audio_encoder" section');
  if (!positiveInteger(decoder.num_codebooks)) throw bad('decoder.num_codebooks is not a positive integer');
  if (typeof decoder.pad_token_id !== 'number') throw bad('decoder.pad_token_id is missing');
  if (!positiveInteger(audio.sampling_rate))
    throw bad('audio_encoder.sampling_rate is not a positive integer');
  const channels = audio.audio_channels ?? 1;
  if (channels !== 1) {
    throw bad(
      `audio_encoder.audio_channels is ${String(channels)}: only mono MusicGen exports are supported`,
    );
  }
  const sampleRate = audio.sampling_rate;
  let samplesPerFrame: number;
  const ratios = audio.upsampling_ratios;
  if (Array.isArray(ratios) && ratios.length > 0 && ratios.every(positiveInteger)) {
    samplesPerFrame = (ratios as number[]).reduce((a, b) => a * b, 1);
  } else if (typeof audio.frame_rate === 'number' && audio.frame_rate > 0) {
    samplesPerFrame = Math.round(sampleRate / audio.frame_rate);
  } else {
    throw bad('audio_encoder has neither upsampling_ratios nor frame_rate');
  }
  const jsConfig = raw['transformers.js_config'];
  const config: MusicgenConfig = {
    sampleRate,
    samplesPerFrame,
    frameRate: sampleRate / samplesPerFrame,
    numCodebooks: decoder.num_codebooks,
  };
  if (isObject(jsConfig) && jsConfig.use_external_data_format !== undefined) {
    config.externalData = jsConfig.use_external_data_format;
  }
  return config;
}

/** External data chunk names for one ONNX file, as utils/model-loader.js builds them. */
function externalDataFiles(config: MusicgenConfig, part: MusicgenPart, file: string): string[] {
  const spec = config.externalData;
  let chunks = 0;
  if (isObject(spec)) chunks = Number(spec[file] ?? spec[part] ?? 0);
  else if (spec !== undefined && spec !== null) chunks = Number(spec);
  if (!Number.isFinite(chunks) || chunks <= 0) return [];
  return Array.from({ length: Math.floor(chunks) }, (_, i) => `onnx/${file}_data${i === 0 ? '' : `_${i}`}`);
}

/** The ONNX file (and any external data) one session needs for a dtype, relative to the folder. */
export function musicgenPartFiles(
  part: MusicgenPart,
  dtype: MusicgenDtype,
  config?: MusicgenConfig,
): string[] {
  const file = `${part}${MUSICGEN_DTYPE_SUFFIX[dtype]}.onnx`;
  return [`onnx/${file}`, ...(config ? externalDataFiles(config, part, file) : [])];
}

function perPart(choice: MusicgenDtypeChoice): Record<MusicgenPart, MusicgenDtype> {
  if (typeof choice === 'string') {
    return { text_encoder: choice, decoder_model_merged: choice, encodec_decode: choice };
  }
  return { ...choice };
}

function validateDtypeChoice(choice: unknown): asserts choice is MusicgenDtypeChoice {
  const known = (d: unknown) => typeof d === 'string' && Object.hasOwn(MUSICGEN_DTYPE_SUFFIX, d);
  const ok =
    known(choice) ||
    (isObject(choice) &&
      Object.keys(choice).length === MUSICGEN_PARTS.length &&
      MUSICGEN_PARTS.every((p) => known(choice[p])));
  if (!ok) {
    throw new StudioError(
      'invalid_argument',
      `dtype must be one of ${DTYPES.join(', ')}, or one of them for each of ${MUSICGEN_PARTS.join(', ')}`,
      'dtype',
    );
  }
}

/** A non-empty regular file (a zero-byte file is an interrupted download). */
function present(path: string): boolean {
  try {
    const info = statSync(path);
    return info.isFile() && info.size > 0;
  } catch {
    return false;
  }
}

function readJson(dir: string, name: string): unknown {
  const text = readFileSync(resolve(dir, name), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StudioError(
      'invalid_argument',
      `${name} in the MusicGen folder ${dir} is not valid JSON: ${reason}`,
    );
  }
}

function missingError(dir: string, missing: string[], note = ''): StudioError {
  const count = missing.length === 1 ? '1 file is missing' : `${missing.length} files are missing`;
  return new StudioError(
    'not_found',
    `The MusicGen model folder ${dir} is incomplete${note}: ${count}: ${missing.join(', ')}. ` +
      'It needs a transformers.js export (like Xenova/musicgen-small): ' +
      `${MUSICGEN_JSON_FILES.join(', ')} and onnx/{${MUSICGEN_PARTS.join(',')}}<suffix>.onnx ` +
      '(suffix "" for fp32, "_fp16", "_quantized" for q8, "_q4", …).',
  );
}

/**
 * Checks a MusicGen folder before anything is loaded: the JSON files parse, config.json is a mono
 * MusicGen, and the three ONNX sessions exist for `dtype` (or, without one, for some dtype). Every
 * missing file is listed, relative to the folder.
 *
 * @throws StudioError `not_found` (folder or files missing, all listed), `invalid_argument` (a file
 * instead of a folder, bad JSON, not MusicGen, unknown dtype).
 * @example
 * const { dtypes, selected } = checkMusicgenFolder(dir);          // any complete dtype
 * checkMusicgenFolder(dir, 'q4');                                  // throws, listing the _q4 files
 * checkMusicgenFolder(dir, { text_encoder: 'q8', decoder_model_merged: 'q8', encodec_decode: 'fp32' });
 */
export function checkMusicgenFolder(dir: string, dtype?: MusicgenDtypeChoice): MusicgenFolder {
  const root = resolve(dir);
  if (dtype !== undefined) validateDtypeChoice(dtype);
  let info;
  try {
    info = statSync(root);
  } catch {
    throw new StudioError('not_found', `The MusicGen model folder ${root} does not exist`);
  }
  if (!info.isDirectory()) {
    throw new StudioError('invalid_argument', `The MusicGen model path ${root} is not a folder`);
  }

  const missing: string[] = MUSICGEN_JSON_FILES.filter((name) => !present(resolve(root, name)));
  // config.json decides the external data files, so it is read before the ONNX files are listed.
  const config = missing.includes('config.json')
    ? undefined
    : readMusicgenConfig(readJson(root, 'config.json'), `config.json in the MusicGen folder ${root}`);
  for (const name of MUSICGEN_JSON_FILES) {
    if (name !== 'config.json' && !missing.includes(name)) readJson(root, name);
  }

  const has = (part: MusicgenPart, d: MusicgenDtype) =>
    musicgenPartFiles(part, d, config).every((f) => present(resolve(root, f)));
  const partDtypes = Object.fromEntries(
    MUSICGEN_PARTS.map((part) => [part, DTYPES.filter((d) => has(part, d))]),
  ) as Record<MusicgenPart, MusicgenDtype[]>;
  const dtypes = DTYPES.filter((d) => MUSICGEN_PARTS.every((part) => partDtypes[part].includes(d)));

  let selected: Record<MusicgenPart, MusicgenDtype>;
  let note = '';
  if (dtype !== undefined) {
    selected = perPart(dtype);
  } else if (MUSICGEN_PARTS.every((part) => partDtypes[part].length > 0)) {
    selected = Object.fromEntries(
      MUSICGEN_PARTS.map((part) => [part, PREFERENCE[part].find((d) => partDtypes[part].includes(d))!]),
    ) as Record<MusicgenPart, MusicgenDtype>;
  } else {
    // Nothing complete: list what the nearest single dtype lacks (q8 first on a tie).
    const lacking = (d: MusicgenDtype) => MUSICGEN_PARTS.filter((part) => !has(part, d)).length;
    const nearest = PREFERENCE.text_encoder.reduce((best, d) => (lacking(d) < lacking(best) ? d : best));
    selected = perPart(nearest);
    note = ` (no dtype has all three ONNX files; the nearest is ${nearest})`;
  }

  const files = [
    ...MUSICGEN_JSON_FILES,
    ...MUSICGEN_PARTS.flatMap((part) => musicgenPartFiles(part, selected[part], config)),
  ];
  missing.push(...files.filter((f) => f.startsWith('onnx/') && !present(resolve(root, f))));
  if (missing.length > 0) throw missingError(root, missing, note);
  return { dir: root, config: config!, dtypes, partDtypes, selected, files };
}

/** How long a piece is in each unit MusicGen counts. */
export interface MusicgenLength {
  /** Output samples at the model's rate: round(seconds × sampleRate). */
  samples: number;
  /** EnCodec frames that cover them: ceil(samples / samplesPerFrame). */
  frames: number;
  /** Decoder steps: frames + (numCodebooks − 1), for the delay pattern. */
  maxNewTokens: number;
}

/**
 * Seconds → decoder steps. The frames are rounded up (ceil, not round) so the audio is never short
 * and the caller trims; the delay pattern costs numCodebooks − 1 extra steps whose output
 * transformers.js filters away (see the file header).
 *
 * @example
 * secondsToTokens(10, config); // { samples: 320000, frames: 500, maxNewTokens: 503 }
 * @throws StudioError `invalid_argument` (field `seconds`) above {@link MUSICGEN_MAX_SECONDS}.
 */
export function secondsToTokens(
  seconds: number,
  config: Pick<MusicgenConfig, 'sampleRate' | 'samplesPerFrame' | 'numCodebooks'>,
): MusicgenLength {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new StudioError(
      'invalid_argument',
      `seconds must be a positive number, got ${String(seconds)}`,
      'seconds',
    );
  }
  if (seconds > MUSICGEN_MAX_SECONDS) {
    throw new StudioError(
      'invalid_argument',
      `MusicGen makes at most ${MUSICGEN_MAX_SECONDS} s per piece (the length it was trained on); ` +
        `${seconds} s was asked for. Use the built-in composer for longer beds.`,
      'seconds',
    );
  }
  const samples = Math.max(1, Math.round(seconds * config.sampleRate));
  const frames = Math.ceil(samples / config.samplesPerFrame);
  return { samples, frames, maxNewTokens: frames + config.numCodebooks - 1 };
}

/** A generation request. */
export interface MusicgenRequest {
  /** The model folder (see {@link checkMusicgenFolder}). */
  dir: string;
  prompt: string;
  /** 0 < seconds ≤ 30. */
  seconds: number;
  /** Seeds transformers.js' sampler; a random one is drawn (and returned) when absent. */
  seed?: number;
  /** Default: q8 for the text encoder and decoder, fp32 for EnCodec, or what the folder has. */
  dtype?: MusicgenDtypeChoice;
  /** Classifier-free guidance, 1 (off) … 20; default 3 as in MusicGen. */
  guidanceScale?: number;
  signal?: AbortSignal;
  /** Decoder steps done of the total, once per step. */
  onProgress?: (done: number, total: number) => void;
}

/** A generated piece at the model's rate (mono). */
export interface MusicgenResult {
  sampleRate: number;
  /** Exactly round(seconds × sampleRate) samples. */
  samples: Float32Array;
  provider: ExecutionProviderName;
  dtype: Record<MusicgenPart, MusicgenDtype>;
  seed: number;
  frames: number;
  tokens: number;
}

type TransformersModule = typeof Transformers;
interface Loaded {
  tokenizer: Transformers.PreTrainedTokenizer;
  model: Transformers.MusicgenForConditionalGeneration;
}

/** Loaded sessions per (folder, dtypes); a failed load is forgotten so it can be retried. */
const loaded = new Map<string, Promise<Loaded>>();
/** transformers.js samples from one global generator: generations take turns. */
let turn: Promise<unknown> = Promise.resolve();

const cancelled = () => new StudioError('cancelled', 'MusicGen generation was cancelled');

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Imported on first use: the folder check and the resampler must not load onnxruntime. */
async function transformers(): Promise<TransformersModule> {
  const tf = await import('@huggingface/transformers');
  // Offline, and only the folder given: no Hub, and no transformers.js file cache in between
  // (its FileCache would be consulted before the folder).
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.useFSCache = false;
  tf.env.useBrowserCache = false;
  return tf;
}

/** The files' sizes and modification times: a folder whose files were replaced loads afresh. */
function versionOf(folder: MusicgenFolder): string[] {
  return folder.files.map((file) => {
    const info = statSync(join(folder.dir, file), { throwIfNoEntry: false });
    return info ? `${info.size}:${info.mtimeMs}` : 'missing';
  });
}

function load(tf: TransformersModule, folder: MusicgenFolder): Promise<Loaded> {
  const key = JSON.stringify([folder.dir, folder.selected, versionOf(folder)]);
  let entry = loaded.get(key);
  if (!entry) {
    // One MusicGen at a time in the job process: another one loaded before is let go.
    for (const [other, previous] of loaded) {
      loaded.delete(other);
      void previous.then((p) => p.model.dispose()).catch(() => {});
    }
    entry = (async () => {
      const options = { local_files_only: true } as const;
      try {
        const tokenizer = await tf.AutoTokenizer.from_pretrained(folder.dir, options);
        const model = await tf.MusicgenForConditionalGeneration.from_pretrained(folder.dir, {
          ...options,
          dtype: folder.selected,
          device: 'cpu',
        });
        return { tokenizer, model: model as Transformers.MusicgenForConditionalGeneration };
      } catch (error) {
        throw new StudioError(
          'invalid_argument',
          `The MusicGen model in ${folder.dir} could not be loaded (${JSON.stringify(folder.selected)}): ${message(error)}`,
        );
      }
    })();
    entry.catch(() => loaded.delete(key));
    loaded.set(key, entry);
  }
  return entry;
}

/** Frees every loaded MusicGen session (e.g. when the settings change the model folder). */
export async function releaseMusicgenSessions(): Promise<void> {
  const entries = [...loaded.values()];
  loaded.clear();
  for (const entry of entries) {
    try {
      await (await entry).model.dispose();
    } catch {
      // a load that failed has nothing to free
    }
  }
}

function validateRequest(request: MusicgenRequest): { seed: number; guidanceScale: number; prompt: string } {
  const prompt = typeof request.prompt === 'string' ? request.prompt.trim() : '';
  if (prompt.length === 0) throw new StudioError('invalid_argument', 'the prompt is empty', 'prompt');
  const guidanceScale = request.guidanceScale ?? 3;
  if (!Number.isFinite(guidanceScale) || guidanceScale < 1 || guidanceScale > 20) {
    throw new StudioError('invalid_argument', 'guidanceScale must be between 1 and 20', 'guidanceScale');
  }
  const seed = request.seed ?? randomInt(0, 2 ** 31);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new StudioError('invalid_argument', 'seed must be a non-negative integer', 'seed');
  }
  return { seed, guidanceScale, prompt };
}

/**
 * Generates a piece with MusicGen on the CPU. Checks the folder first (a clear error listing any
 * missing file), loads and caches the sessions per (folder, dtypes), seeds the sampler, and
 * reports each decoder step. Runs one generation at a time per process.
 *
 * @example
 * const piece = await generateMusicgen({ dir, prompt: 'upbeat corporate pop', seconds: 15, seed: 7, signal });
 * const { left, right } = toStereo48k(piece.samples);
 * const bed = fitToLength(left, right, 15 * 48000);
 * @throws StudioError `not_found` / `invalid_argument` (folder, arguments), `cancelled`, `job_failed`.
 */
export async function generateMusicgen(request: MusicgenRequest): Promise<MusicgenResult> {
  const { seed, guidanceScale, prompt } = validateRequest(request);
  const folder = checkMusicgenFolder(request.dir, request.dtype);
  const length = secondsToTokens(request.seconds, folder.config);
  const { signal, onProgress } = request;
  if (signal?.aborted) throw cancelled();

  const run = turn.then(async () => {
    if (signal?.aborted) throw cancelled();
    const tf = await transformers();
    const { tokenizer, model } = await load(tf, folder);
    if (signal?.aborted) throw cancelled();

    const total = length.maxNewTokens;
    let steps = -1; // the first put is the decoder start ids, not a step
    class Steps extends tf.BaseStreamer {
      override put(): void {
        steps += 1;
        if (signal?.aborted) throw cancelled();
        if (steps > 0) onProgress?.(steps, total);
      }
      override end(): void {}
    }

    onProgress?.(0, total);
    let audio: Transformers.Tensor;
    try {
      const inputs = tokenizer(prompt, { truncation: true });
      tf.random.seed(seed);
      audio = (await model.generate({
        ...inputs,
        max_new_tokens: total,
        do_sample: true,
        guidance_scale: guidanceScale,
        // generate() only calls put() and end(); its typings ask for a TextStreamer.
        streamer: new Steps() as unknown as Transformers.TextStreamer,
      })) as Transformers.Tensor;
    } catch (error) {
      if (error instanceof StudioError) throw error;
      throw new StudioError('job_failed', `MusicGen failed: ${message(error)}`);
    }
    if (audio.type !== 'float32') audio = audio.to('float32');
    const raw = audio.data as Float32Array;
    const samples = new Float32Array(length.samples);
    samples.set(raw.length > samples.length ? raw.subarray(0, samples.length) : raw);
    for (const x of samples) {
      if (!Number.isFinite(x)) {
        throw new StudioError(
          'job_failed',
          'MusicGen produced invalid samples (NaN or infinity); try dtype fp32',
        );
      }
    }
    return {
      sampleRate: folder.config.sampleRate,
      samples,
      provider: 'cpu' as const,
      dtype: folder.selected,
      seed,
      frames: length.frames,
      tokens: total,
    };
  });
  turn = run.catch(() => undefined);
  return run;
}

// --- to the timeline's format --------------------------------------------------------------------

// 64 taps, Kaiser β 8.6 (about −85 dB sidelobes): for 32 → 48 kHz the cutoff is 14.4 kHz, flat to
// about 13 kHz and fully stopped from about 16 kHz, above which EnCodec has little to say anyway.
const KERNEL_HALF_WIDTH = 32; // input samples each side
const KAISER_BETA = 8.6;
const ROLLOFF = 0.9; // cutoff as a fraction of the lower Nyquist

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Windowed-sinc (Kaiser) rational resampler. Output sample m sits at input time m·from/to; with
 * to/from = L/M in lowest terms there are only L distinct fractional offsets, so L kernels are
 * built once. The cutoff is below the lower of the two Nyquist rates, which removes the images
 * of upsampling (and the aliases of downsampling). Unity gain at DC per phase. Output length is
 * exactly round(n·to/from).
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!positiveInteger(fromRate) || !positiveInteger(toRate)) {
    throw new StudioError('invalid_argument', 'sample rates must be positive integers');
  }
  const outLength = Math.round((input.length * toRate) / fromRate);
  if (fromRate === toRate) return Float32Array.from(input);
  const g = gcd(fromRate, toRate);
  const up = toRate / g; // L: phases
  const down = fromRate / g; // M
  // cutoff in cycles per input sample
  const cutoff = 0.5 * Math.min(1, toRate / fromRate) * ROLLOFF;
  const half = Math.ceil(KERNEL_HALF_WIDTH / Math.min(1, toRate / fromRate));
  const taps = 2 * half;
  const kernels = new Float32Array(up * taps);
  const i0beta = besselI0(KAISER_BETA);
  for (let phase = 0; phase < up; phase++) {
    const frac = phase / up; // output time minus floor, in input samples
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const x = t - half + 1 - frac; // input index (floor + t - half + 1) minus output time
      const r = x / half;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0beta;
      const arg = 2 * cutoff * x;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const h = 2 * cutoff * sinc * window;
      kernels[phase * taps + t] = h;
      sum += h;
    }
    for (let t = 0; t < taps; t++) kernels[phase * taps + t]! /= sum;
  }
  const out = new Float32Array(outLength);
  const n = input.length;
  for (let m = 0; m < outLength; m++) {
    const position = m * down; // output time × up, in input samples × up
    const base = Math.floor(position / up);
    const phase = position - base * up;
    const k = phase * taps;
    const first = base - half + 1;
    let acc = 0;
    const lo = Math.max(0, -first);
    const hi = Math.min(taps, n - first);
    for (let t = lo; t < hi; t++) acc += input[first + t]! * kernels[k + t]!;
    out[m] = acc;
  }
  return out;
}

/**
 * MusicGen's 32 kHz mono → the timeline's 48 kHz stereo (two copies, windowed-sinc resampled).
 * Length: exactly round(n × 48000 / 32000).
 *
 * @example
 * const { left, right } = toStereo48k(piece.samples);
 */
export function toStereo48k(samples32k: Float32Array): { left: Float32Array; right: Float32Array } {
  const left = resample(samples32k, 32000, 48000);
  return { left, right: Float32Array.from(left) };
}

/** Fades at the cut; 50 ms out and 2 ms in at 48 kHz. */
export interface FitOptions {
  fadeOutSamples?: number;
  fadeInSamples?: number;
}

/**
 * Trims or pads (with silence) to exactly `totalSamples`, then fades the last
 * `fadeOutSamples` of the audio that remains (raised cosine, ending on 0) so the cut does not
 * click, and fades in the first few samples. With padding, the fade ends where the audio ends.
 * Returns new arrays.
 *
 * @example
 * const bed = fitToLength(left, right, Math.round(seconds * 48000));
 */
export function fitToLength(
  left: Float32Array,
  right: Float32Array,
  totalSamples: number,
  options: FitOptions = {},
): { left: Float32Array; right: Float32Array } {
  if (!Number.isSafeInteger(totalSamples) || totalSamples < 0) {
    throw new StudioError('invalid_argument', 'totalSamples must be a non-negative integer', 'totalSamples');
  }
  const audible = Math.min(totalSamples, left.length, right.length);
  const fadeOut = Math.min(Math.max(0, Math.floor(options.fadeOutSamples ?? 2400)), audible);
  const fadeIn = Math.min(Math.max(0, Math.floor(options.fadeInSamples ?? 96)), audible - fadeOut);
  const fit = (channel: Float32Array) => {
    const out = new Float32Array(totalSamples);
    out.set(channel.subarray(0, audible));
    for (let i = 0; i < fadeIn; i++) out[i]! *= 0.5 - 0.5 * Math.cos((Math.PI * i) / fadeIn);
    // gain goes 1 → 0 over the fade; its last sample is 0, the cut is silent
    for (let i = 0; i < fadeOut; i++) {
      const gain = fadeOut === 1 ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * i) / (fadeOut - 1));
      out[audible - fadeOut + i]! *= gain;
    }
    return out;
  };
  return { left: fit(left), right: fit(right) };
}

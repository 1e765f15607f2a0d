// The MusicGen adapter: a model folder is checked before anything loads (every missing file named),
// seconds become decoder steps through the delay pattern, and the 32 kHz mono result becomes an
// exact-length 48 kHz stereo bed. Generation runs through the real transformers.js path on tiny
// stand-in graphs (no weights exist here): tokenizer, guidance, delay pattern, EnCodec frames,
// seeding, progress and cancel.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStudioError, type StudioError } from '../../../../native/api/errors';
import {
  MUSICGEN_DTYPE_SUFFIX,
  checkMusicgenFolder,
  fitToLength,
  generateMusicgen,
  readMusicgenConfig,
  releaseMusicgenSessions,
  resample,
  secondsToTokens,
  toStereo48k,
  type MusicgenRequest,
} from '../../../../native/music/musicgen';
import { musicgenConfig, writeMusicgenStandIn, writePlaceholders } from '../../../helpers/musicgen-standins';
import { tempDir } from '../../../helpers/temp';

const temp = tempDir('atelier-musicgen-');
let folders = 0;
afterAll(async () => {
  await releaseMusicgenSessions();
  temp.cleanup();
});

function folder(): string {
  return join(temp.path, `model-${++folders}`);
}

function caught(fn: () => unknown): StudioError {
  try {
    fn();
  } catch (error) {
    if (isStudioError(error)) return error;
    throw error;
  }
  throw new Error('expected a StudioError');
}

async function rejected(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    if (isStudioError(error)) return error;
    throw error;
  }
  throw new Error('expected a StudioError');
}

const JSON_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const Q8 = [
  'onnx/text_encoder_quantized.onnx',
  'onnx/decoder_model_merged_quantized.onnx',
  'onnx/encodec_decode_quantized.onnx',
];

/** A folder of placeholder files: real config.json, `{}` for the other JSON, dummy ONNX bytes. */
function placeholderFolder(files: string[], config: unknown = musicgenConfig()): string {
  const dir = folder();
  writePlaceholders(dir, files);
  if (files.includes('config.json')) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const CONFIG = readMusicgenConfig(musicgenConfig());

describe('checkMusicgenFolder', () => {
  it('accepts a complete folder and says which dtypes it can load', () => {
    const dir = placeholderFolder([...JSON_FILES, ...Q8]);
    const found = checkMusicgenFolder(dir);
    expect(found.dtypes).toEqual(['q8']);
    expect(found.selected).toEqual({
      text_encoder: 'q8',
      decoder_model_merged: 'q8',
      encodec_decode: 'q8',
    });
    expect(found.files).toEqual([...JSON_FILES, ...Q8]);
    expect(found.config).toMatchObject({
      sampleRate: 32000,
      samplesPerFrame: 640,
      frameRate: 50,
      numCodebooks: 4,
    });
  });

  it('prefers 8-bit text encoder and decoder with a full-precision EnCodec when both exist', () => {
    const fp32 = ['onnx/text_encoder.onnx', 'onnx/decoder_model_merged.onnx', 'onnx/encodec_decode.onnx'];
    const dir = placeholderFolder([...JSON_FILES, ...Q8, ...fp32, 'onnx/decoder_model_merged_q4.onnx']);
    const found = checkMusicgenFolder(dir);
    expect(found.dtypes).toEqual(['fp32', 'q8']);
    expect(found.partDtypes.decoder_model_merged).toEqual(['fp32', 'q8', 'q4']);
    expect(found.selected).toEqual({
      text_encoder: 'q8',
      decoder_model_merged: 'q8',
      encodec_decode: 'fp32',
    });
    expect(checkMusicgenFolder(dir, 'fp32').files).toContain('onnx/decoder_model_merged.onnx');
    expect(
      checkMusicgenFolder(dir, { text_encoder: 'fp32', decoder_model_merged: 'q4', encodec_decode: 'q8' })
        .files,
    ).toEqual([
      ...JSON_FILES,
      'onnx/text_encoder.onnx',
      'onnx/decoder_model_merged_q4.onnx',
      'onnx/encodec_decode_quantized.onnx',
    ]);
  });

  it.each([...JSON_FILES, ...Q8])('names the folder and the missing %s', (missing) => {
    const dir = placeholderFolder([...JSON_FILES, ...Q8].filter((f) => f !== missing));
    const error = caught(() => checkMusicgenFolder(dir));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(dir);
    expect(error.message).toContain(`1 file is missing: ${missing}.`);
  });

  it('lists every missing file at once, and an empty file counts as missing', () => {
    const dir = placeholderFolder(['config.json', 'tokenizer_config.json', Q8[0]!]);
    writeFileSync(join(dir, 'tokenizer_config.json'), '');
    const error = caught(() => checkMusicgenFolder(dir));
    expect(error.code).toBe('not_found');
    for (const file of [
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      Q8[1]!,
      Q8[2]!,
    ]) {
      expect(error.message).toContain(file);
    }
    expect(error.message).toContain('5 files are missing');
    expect(error.message).not.toContain(Q8[0]!);
  });

  it('lists the files of the dtype asked for', () => {
    const dir = placeholderFolder([...JSON_FILES, ...Q8]);
    const error = caught(() => checkMusicgenFolder(dir, 'q4'));
    expect(error.message).toContain(
      '3 files are missing: onnx/text_encoder_q4.onnx, onnx/decoder_model_merged_q4.onnx, onnx/encodec_decode_q4.onnx',
    );
    expect(caught(() => checkMusicgenFolder(dir, 'q3' as 'q4')).code).toBe('invalid_argument');
  });

  it('lists the external data files config.json asks for', () => {
    const config = musicgenConfig({
      'transformers.js_config': { use_external_data_format: { 'decoder_model_merged_quantized.onnx': 2 } },
    });
    const dir = placeholderFolder(
      [...JSON_FILES, ...Q8, 'onnx/decoder_model_merged_quantized.onnx_data'],
      config,
    );
    const error = caught(() => checkMusicgenFolder(dir));
    expect(error.message).toContain('1 file is missing: onnx/decoder_model_merged_quantized.onnx_data_1.');
  });

  it('says when there is no folder, or a file instead', () => {
    expect(caught(() => checkMusicgenFolder(join(temp.path, 'nowhere'))).code).toBe('not_found');
    const file = join(temp.path, 'a-file');
    writeFileSync(file, 'x');
    expect(caught(() => checkMusicgenFolder(file)).code).toBe('invalid_argument');
  });

  it('rejects a config.json that is not MusicGen', () => {
    const dir = placeholderFolder([...JSON_FILES, ...Q8], { model_type: 't5', d_model: 512 });
    const error = caught(() => checkMusicgenFolder(dir));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/says "t5", not "musicgen"/);
    expect(error.message).toContain(dir);
  });

  it('rejects a stereo MusicGen export', () => {
    const stereo = musicgenConfig();
    (stereo.audio_encoder as Record<string, unknown>).audio_channels = 2;
    const error = caught(() => checkMusicgenFolder(placeholderFolder([...JSON_FILES, ...Q8], stereo)));
    expect(error.message).toMatch(/only mono/);
  });

  it.each(['config.json', 'tokenizer.json'])('names %s when it is not JSON', (name) => {
    const dir = placeholderFolder([...JSON_FILES, ...Q8]);
    writeFileSync(join(dir, name), '{"model_type": "musicgen",');
    const error = caught(() => checkMusicgenFolder(dir));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toContain(`${name} in the MusicGen folder ${dir} is not valid JSON`);
  });

  it('uses the file-name suffixes transformers.js uses', () => {
    const source = readFileSync(
      join(process.cwd(), 'node_modules/@huggingface/transformers/src/utils/dtypes.js'),
      'utf8',
    );
    for (const [dtype, suffix] of Object.entries(MUSICGEN_DTYPE_SUFFIX)) {
      expect(source).toContain(`[DATA_TYPES.${dtype}]: '${suffix}'`);
    }
  });
});

describe('readMusicgenConfig and secondsToTokens', () => {
  it('takes the hop from EnCodec’s upsampling ratios, or from an explicit frame rate', () => {
    expect(CONFIG).toEqual({ sampleRate: 32000, samplesPerFrame: 640, frameRate: 50, numCodebooks: 4 });
    const audio = { model_type: 'encodec', sampling_rate: 32000, frame_rate: 50 };
    const onlyRate = readMusicgenConfig(musicgenConfig({ audio_encoder: audio }));
    expect(onlyRate.samplesPerFrame).toBe(640);
    expect(() => readMusicgenConfig(musicgenConfig({ decoder: {} }))).toThrow(/num_codebooks/);
  });

  it('adds the delay pattern’s num_codebooks − 1 steps to the frames', () => {
    expect(secondsToTokens(10, CONFIG)).toEqual({ samples: 320000, frames: 500, maxNewTokens: 503 });
    expect(secondsToTokens(30, CONFIG)).toEqual({ samples: 960000, frames: 1500, maxNewTokens: 1503 });
    expect(secondsToTokens(0.1, CONFIG)).toEqual({ samples: 3200, frames: 5, maxNewTokens: 8 });
    // never short: a part frame is a whole frame, trimmed later
    expect(secondsToTokens(0.013, CONFIG)).toEqual({ samples: 416, frames: 1, maxNewTokens: 4 });
    expect(secondsToTokens(7.777, CONFIG).frames).toBe(389);
  });

  it('refuses more than 30 seconds, and nonsense', () => {
    const error = caught(() => secondsToTokens(30.5, CONFIG));
    expect(error).toMatchObject({ code: 'invalid_argument', field: 'seconds' });
    expect(error.message).toMatch(/at most 30 s/);
    for (const bad of [0, -1, Number.NaN, Infinity]) {
      expect(caught(() => secondsToTokens(bad, CONFIG)).field).toBe('seconds');
    }
  });
});

/** Goertzel power of one frequency. */
function power(x: Float32Array, rate: number, freq: number, from = 0, to = x.length): number {
  const w = (2 * Math.PI * freq) / rate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = x[i]! + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

function sine(freq: number, rate: number, length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin((2 * Math.PI * freq * i) / rate));
}

describe('toStereo48k', () => {
  it('makes exactly round(n × 1.5) samples per channel', () => {
    for (const n of [0, 1, 2, 3, 641, 12345, 32000]) {
      const { left, right } = toStereo48k(new Float32Array(n));
      expect(left.length).toBe(Math.round(n * 1.5));
      expect(right.length).toBe(left.length);
    }
  });

  it('keeps a 1 kHz sine at 1 kHz with its amplitude', () => {
    const { left, right } = toStereo48k(sine(1000, 32000, 32000));
    expect(left).toHaveLength(48000);
    expect(right).toEqual(left);
    expect(right).not.toBe(left);
    const ideal = sine(1000, 48000, 48000);
    let worst = 0;
    for (let i = 2000; i < 46000; i++) worst = Math.max(worst, Math.abs(left[i]! - ideal[i]!));
    expect(worst).toBeLessThan(1e-3);
    let crossings = 0;
    for (let i = 2001; i < 46000; i++) if (left[i - 1]! < 0 && left[i]! >= 0) crossings++;
    expect(crossings / (44000 / 48000)).toBeCloseTo(1000, -1);
  });

  it('leaves no image of a 12 kHz tone at 20 kHz', () => {
    const out = resample(sine(12000, 32000, 16000), 32000, 48000);
    const tone = power(out, 48000, 12000, 1000, 23000);
    const image = power(out, 48000, 20000, 1000, 23000);
    expect(10 * Math.log10(image / tone)).toBeLessThan(-70);
  });
});

describe('fitToLength', () => {
  const ramp = (n: number) => Float32Array.from({ length: n }, () => 0.5);

  it('trims to exactly the length asked for and fades the cut to silence', () => {
    const left = ramp(10000);
    const right = ramp(10000);
    const fit = fitToLength(left, right, 6000, { fadeOutSamples: 1000, fadeInSamples: 10 });
    expect(fit.left).toHaveLength(6000);
    expect(fit.right).toHaveLength(6000);
    expect(fit.left[5999]).toBe(0);
    expect(fit.left[4999]).toBe(0.5); // before the fade
    expect(fit.left[5000]).toBe(0.5); // the fade starts at full gain
    for (let i = 5001; i < 6000; i++) expect(fit.left[i]!).toBeLessThanOrEqual(fit.left[i - 1]!);
    expect(fit.left[0]).toBe(0); // a short fade-in
    expect(fit.left[100]).toBe(0.5);
    expect(left[5999]).toBe(0.5); // inputs untouched
  });

  it('pads with silence, the fade ending where the audio ends', () => {
    const fit = fitToLength(ramp(3000), ramp(3000), 4800);
    expect(fit.left).toHaveLength(4800);
    expect(fit.left[2999]).toBe(0);
    expect(fit.left.subarray(3000).every((x) => x === 0)).toBe(true);
    expect(fit.left[2999 - 2400]).toBe(0.5);
  });

  it('turns seconds of MusicGen audio into the exact 48 kHz length', () => {
    const { left, right } = toStereo48k(new Float32Array(secondsToTokens(7.3, CONFIG).samples).fill(0.1));
    const bed = fitToLength(left, right, Math.round(7.3 * 48000));
    expect(bed.left).toHaveLength(350400);
    expect(() => fitToLength(left, right, -1)).toThrow(/totalSamples/);
  });
});

describe('generateMusicgen', () => {
  const standIn = folder();
  writeMusicgenStandIn(standIn, { dtypes: ['q8', 'fp32'] });
  const request = (extra: Partial<MusicgenRequest> = {}): MusicgenRequest => ({
    dir: standIn,
    prompt: 'calm piano with strings',
    seconds: 0.2,
    seed: 1,
    ...extra,
  });

  it('fails clearly on an incomplete folder, listing what is missing', async () => {
    const dir = folder();
    writeMusicgenStandIn(dir, { omit: ['tokenizer.json', 'onnx/encodec_decode_quantized.onnx'] });
    const error = await rejected(generateMusicgen({ ...request(), dir }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('tokenizer.json, onnx/encodec_decode_quantized.onnx');
  });

  it('checks its arguments before loading anything', async () => {
    expect((await rejected(generateMusicgen(request({ seconds: 31 })))).field).toBe('seconds');
    expect((await rejected(generateMusicgen(request({ prompt: '  ' })))).field).toBe('prompt');
    expect((await rejected(generateMusicgen(request({ guidanceScale: 0.5 })))).field).toBe('guidanceScale');
    expect((await rejected(generateMusicgen(request({ seed: 1.5 })))).field).toBe('seed');
  });

  it('generates exactly the samples asked for, frame by frame, reporting every step', async () => {
    const progress: [number, number][] = [];
    const piece = await generateMusicgen(
      request({ onProgress: (done, total) => progress.push([done, total]) }),
    );
    expect(piece.samples).toHaveLength(6400);
    // The stand-in EnCodec holds each frame's code for 640 samples: ten frames came back.
    for (let frame = 0; frame < 10; frame++) {
      const block = piece.samples.subarray(frame * 640, (frame + 1) * 640);
      expect(block.every((x) => x === block[0])).toBe(true);
      expect(block[0]).toBeGreaterThan(0);
      expect(block[0]).toBeLessThan(1);
    }
    expect(piece).toMatchObject({
      sampleRate: 32000,
      provider: 'cpu',
      frames: 10,
      tokens: 13,
      seed: 1,
      dtype: { text_encoder: 'q8', decoder_model_merged: 'q8', encodec_decode: 'fp32' },
    });
    expect(progress[0]).toEqual([0, 13]);
    expect(progress.at(-1)).toEqual([13, 13]);
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: 14 }, (_, i) => i));
  });

  it('gives the same samples for the same seed and others for another', async () => {
    const a = await generateMusicgen(request({ seed: 42 }));
    const b = await generateMusicgen(request({ seed: 42 }));
    const c = await generateMusicgen(request({ seed: 43 }));
    expect(b.samples).toEqual(a.samples);
    expect(c.samples).not.toEqual(a.samples);
    const drawn = await generateMusicgen(request({ seed: undefined }));
    expect(Number.isSafeInteger(drawn.seed)).toBe(true);
  });

  it('stops between steps when cancelled, and runs again afterwards', async () => {
    const controller = new AbortController();
    let last = 0;
    const error = await rejected(
      generateMusicgen(
        request({
          seconds: 1,
          signal: controller.signal,
          onProgress: (done) => {
            last = done;
            if (done === 3) controller.abort();
          },
        }),
      ),
    );
    expect(error.code).toBe('cancelled');
    expect(last).toBe(3);
    const aborted = new AbortController();
    aborted.abort();
    expect((await rejected(generateMusicgen(request({ signal: aborted.signal })))).code).toBe('cancelled');
    expect((await generateMusicgen(request())).samples).toHaveLength(6400);
  });

  it('keeps a loaded model until its files change, then loads them again', async () => {
    const dir = folder();
    writeMusicgenStandIn(dir, { dtypes: ['fp32'] });
    await generateMusicgen({ ...request(), dir });
    expect((await generateMusicgen({ ...request(), dir })).samples).toHaveLength(6400);
    // A file replaced in place (another export copied over it) is seen: no stale weights.
    writeFileSync(join(dir, 'onnx/decoder_model_merged.onnx'), 'not onnx');
    const error = await rejected(generateMusicgen({ ...request(), dir }));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/could not be loaded/);
    rmSync(dir, { recursive: true });
  });
});

// Audio in a project through the engine: soundtracks composed in the job process as variants,
// one accepted as an audio asset with its waveform peaks and provenance (kept in the saved file);
// audio files imported with ffmpeg (probed, kept or transcoded, peaks computed once); bad files
// refused with a message naming them; the edit log holds requests and outcomes.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AudioPeaks, ProjectState } from '../../../../native/api/project';
import type { Asset } from '../../../../native/model/document';
import { readEvents } from '../../../../native/feedback/log';
import { Sqlite } from '../../../../native/project/sqlite';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { writeMusicgenStandIn } from '../../../helpers/musicgen-standins';
import type { ModelsList } from '../../../../native/api/models';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, failure, finished } = testEngine(root, join(dir.path, 'data'));
afterEach(async () => {
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const newProject = () =>
  call<ProjectState>('project.new', { placement: { id: 'story', name: 'Story', width: 1080, height: 1920 } });

/** A tone made by ffmpeg in the root folder. */
function tone(name: string, seconds: number, extra: string[] = []): string {
  const path = join(root, name);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-ac',
    '2',
    '-ar',
    '48000',
    ...extra,
    path,
  ]);
  return path;
}

describe('soundtracks', () => {
  it('composes variants of exactly the asked length; one accepted is an audio asset with peaks and provenance', async () => {
    await newProject();
    const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>('project.generateMusic', {
      prompt: 'calm acoustic, 90 bpm, in A minor',
      seconds: 4.5,
      variants: 2,
      seed: 11,
    });
    expect(seeds).toEqual([11, 12]);
    const info = await finished(jobId);
    expect(info.state).toBe('done');
    expect(info.label).toBe('Soundtrack, 4.5 s (2 variants)');
    const result = info.result as {
      variants: { durationSamples: number; bpm: number; key: string; wav: Uint8Array }[];
    };
    expect(result.variants.map((v) => v.durationSamples)).toEqual([216000, 216000]);
    expect(result.variants[0]!.key).toBe('A minor');
    expect(Buffer.from(result.variants[0]!.wav).equals(Buffer.from(result.variants[1]!.wav))).toBe(false);

    const { asset } = await call<{ asset: Asset }>('project.acceptMusic', { jobId, index: 1 });
    expect(asset).toMatchObject({
      kind: 'audio',
      mime: 'audio/wav',
      durationSamples: 216000,
      sampleRate: 48000,
      provenance: {
        type: 'generated',
        modelId: 'builtin:composer',
        seed: 12,
        parameters: { prompt: 'calm acoustic, 90 bpm, in A minor', seconds: 4.5, key: 'A minor' },
      },
    });
    const peaks = await call<AudioPeaks>('project.audioPeaks', { sha256: asset.sha256 });
    expect(peaks).toMatchObject({ bucketsPerSecond: 100, sampleRate: 48000, durationSamples: 216000 });
    expect(peaks.max).toHaveLength(2);
    expect(peaks.max[0]!.length).toBe(450);
    expect(Math.max(...peaks.max[0]!)).toBeGreaterThan(100); // music, not silence
    expect(peaks.max[0]!.at(-1)).toBeLessThan(10); // and it fades to nothing at the end

    // In the document and saved: the peaks travel with the file.
    const state = await call<ProjectState>('project.current');
    await call('project.edit', {
      edit: { kind: 'command', command: { type: 'asset.add', args: { asset } } },
      revision: state.revision,
    });
    const path = join(root, 'music.atelier');
    await call('project.saveAs', { path });
    await call('project.close', {});
    await call('project.open', { path });
    expect(await call<AudioPeaks>('project.audioPeaks', { sha256: asset.sha256 })).toEqual(peaks);
    const db = new Sqlite(path, { readonly: true });
    const events = readEvents(db).filter((e) => e.type.startsWith('generation.'));
    db.close();
    expect(events.map((e) => [e.type, e.name])).toEqual([
      ['generation.requested', 'composer'],
      ['generation.finished', 'composer'],
    ]);
    expect(events[0]!.args).toMatchObject({ engine: 'builtin', seconds: 4.5, variants: 2, seed: 11 });
  });

  it('names bad requests, and models the folder does not have', async () => {
    await newProject();
    expect((await failure('project.generateMusic', { seconds: 0.5 }))?.field).toBe('args.seconds');
    expect((await failure('project.generateMusic', { seconds: 5, variants: 5 }))?.field).toBe(
      'args.variants',
    );
    expect(
      (await failure('project.generateMusic', { seconds: 5, engine: 'model:musicgen-small' }))?.code,
    ).toBe('not_found');
    expect((await failure('project.acceptMusic', { jobId: 'job:nope', index: 0 }))?.code).toBe('not_found');
  });
});

describe('importing audio', () => {
  it('keeps a WAV as it is and transcodes an M4A to FLAC; both with peaks of their exact length', async () => {
    await newProject();
    const wav = await call<Asset>('project.importAudio', {
      source: { type: 'path', path: tone('tone.wav', 2) },
    });
    expect(wav).toMatchObject({
      kind: 'audio',
      mime: 'audio/wav',
      name: 'tone.wav',
      durationSamples: 96000,
      sampleRate: 48000,
      provenance: { type: 'imported', fileName: 'tone.wav' },
    });
    const peaks = await call<AudioPeaks>('project.audioPeaks', { sha256: wav.sha256 });
    expect(peaks.max[0]!.length).toBe(200);
    // ffmpeg's sine is at 1/8 of full scale, spread over two channels (−3 dB): about 23 of 255.
    expect(peaks.max[0]![100]).toBeGreaterThan(15);
    expect(peaks.max[0]![100]).toBeLessThan(40);

    const m4a = await call<Asset>('project.importAudio', {
      source: { type: 'path', path: tone('voice.m4a', 1.5, ['-c:a', 'aac']) },
    });
    expect(m4a.mime).toBe('audio/flac');
    expect(Math.abs(m4a.durationSamples! - 72000)).toBeLessThanOrEqual(1024);
  });

  it('refuses what is not audio, naming the file, and adds nothing', async () => {
    await newProject();
    const png = join(root, 'cover.mp3');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const refused = await failure('project.importAudio', { source: { type: 'path', path: png } });
    expect(refused?.message).toMatch(/cover\.mp3/);
    const empty = await failure('project.importAudio', {
      source: { type: 'bytes', name: 'empty.wav', bytes: new Uint8Array(0) },
    });
    expect(empty?.message).toMatch(/empty/);
    expect(
      (await failure('project.importAudio', { source: { type: 'path', path: '/etc/hostname' } }))?.code,
    ).toBe('forbidden');
    expect((await call<ProjectState>('project.current')).document.assets).toEqual({});
  });
});

describe('MusicGen from the models folder', () => {
  const models = join(dir.path, 'data', 'models');

  it('lists an export folder as a non-commercial music model; an incomplete one names its missing files', async () => {
    writeMusicgenStandIn(join(models, 'musicgen-small'));
    writeMusicgenStandIn(join(models, 'musicgen-broken'), {
      omit: ['onnx/decoder_model_merged_quantized.onnx', 'tokenizer.json'],
    });
    const list = await call<ModelsList>('models.list');
    expect(list.models.find((m) => m.id === 'musicgen-small')).toMatchObject({
      family: 'musicgen',
      licence: { name: 'CC-BY-NC-4.0', commercialUse: false },
      problem: null,
      provider: 'cpu',
    });
    const broken = list.models.find((m) => m.id === 'musicgen-broken')!;
    expect(broken.problem).toMatch(/onnx\/decoder_model_merged_quantized\.onnx/);
    expect(broken.problem).toMatch(/tokenizer\.json/);
  });

  it('asks for confirmation in client work, then makes pieces of exactly the asked length', async () => {
    await newProject();
    const refused = await failure('project.generateMusic', {
      engine: 'model:musicgen-small',
      seconds: 1,
      variants: 1,
    });
    expect(refused?.code).toBe('conflict');
    expect(refused?.message).toMatch(/CC-BY-NC-4\.0, which does not allow commercial use/);
    expect(
      (
        await failure('project.generateMusic', {
          engine: 'model:musicgen-small',
          seconds: 31,
          confirmLicence: true,
        })
      )?.message,
    ).toMatch(/at most 30 s/);
    const missing = await failure('project.generateMusic', {
      engine: 'model:musicgen-broken',
      seconds: 1,
      confirmLicence: true,
    });
    expect(missing?.message).toMatch(/tokenizer\.json/);
    const { jobId } = await call<{ jobId: string }>('project.generateMusic', {
      engine: 'model:musicgen-small',
      prompt: 'calm piano',
      seconds: 1,
      variants: 1,
      seed: 3,
      confirmLicence: true,
    });
    const info = await finished(jobId);
    expect(info.state).toBe('done');
    const result = info.result as { engine: string; variants: { durationSamples: number; seed: number }[] };
    expect(result.engine).toBe('musicgen');
    expect(result.variants).toMatchObject([{ durationSamples: 48000, seed: 3 }]);
    const { asset } = await call<{ asset: Asset }>('project.acceptMusic', { jobId, index: 0 });
    expect(asset.provenance).toMatchObject({
      type: 'generated',
      modelId: 'model:musicgen-small',
      parameters: { engine: 'musicgen', prompt: 'calm piano' },
    });
  });
});

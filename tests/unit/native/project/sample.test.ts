// The sample campaign: made from assets/sample/campaign.json into a real project file that opens
// cleanly — artboards at real placements with their layers and pictures, a storyboard whose
// shots move the camera and change by crossfade, dip to black and slide, and a soundtrack on a
// music track exactly as long as the storyboard, its waveform stored beside it. The file's log
// replays to its document; the same recipe makes the same campaign; the studio's "Open the
// sample campaign" makes it once in the user data folder and opens it like a project file.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectState } from '../../../../native/api/project';
import type { Document } from '../../../../native/model/document';
import { integrityProblems } from '../../../../native/model/integrity';
import { storyTiming } from '../../../../native/model/story-timing';
import { SAMPLE_RATE } from '../../../../native/model/time';
import { BUNDLED_FONT_FAMILIES } from '../../../../native/compose/fonts';
import { decodePeaks } from '../../../../native/media/peaks';
import { decodeWav } from '../../../../native/music/wav';
import { readEvents } from '../../../../native/feedback/log';
import { inspectProjectFile } from '../../../../native/project/project-file';
import {
  createSampleProject,
  ensureSampleProject,
  SAMPLE_FILE_NAME,
} from '../../../../native/project/sample';
import { sampleRecipe } from '../../../../native/project/sample-recipe';
import { derivedKey } from '../../../../native/project/session';
import { Sqlite } from '../../../../native/project/sqlite';
import campaign from '../../../../assets/sample/campaign.json';
import { testEngine } from '../../../helpers/engine';
import { replayFile } from '../../../helpers/replay-file';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-sample-');
afterAll(() => dir.cleanup());

const made = createSampleProject(join(dir.path, 'first.atelier'));

/** A blob of the file's asset store, by key. */
function blob(path: string, key: string): Uint8Array | undefined {
  const db = new Sqlite(path, { readonly: true });
  try {
    return db.value<Uint8Array>('SELECT data FROM assets WHERE sha256 = ?', [key]) ?? undefined;
  } finally {
    db.close();
  }
}

/** The document with its ids numbered in order of appearance and its creation time zeroed. */
function normalised(doc: Document): unknown {
  const ids = new Map<string, string>();
  const json = JSON.stringify({ ...doc, createdAt: 0 }).replace(
    /"(project|asset|canvas|layer|shot|track|clip):[A-Za-z0-9_-]+"/g,
    (id, prefix: string) => {
      if (!ids.has(id)) ids.set(id, `"${prefix}:#${ids.size}"`);
      return ids.get(id)!;
    },
  );
  return JSON.parse(json);
}

describe('the sample campaign', () => {
  it('is a project file that opens whole, with artboards at real placements and their layers', async () => {
    const path = await made;
    const { doc } = inspectProjectFile(path);
    expect(integrityProblems(doc)).toEqual([]);
    expect(doc.name).toBe('Northwind Coffee — Autumn Roast');
    expect(doc.timeline.fps).toBe(30);

    const artboards = doc.canvasOrder.map((id) => doc.canvases[id]!);
    expect(artboards.map((a) => [a.name, a.placement, a.width, a.height])).toEqual([
      ['Square post', 'square', 1080, 1080],
      ['Story', 'story', 1080, 1920],
      ['Landscape video', 'landscape', 1920, 1080],
      ['Offer', 'square', 1080, 1080],
    ]);
    const layers = Object.values(doc.layers);
    for (const artboard of artboards)
      expect(layers.filter((l) => l.canvasId === artboard.id).length).toBeGreaterThanOrEqual(5);
    // Every kind of layer the studio has, text only in the bundled fonts.
    expect(new Set(layers.map((l) => l.type))).toEqual(new Set(['fill', 'image', 'shape', 'text', 'group']));
    for (const layer of layers) {
      if (layer.type === 'text') expect(BUNDLED_FONT_FAMILIES).toContain(layer.fontFamily);
    }
    expect(layers.find((l) => l.type === 'group' && l.name === 'Call to action')).toMatchObject({
      childIds: [expect.any(String), expect.any(String)],
    });

    // The pictures are generated PNGs stored in the file, described by how they were drawn.
    const images = Object.values(doc.assets).filter((a) => a.kind === 'image');
    expect(images.map((a) => a.name).sort()).toEqual(['Bean pattern.png', 'Cup illustration.png']);
    for (const image of images) {
      expect(image.provenance).toMatchObject({ type: 'generated', modelId: 'builtin:sample-art' });
      const bytes = blob(path, image.sha256)!;
      expect(Buffer.from(bytes.subarray(1, 4)).toString('latin1')).toBe('PNG');
      expect(bytes.byteLength).toBe(image.byteSize);
    }
  });

  it('has a storyboard of shots with camera moves, transitions and captions', async () => {
    const { doc } = inspectProjectFile(await made);
    const shots = doc.shotOrder.map((id) => doc.shots[id]!);
    const artboard = (shot: (typeof shots)[number]) =>
      shot.source?.kind === 'canvas' ? doc.canvases[shot.source.canvasId]!.name : null;
    expect(shots.map((s) => [s.name, artboard(s), s.durationFrames, s.transitionIn.kind])).toEqual([
      ['Opening', 'Landscape video', 120, 'crossfade'],
      ['The roast', 'Square post', 90, 'crossfade'],
      ['Fresh this week', 'Story', 90, 'slide'],
      ['The offer', 'Offer', 90, 'dip-to-black'],
      ['End card', 'Landscape video', 60, 'crossfade'],
    ]);
    expect(storyTiming(doc).totalFrames).toBe(450);
    expect(shots.filter((s) => JSON.stringify(s.camera.from) !== JSON.stringify(s.camera.to)).length).toBe(4);
    expect(shots.filter((s) => s.caption !== '').map((s) => s.caption)).toEqual([
      'Small batches, roasted slowly',
      'Weekdays before 10 am',
    ]);
    expect(shots[0]!.reframe['9:16']).toMatchObject({ mode: 'custom' });
    expect(shots[2]!.reframe['16:9']).toEqual({ mode: 'fit', crop: null });

    const captions = Object.values(doc.timeline.tracks).find((t) => t.kind === 'captions')!;
    expect(captions.clipIds.map((id) => doc.timeline.clips[id]!.text)).toEqual([
      'Autumn Roast · in every Northwind café from 1 October',
    ]);
  });

  it('has a composed soundtrack on a music track, exactly as long as the storyboard, its waveform stored', async () => {
    const path = await made;
    const { doc } = inspectProjectFile(path);
    const music = doc.timeline.trackOrder
      .map((id) => doc.timeline.tracks[id]!)
      .find((t) => t.kind === 'music')!;
    expect(music.clipIds).toHaveLength(1);
    const clip = doc.timeline.clips[music.clipIds[0]!]!;
    const total = storyTiming(doc).totalFrames;
    expect(clip).toMatchObject({ startFrame: 0, durationFrames: total, trimStartSamples: 0 });

    const asset = doc.assets[clip.assetId!]!;
    const samples = (total * SAMPLE_RATE) / doc.timeline.fps;
    expect(asset).toMatchObject({
      kind: 'audio',
      mime: 'audio/wav',
      sampleRate: 48_000,
      durationSamples: samples,
    });
    expect(asset.provenance).toMatchObject({
      type: 'generated',
      modelId: 'builtin:composer',
      seed: 1001,
      parameters: {
        prompt: 'warm acoustic, 96 bpm, in D major',
        seconds: 15,
        beatsPerBar: expect.any(Number),
      },
    });
    const wav = decodeWav(blob(path, asset.sha256)!);
    expect(wav.sampleRate).toBe(48_000);
    expect(wav.channels.map((c) => c.length)).toEqual([samples, samples]);

    const peaks = decodePeaks(blob(path, derivedKey('peaks', asset.sha256))!);
    expect(peaks.durationSamples).toBe(samples);
    expect(Math.max(...peaks.max[0]!)).toBeGreaterThan(30);
  });

  it('keeps how it was made in its edit log, which replays to its document', async () => {
    const path = await made;
    const { doc } = inspectProjectFile(path);
    const { doc: replayed, verified } = replayFile(path);
    expect(verified).toMatchObject({ ok: true });
    expect(replayed).toEqual(doc);

    const db = new Sqlite(path, { readonly: true });
    const events = readEvents(db);
    db.close();
    expect(events[0]!.type).toBe('project.created');
    const steps = events.filter((e) => e.type === 'command' || e.type === 'gesture').map((e) => e.name);
    expect(steps.slice(0, 3)).toEqual(['asset.add', 'asset.add', 'canvas.add']);
    expect(steps).toContain('layer.group');
    expect(steps.slice(-4)).toEqual(['Add shots', 'track.add', 'clip.add', 'Add soundtrack']);
  });

  it('is the same campaign every time it is made, ids and times apart', async () => {
    const first = inspectProjectFile(await made).doc;
    const second = inspectProjectFile(await createSampleProject(join(dir.path, 'second.atelier'))).doc;
    expect(second.id).not.toBe(first.id);
    expect(normalised(second)).toEqual(normalised(first));
    const hashes = (doc: Document) => Object.values(doc.assets).map((a) => a.sha256);
    expect(hashes(second)).toEqual(hashes(first));
  });

  it('refuses a recipe that does not hold together, naming what is wrong', () => {
    const broken = structuredClone(campaign);
    broken.shots[1]!.artboard = 'billboard';
    expect(() => sampleRecipe(broken)).toThrow(/shots\.1\.artboard: no artboard "billboard"/);
    const font = structuredClone(campaign) as { artboards: { layers: { fontFamily?: string }[] }[] };
    font.artboards[0]!.layers[4]!.fontFamily = 'Comic Sans MS';
    expect(() => sampleRecipe(font)).toThrow(/artboards\.0\.layers\.4\.fontFamily/);
  });

  it('is made once in a folder and reused; one that does not open is set aside, never overwritten', async () => {
    const samples = join(dir.path, 'samples');
    const made = await ensureSampleProject(samples);
    expect(made).toEqual({ path: join(samples, SAMPLE_FILE_NAME), problem: null });
    const { doc } = inspectProjectFile(made.path);
    const modified = statSync(made.path).mtimeMs;
    expect(await ensureSampleProject(samples)).toEqual(made);
    expect(statSync(made.path).mtimeMs).toBe(modified);
    expect(inspectProjectFile(made.path).doc.id).toBe(doc.id);

    writeFileSync(made.path, 'not a project');
    const again = await ensureSampleProject(samples);
    expect(again.path).toBe(made.path);
    expect(again.problem).toMatch(
      /^The sample could not be opened \(.*\): it was kept as Northwind sample \(unreadable 1\)\.atelier/,
    );
    expect(inspectProjectFile(again.path).doc.id).not.toBe(doc.id);
    expect(readdirSync(samples).sort()).toEqual([
      'Northwind sample (unreadable 1).atelier',
      SAMPLE_FILE_NAME,
    ]);
  });
});

describe('project.openSample', () => {
  const root = join(dir.path, 'home');
  mkdirSync(root);
  const userData = join(dir.path, 'data');
  const { engine, call, failure } = testEngine(root, userData);
  afterAll(() => engine.close());

  it('opens the sample from the user data folder like a project file, made the first time', async () => {
    const state = await call<ProjectState>('project.openSample');
    const path = join(userData, 'samples', SAMPLE_FILE_NAME);
    expect(state).toMatchObject({
      path,
      title: 'Northwind sample',
      dirty: false,
      revision: 0,
      problem: null,
    });
    expect(state.document.shotOrder).toHaveLength(5);
    expect(existsSync(path)).toBe(true);
    // The working files of making it are gone: nothing is offered for recovery.
    expect(await call('project.recoverable')).toEqual([]);

    // Edited and not saved, it is not replaced; once closed, the same file opens again.
    const shot = state.document.shotOrder[0]!;
    await call('project.edit', {
      edit: {
        kind: 'command',
        command: { type: 'shot.update', args: { shotId: shot, patch: { caption: 'Hi' } } },
      },
      revision: 0,
    });
    expect((await failure('project.openSample'))?.message).toMatch(/unsaved changes/);
    await call('project.close', { discard: true });
    const again = await call<ProjectState>('project.openSample');
    expect(again.document.id).toBe(state.document.id);
    expect(again.document.shots[shot]!.caption).toBe('');
    await call('project.close');
  });
});

/**
 * The sample campaign: a real .atelier project built from the recipe in
 * assets/sample/campaign.json by the project's own code. Its pictures are drawn and its
 * soundtrack composed here, then stored and put in place by commands through a ProjectSession,
 * so the file's edit log tells how it was made and replays to its document.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from '../model/commands/index';
import { ShotSchema, type Asset, type Clip, type Layer, type Shot, type Track } from '../model/document';
import type { Edit } from '../model/editor';
import { blankCanvas } from '../model/factory';
import { newId, type AssetId, type CanvasId, type LayerId } from '../model/ids';
import { SAMPLE_RATE } from '../model/time';
import { computePeaks, encodePeaks } from '../media/peaks';
import { compose, type Composition } from '../music/composer';
import { encodeWav } from '../music/wav';
import { APP_VERSION } from '../studio/app-info';
import { inspectProjectFile } from './project-file';
import { drawSampleImage, type SampleImage } from './sample-art';
import {
  placementSize,
  sampleRecipe,
  type LeafRecipe,
  type SampleImageRecipe,
  type SampleRecipe,
} from './sample-recipe';
import { ProjectSession } from './session';

/** What the sample is called in the user data folder's `samples/`. */
export const SAMPLE_FILE_NAME = 'Northwind sample.atelier';

export interface SampleOptions {
  /**
   * Where the session that builds the sample keeps its recovery store while it works (removed
   * when done). Default: a temporary folder of its own, so that nothing half-built is ever
   * offered for recovery.
   */
  userDataDir?: string;
  /** Written into the file as the version that made it; default this Atelier's. */
  appVersion?: string;
  /** Default: assets/sample/campaign.json. */
  recipe?: SampleRecipe;
}

/** The storyboard's length: the shots back to back. */
export function sampleFrames(recipe: SampleRecipe): number {
  return recipe.shots.reduce((sum, shot) => sum + shot.frames, 0);
}

/**
 * Builds the sample campaign into a new project file at `path` (replacing what is there) and
 * returns the path. The same recipe gives the same document, ids and times apart, and the same
 * asset bytes.
 *
 * @example
 * await createSampleProject('/tmp/Northwind sample.atelier');
 */
export async function createSampleProject(path: string, options: SampleOptions = {}): Promise<string> {
  const recipe = options.recipe ?? sampleRecipe();
  const frames = sampleFrames(recipe);
  // Every picture and the soundtrack are made before anything is written.
  const [images, music] = await Promise.all([
    Promise.all(
      Object.entries(recipe.images).map(async ([key, image]) => ({
        key,
        recipe: image,
        drawn: await drawSampleImage(image),
      })),
    ),
    composeSoundtrack(recipe, frames),
  ]);
  const temporary = options.userDataDir ? null : mkdtempSync(join(tmpdir(), 'atelier-sample-'));
  const session = ProjectSession.createNew(
    { userDataDir: options.userDataDir ?? temporary!, appVersion: options.appVersion ?? APP_VERSION },
    { name: recipe.name, commercial: recipe.commercial, fps: recipe.fps },
  );
  try {
    build(session, recipe, images, music, frames);
    mkdirSync(dirname(path), { recursive: true });
    await session.saveAs(path);
  } finally {
    // Saved, nothing is left to recover; failed, the half-built project goes with its store.
    session.close({ discard: true });
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
  return path;
}

/**
 * The sample in `dir`, made when it is not there. One already there is reused if it opens
 * cleanly: what the user saved into it is theirs. One that does not open (damaged, or saved by a
 * newer Atelier) is never overwritten: it is renamed aside, a fresh sample is made, and
 * `problem` says so.
 */
export async function ensureSampleProject(
  dir: string,
  options: SampleOptions = {},
): Promise<{ path: string; problem: string | null }> {
  const path = join(dir, SAMPLE_FILE_NAME);
  let problem: string | null = null;
  if (existsSync(path)) {
    try {
      inspectProjectFile(path);
      return { path, problem: null };
    } catch (error) {
      const aside = setAside(path);
      problem = `The sample could not be opened (${(error as Error).message}): it was kept as ${basename(aside)} and a fresh sample was made`;
    }
  }
  await createSampleProject(path, options);
  return { path, problem };
}

/** Renames a project file (and what SQLite keeps beside it) to a free name next to it. */
function setAside(path: string): string {
  const stem = basename(path, extname(path));
  let aside = '';
  for (let n = 1; !aside || existsSync(aside); n++)
    aside = join(dirname(path), `${stem} (unreadable ${n})${extname(path)}`);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  renameSync(path, aside);
  return aside;
}

async function composeSoundtrack(recipe: SampleRecipe, frames: number): Promise<Composition> {
  const piece = await compose({
    prompt: recipe.soundtrack.prompt,
    seconds: frames / recipe.fps,
    seed: recipe.soundtrack.seed,
    sampleRate: SAMPLE_RATE,
  });
  // Every frame rate divides 48 kHz: the piece is exactly the storyboard, to the sample.
  const expected = (frames * SAMPLE_RATE) / recipe.fps;
  if (piece.left.length !== expected)
    throw new Error(`the sample soundtrack is ${piece.left.length} samples, not ${expected}`);
  return piece;
}

interface DrawnImage {
  key: string;
  recipe: SampleImageRecipe;
  drawn: SampleImage;
}

/** The sample's edits, in the order a designer might make them. */
function build(
  session: ProjectSession,
  recipe: SampleRecipe,
  images: DrawnImage[],
  music: Composition,
  frames: number,
): void {
  const apply = (edit: Edit) => {
    const result = session.apply(edit);
    if (!result.ok) throw new Error(`the sample recipe could not be built: ${result.reason}`);
  };
  const run = (command: Command) => apply({ kind: 'command', command });

  const imageAssets = new Map<string, AssetId>();
  for (const { key, recipe: image, drawn } of images) {
    const { name, kind, seed, ...parameters } = image;
    const asset = session.importAsset({
      bytes: drawn.png,
      name,
      kind: 'image',
      mime: 'image/png',
      width: drawn.width,
      height: drawn.height,
      provenance: {
        type: 'generated',
        modelId: 'builtin:sample-art',
        modelSha256: null,
        parameters: { drawing: kind, ...parameters },
        seed,
        maskAssetId: null,
        parentAssetIds: [],
      },
    });
    run({ type: 'asset.add', args: { asset } });
    imageAssets.set(key, asset.id);
  }

  const canvases = new Map<string, CanvasId>();
  for (const artboard of recipe.artboards) {
    const size = placementSize(artboard.placement);
    const canvas = {
      ...blankCanvas(newId('canvas'), artboard.name, size.width, size.height, artboard.placement),
      background: artboard.background,
    };
    run({ type: 'canvas.add', args: { canvas } });
    canvases.set(artboard.key, canvas.id);
    const add = (layer: LeafRecipe): LayerId => {
      const made = layerOf(layer, canvas.id, size, imageAssets);
      run({ type: 'layer.add', args: { layer: made } });
      return made.id;
    };
    for (const layer of artboard.layers) {
      if (layer.type !== 'group') {
        add(layer);
        continue;
      }
      const layerIds = layer.layers.map(add);
      run({ type: 'layer.group', args: { groupId: newId('layer'), layerIds, name: layer.name } });
    }
  }

  const shots: Shot[] = recipe.shots.map((shot) =>
    ShotSchema.parse({
      id: newId('shot'),
      name: shot.name,
      source: { kind: 'canvas', canvasId: canvases.get(shot.artboard) },
      durationFrames: shot.frames,
      caption: shot.caption,
      notes: shot.notes,
      transitionIn: { kind: shot.transition.kind, durationFrames: shot.transition.frames },
      camera: shot.camera,
      reframe: shot.reframe,
    }),
  );
  apply({
    kind: 'gesture',
    label: 'Add shots',
    commands: shots.map((shot) => ({ type: 'shot.add', args: { shot } })),
  });

  if (recipe.captions.length > 0) {
    const track = newTrack('captions', 'Captions');
    run({ type: 'track.add', args: { track } });
    for (const caption of recipe.captions) {
      run({
        type: 'clip.add',
        args: {
          clip: newClip(track, {
            text: caption.text,
            startFrame: caption.startFrame,
            durationFrames: caption.frames,
          }),
        },
      });
    }
  }

  // As the Soundtrack panel's Use does it: the audio with its peaks and how it was made, then
  // one step that adds the music track, the asset and its clip.
  const wav = encodeWav({ sampleRate: music.sampleRate, channels: [music.left, music.right] });
  const asset: Asset = session.importAsset({
    bytes: wav,
    name: recipe.soundtrack.name,
    kind: 'audio',
    mime: 'audio/wav',
    durationSamples: music.left.length,
    sampleRate: music.sampleRate,
    provenance: {
      type: 'generated',
      modelId: 'builtin:composer',
      modelSha256: null,
      parameters: {
        engine: 'builtin',
        prompt: recipe.soundtrack.prompt,
        seconds: frames / recipe.fps,
        bpm: music.bpm,
        key: music.key,
        beatsPerBar: music.beatsPerBar,
        beatOffsetSeconds: music.beats[0] ?? 0,
        barOffsetSeconds: music.bars[0] ?? null,
      },
      seed: recipe.soundtrack.seed,
      maskAssetId: null,
      parentAssetIds: [],
    },
  });
  session.storeDerived(
    'peaks',
    asset.sha256,
    encodePeaks(computePeaks(music.left, music.right, music.sampleRate)),
  );
  const track = newTrack('music', 'Music');
  apply({
    kind: 'gesture',
    label: 'Add soundtrack',
    commands: [
      { type: 'track.add', args: { track } },
      { type: 'asset.add', args: { asset } },
      { type: 'clip.add', args: { clip: newClip(track, { assetId: asset.id, durationFrames: frames }) } },
    ],
  });
}

function layerOf(
  recipe: LeafRecipe,
  canvasId: CanvasId,
  size: { width: number; height: number },
  images: Map<string, AssetId>,
): Layer {
  // A fill covers its artboard, as Layer ▸ New fill layer makes it.
  const [x, y, width, height] = recipe.type === 'fill' ? [0, 0, size.width, size.height] : recipe.box;
  const base = {
    id: newId('layer'),
    canvasId,
    parentId: null,
    name: recipe.name,
    visible: true,
    locked: false,
    opacity: recipe.opacity,
    blendMode: recipe.blendMode,
    transform: { x, y, width, height, rotation: recipe.rotation, flipX: false, flipY: false },
  };
  switch (recipe.type) {
    case 'fill':
      return { ...base, type: 'fill', fill: recipe.fill };
    case 'image':
      return { ...base, type: 'image', assetId: images.get(recipe.image)! };
    case 'shape':
      return {
        ...base,
        type: 'shape',
        shape: recipe.shape,
        fill: recipe.fill,
        stroke: recipe.stroke,
        cornerRadius: recipe.cornerRadius,
      };
    case 'text':
      return {
        ...base,
        type: 'text',
        text: recipe.text,
        fontFamily: recipe.fontFamily,
        fontSize: recipe.fontSize,
        fontWeight: recipe.fontWeight,
        color: recipe.color,
        align: recipe.align,
        lineHeight: recipe.lineHeight,
      };
  }
}

function newTrack(kind: Track['kind'], name: string): Track {
  return { id: newId('track'), kind, name, muted: false, solo: false, gainDb: 0, clipIds: [] };
}

function newClip(
  track: Track,
  part: Partial<Pick<Clip, 'assetId' | 'text' | 'startFrame'>> & Pick<Clip, 'durationFrames'>,
): Clip {
  return {
    id: newId('clip'),
    trackId: track.id,
    assetId: null,
    shotId: null,
    text: null,
    startFrame: 0,
    trimStartSamples: 0,
    gainDb: 0,
    fadeInFrames: 0,
    fadeOutFrames: 0,
    ...part,
  };
}

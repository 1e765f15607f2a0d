import { createHash } from 'node:crypto';
import type { Asset, Document, Layer, Shot } from '../../native/model/document';
import { Editor } from '../../native/model/editor';
import { blankCanvas, createDocument } from '../../native/model/factory';
import type { AssetId, CanvasId, ClipId, LayerId, ShotId, TrackId } from '../../native/model/ids';
import { compose } from '../../native/music/composer';
import { encodeWav } from '../../native/music/wav';

/**
 * Storyboard documents for export tests and the export benchmark, built through the real
 * commands: one artboard per shot (a solid fill of its own colour, a shape and, when `rich`, a
 * gradient and a text layer), shots with transitions and camera moves, a captions track, and a
 * music track playing a WAV.
 */
export interface StoryShotSpec {
  color: string;
  frames: number;
  transition?: { kind: Shot['transitionIn']['kind']; frames: number };
  camera?: Shot['camera'];
  caption?: string;
  name?: string;
}

export interface StoryDocSpec {
  shots: StoryShotSpec[];
  fps?: 24 | 25 | 30 | 50 | 60;
  /** Artboard size (default 1080 × 1080). */
  artboard?: { width: number; height: number };
  /** Adds a gradient and a text layer to each artboard (the benchmark's busier frames). */
  rich?: boolean;
  captions?: { text: string; startFrame: number; durationFrames: number }[];
  /** A music clip from frame 0 playing `wav` (bytes of a WAV file). */
  music?: {
    wav: Uint8Array;
    seconds: number;
    gainDb?: number;
    fadeInFrames?: number;
    fadeOutFrames?: number;
    durationFrames?: number;
  };
}

const STILL: Shot['camera'] = {
  from: { x: 0.5, y: 0.5, scale: 1 },
  to: { x: 0.5, y: 0.5, scale: 1 },
  easing: 'linear',
};

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function baseLayer(id: string, canvasId: CanvasId, name: string, transform: Layer['transform']) {
  return {
    id: `layer:${id}` as LayerId,
    canvasId,
    parentId: null,
    name,
    visible: true,
    locked: false,
    opacity: 1,
    blendMode: 'normal' as const,
    transform,
  };
}

/** A command as `Editor.dispatch` and `ProjectSession.apply` take it. */
export type StoryCommand = Parameters<Editor['dispatch']>[0];

/** The document, and the audio bytes the export needs, by SHA-256. */
export function storyDoc(spec: StoryDocSpec): { doc: Document; audio: Record<string, Uint8Array> } {
  const editor = new Editor(
    createDocument({ id: 'project:story', name: 'Story', createdAt: 0, fps: spec.fps ?? 30 }),
  );
  const audio = buildStory(spec, (command) => {
    const result = editor.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  });
  return { doc: editor.doc, audio };
}

/**
 * Runs the commands that build the storyboard through `run` (an editor's, or a project session's
 * so that a real project file holds it); returns the audio bytes by SHA-256, to store as assets.
 */
export function buildStory(
  spec: StoryDocSpec,
  run: (command: StoryCommand) => void,
): Record<string, Uint8Array> {
  const { width, height } = spec.artboard ?? { width: 1080, height: 1080 };
  spec.shots.forEach((s, i) => {
    const canvasId = `canvas:c${i}` as CanvasId;
    run({ type: 'canvas.add', args: { canvas: blankCanvas(canvasId, `Board ${i + 1}`, width, height) } });
    const whole = { x: 0, y: 0, width, height, rotation: 0, flipX: false, flipY: false };
    run({
      type: 'layer.add',
      args: {
        layer: {
          ...baseLayer(`fill${i}`, canvasId, 'Fill', whole),
          type: 'fill',
          fill: { kind: 'solid', color: s.color },
        },
      },
    });
    if (spec.rich) {
      run({
        type: 'layer.add',
        args: {
          layer: {
            ...baseLayer(`grad${i}`, canvasId, 'Gradient', { ...whole, height: height / 2 }),
            opacity: 0.6,
            type: 'fill',
            fill: {
              kind: 'linear',
              angle: 30 + 40 * i,
              stops: [
                { offset: 0, color: '#ffffff' },
                { offset: 1, color: s.color },
              ],
            },
          },
        },
      });
    }
    run({
      type: 'layer.add',
      args: {
        layer: {
          ...baseLayer(`shape${i}`, canvasId, 'Disc', {
            ...whole,
            x: width * 0.3,
            y: height * 0.3,
            width: width * 0.4,
            height: height * 0.4,
          }),
          type: 'shape',
          shape: 'ellipse',
          fill: '#ffffff',
          stroke: { color: '#202020', width: 12 },
          cornerRadius: 0,
        },
      },
    });
    if (spec.rich) {
      run({
        type: 'layer.add',
        args: {
          layer: {
            ...baseLayer(`text${i}`, canvasId, 'Title', {
              ...whole,
              x: width * 0.1,
              y: height * 0.08,
              width: width * 0.8,
              height: height * 0.2,
            }),
            type: 'text',
            text: `Spring sale ${i + 1}`,
            fontFamily: 'Montserrat',
            fontSize: Math.round(width / 12),
            fontWeight: 700,
            color: '#111111',
            align: 'center',
            lineHeight: 1.2,
          },
        },
      });
    }
    run({
      type: 'shot.add',
      args: {
        shot: {
          id: `shot:s${i}` as ShotId,
          name: s.name ?? `Shot ${i + 1}`,
          source: { kind: 'canvas', canvasId },
          durationFrames: s.frames,
          caption: s.caption ?? '',
          notes: '',
          transitionIn: { kind: s.transition?.kind ?? 'cut', durationFrames: s.transition?.frames ?? 0 },
          camera: s.camera ?? STILL,
          reframe: {},
        },
      },
    });
  });
  if (spec.captions?.length) {
    run({
      type: 'track.add',
      args: {
        track: {
          id: 'track:captions' as TrackId,
          kind: 'captions',
          name: 'Captions',
          muted: false,
          solo: false,
          gainDb: 0,
          clipIds: [],
        },
      },
    });
    spec.captions.forEach((c, i) =>
      run({
        type: 'clip.add',
        args: {
          clip: {
            id: `clip:cap${i}` as ClipId,
            trackId: 'track:captions' as TrackId,
            assetId: null,
            shotId: null,
            text: c.text,
            startFrame: c.startFrame,
            durationFrames: c.durationFrames,
            trimStartSamples: 0,
            gainDb: 0,
            fadeInFrames: 0,
            fadeOutFrames: 0,
          },
        },
      }),
    );
  }
  const audio: Record<string, Uint8Array> = {};
  if (spec.music) {
    const m = spec.music;
    const hash = sha256(m.wav);
    audio[hash] = m.wav;
    const asset: Asset = {
      id: 'asset:music' as AssetId,
      kind: 'audio',
      sha256: hash,
      mime: 'audio/wav',
      byteSize: m.wav.byteLength,
      name: 'bed.wav',
      width: null,
      height: null,
      durationSamples: Math.round(m.seconds * 48_000),
      sampleRate: 48_000,
      provenance: { type: 'imported', fileName: 'bed.wav' },
    };
    run({ type: 'asset.add', args: { asset } });
    run({
      type: 'track.add',
      args: {
        track: {
          id: 'track:music' as TrackId,
          kind: 'music',
          name: 'Music',
          muted: false,
          solo: false,
          gainDb: 0,
          clipIds: [],
        },
      },
    });
    const fps = spec.fps ?? 30;
    run({
      type: 'clip.add',
      args: {
        clip: {
          id: 'clip:music' as ClipId,
          trackId: 'track:music' as TrackId,
          assetId: asset.id,
          shotId: null,
          text: null,
          startFrame: 0,
          durationFrames: m.durationFrames ?? Math.floor(m.seconds * fps),
          trimStartSamples: 0,
          gainDb: m.gainDb ?? 0,
          fadeInFrames: m.fadeInFrames ?? 0,
          fadeOutFrames: m.fadeOutFrames ?? 0,
        },
      },
    });
  }
  return audio;
}

/** A soundtrack from the built-in composer as WAV bytes (48 kHz stereo 16-bit). */
export async function composedWav(seconds: number, seed = 1): Promise<Uint8Array> {
  const piece = await compose({ prompt: 'upbeat corporate 120 bpm', seconds, seed });
  return encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] });
}

/** The three-shot storyboard of the export tests: a crossfade, a caption and a soundtrack. */
export async function threeShotStory(options: { seconds?: number } = {}) {
  const fps = 30;
  const seconds = options.seconds ?? 3;
  const per = Math.round((seconds * fps) / 3);
  const wav = await composedWav(seconds + 1);
  return storyDoc({
    fps,
    artboard: { width: 1080, height: 1080 },
    shots: [
      { color: '#d03030', frames: per, name: 'Opening' },
      {
        color: '#30a040',
        frames: per,
        transition: { kind: 'crossfade', frames: 10 },
        name: 'Product',
        camera: {
          from: { x: 0.5, y: 0.5, scale: 1 },
          to: { x: 0.3, y: 0.4, scale: 1.5 },
          easing: 'ease-in-out',
        },
      },
      { color: '#3050d0', frames: per, name: 'End card' },
    ],
    captions: [{ text: 'Spring sale — 30% off', startFrame: 5, durationFrames: per }],
    music: { wav, seconds: seconds + 1, durationFrames: seconds * fps + 15, fadeOutFrames: 10 },
  });
}

import type { Asset, Clip, Document, Track } from '../../native/model/document';
import { Editor } from '../../native/model/editor';
import { createDocument } from '../../native/model/factory';
import type { AssetId, ClipId, TrackId } from '../../native/model/ids';

/**
 * Timeline documents for tests: an audio asset (48 kHz unless asked), tracks and clips, built
 * through the real commands.
 */
export function audioAsset(
  id: string,
  seconds: number,
  options: { sampleRate?: number; beats?: { bpm: number; offset?: number; barOffset?: number } } = {},
): Asset {
  const sampleRate = options.sampleRate ?? 48_000;
  return {
    id: `asset:${id}` as AssetId,
    kind: 'audio',
    sha256: id
      .padEnd(64, '0')
      .slice(0, 64)
      .replace(/[^0-9a-f]/g, 'a'),
    mime: 'audio/wav',
    byteSize: 1000,
    name: `${id}.wav`,
    width: null,
    height: null,
    durationSamples: Math.round(seconds * sampleRate),
    sampleRate,
    provenance: options.beats
      ? {
          type: 'generated',
          modelId: 'builtin:composer',
          modelSha256: null,
          parameters: {
            bpm: options.beats.bpm,
            beatsPerBar: 4,
            beatOffsetSeconds: options.beats.offset ?? 0,
            ...(options.beats.barOffset !== undefined ? { barOffsetSeconds: options.beats.barOffset } : {}),
          },
          seed: 1,
          maskAssetId: null,
          parentAssetIds: [],
        }
      : { type: 'imported', fileName: `${id}.wav` },
  };
}

export function track(id: string, kind: Track['kind'] = 'music', patch: Partial<Track> = {}): Track {
  return {
    id: `track:${id}` as TrackId,
    kind,
    name: id,
    muted: false,
    solo: false,
    gainDb: 0,
    clipIds: [],
    ...patch,
  };
}

export function clip(id: string, trackId: string, assetId: string | null, patch: Partial<Clip> = {}): Clip {
  return {
    id: `clip:${id}` as ClipId,
    trackId: `track:${trackId}` as TrackId,
    assetId: assetId ? (`asset:${assetId}` as AssetId) : null,
    shotId: null,
    text: null,
    startFrame: 0,
    durationFrames: 30,
    trimStartSamples: 0,
    gainDb: 0,
    fadeInFrames: 0,
    fadeOutFrames: 0,
    ...patch,
  };
}

/** An editor holding a 30 fps document with these assets, tracks and clips. */
export function timelineEditor(parts: {
  assets?: Asset[];
  tracks?: Track[];
  clips?: Clip[];
  fps?: 24 | 25 | 30 | 50 | 60;
}) {
  const editor = new Editor(
    createDocument({ id: 'project:timeline', name: 'Timeline', createdAt: 0, fps: parts.fps ?? 30 }),
  );
  const run = (command: Parameters<Editor['dispatch']>[0]) => {
    const result = editor.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  };
  for (const asset of parts.assets ?? []) run({ type: 'asset.add', args: { asset } });
  for (const t of parts.tracks ?? []) run({ type: 'track.add', args: { track: t } });
  for (const c of parts.clips ?? []) run({ type: 'clip.add', args: { clip: c } });
  return editor;
}

export function timelineDoc(parts: Parameters<typeof timelineEditor>[0]): Document {
  return timelineEditor(parts).doc;
}

import type { Document } from '../model/document';
import { storyTiming } from '../model/story-timing';
import { frameToSample } from '../model/time';
import { mixClips } from './mix';

/** The asset bytes a video export of `doc` needs, by SHA-256 (the `images`, `videos` and `audio` of its job). */
export interface ExportAssets {
  images: Record<string, Uint8Array>;
  /** The video clips shots show (their original files). */
  videos: Record<string, Uint8Array>;
  audio: Record<string, Uint8Array>;
}

/**
 * Collects what the export draws and plays: the images of the shots (image shots, and image layers
 * of artboard shots), the video clips of video shots, and the audio of the clips heard within the story. `read` returns an asset's
 * stored bytes (a project session's `readAsset`); what it cannot find is left out, and the export
 * then names it.
 *
 * @example
 * const { images, videos, audio } = exportAssets(session.doc, (sha) => session.readAsset(sha));
 */
export function exportAssets(doc: Document, read: (sha256: string) => Uint8Array | null): ExportAssets {
  const images: Record<string, Uint8Array> = {};
  const videos: Record<string, Uint8Array> = {};
  const audio: Record<string, Uint8Array> = {};
  const add = (into: Record<string, Uint8Array>, sha256: string) => {
    if (into[sha256]) return;
    const bytes = read(sha256);
    if (bytes) into[sha256] = bytes;
  };
  const timing = storyTiming(doc);
  const canvases = new Set<string>();
  for (const { shot } of timing.shots) {
    if (shot.source?.kind === 'canvas') canvases.add(shot.source.canvasId);
    else if (shot.source?.kind === 'asset') {
      const asset = doc.assets[shot.source.assetId];
      if (asset?.kind === 'image') add(images, asset.sha256);
      else if (asset?.kind === 'video') add(videos, asset.sha256);
    }
  }
  for (const layer of Object.values(doc.layers)) {
    if (layer.type !== 'image' || !canvases.has(layer.canvasId)) continue;
    const asset = doc.assets[layer.assetId];
    if (asset) add(images, asset.sha256);
  }
  for (const clip of mixClips(doc, frameToSample(timing.totalFrames, doc.timeline.fps))) {
    add(audio, clip.asset.sha256);
  }
  return { images, videos, audio };
}

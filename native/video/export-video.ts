/**
 * Exports a storyboard: the audio mixed once (48 kHz, loudness-normalised), then for each target
 * the frames drawn by native/compose and piped into ffmpeg (MP4: H.264 + AAC; WebM: VP9 + Opus),
 * or one PNG per shot. Everything is written in hidden work folders beside the targets and moved
 * into place only when every target is done: a cancel or a failure leaves no file behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../api/errors';
import type { ExportVideoResult, ExportVideoTarget, VideoFormat } from '../api/jobs';
import { findTool } from '../media/ffmpeg';
import type { Document } from '../model/document';
import { videoPlacement } from '../model/placements';
import { storyTiming, type StoryTiming } from '../model/story-timing';
import { frameToSample } from '../model/time';
import { DEFAULT_ENCODER_SETTINGS, encodeVideo, type EncoderSettings } from './encode';
import { interleaveF32le, mixAudio } from './mix';
import {
  clipFilePath,
  decodeImages,
  stillFrame,
  StoryFrames,
  type ClipFile,
  type FramePlacement,
} from './story-frames';
import { commitFile, commitFolder, exportWorkDir, prepareTarget, removeWorkDirs } from './work-dir';

/** How far an export has come, as the Jobs panel and the CLI show it. */
export interface ExportProgress {
  /** 0…1 over the whole export (mixing counts for a small share). */
  fraction: number;
  /** e.g. "9:16: frame 120 of 900, about 25 s left". */
  stage: string;
  /** Frames drawn and handed to the encoder (or stills written), over all targets. */
  framesDone: number;
  framesTotal: number;
  /** Estimated from the frame rate so far; null until there is enough to go on. */
  secondsLeft: number | null;
}

export interface ExportVideoOptions {
  document: Document;
  format: VideoFormat;
  targets: readonly ExportVideoTarget[];
  /** LUFS to normalise the mix to; null keeps its level. */
  loudnessLufs: number | null;
  /** Encoded images by SHA-256 (what the shots and their artboards show). */
  images: Readonly<Record<string, Uint8Array>>;
  /** The files of the video clips shots show, by SHA-256. */
  videos?: Readonly<Record<string, Uint8Array>>;
  /** Encoded audio assets by SHA-256 (what the audio clips play). */
  audio: Readonly<Record<string, Uint8Array>>;
  /** Names the work folders: the job's (see `workToken`), else random. */
  token?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  settings?: EncoderSettings;
}

/** Share of the progress bar the audio mix takes before the first frame. */
const MIX_SHARE = 0.05;

/** The placement a target names, as the frame drawer takes it. */
export function targetPlacement(target: ExportVideoTarget): FramePlacement {
  return typeof target.placement === 'string'
    ? videoPlacement(target.placement)
    : { id: 'custom', ...target.placement };
}

/** A file name made of a shot's name: no separators, no control characters, not hidden. */
function fileSafe(name: string): string {
  const safe = name
    .replace(/[/\\:*?"<>|\p{Cc}]+/gu, '-')
    .replace(/^[.\s-]+/, '')
    .trim()
    .slice(0, 60);
  return safe || 'shot';
}

/** The still's file name: its position and the shot's name, e.g. `02-product close-up.png`. */
export function stillName(index: number, shotName: string): string {
  return `${String(index + 1).padStart(2, '0')}-${fileSafe(shotName)}.png`;
}

/** Refuses what cannot be exported, before any work: an empty storyboard, missing pictures. */
function check(
  doc: Document,
  timing: StoryTiming,
  images: Readonly<Record<string, Uint8Array>>,
  videos: Readonly<Record<string, Uint8Array>>,
): void {
  if (timing.totalFrames === 0) {
    throw new StudioError('invalid_argument', 'the storyboard has no shots: there is nothing to export');
  }
  const needed = new Map<string, string>();
  const needImage = (assetId: string) => {
    const asset = doc.assets[assetId];
    if (asset?.kind === 'image') needed.set(asset.sha256, asset.name);
  };
  for (const { shot } of timing.shots) {
    const source = shot.source;
    if (source?.kind === 'asset') {
      const asset = doc.assets[source.assetId];
      if (asset?.kind === 'video' && !videos[asset.sha256]) {
        throw new StudioError(
          'not_found',
          `the video clip "${asset.name}" shot "${shot.name}" shows is missing from the export`,
        );
      }
      needImage(source.assetId);
    } else if (source?.kind === 'canvas') {
      for (const layer of Object.values(doc.layers)) {
        if (layer.canvasId === source.canvasId && layer.type === 'image') needImage(layer.assetId);
      }
    }
  }
  for (const [sha256, name] of needed) {
    if (!images[sha256]) {
      throw new StudioError(
        'not_found',
        `the image "${name}" the storyboard shows is missing from the export`,
      );
    }
  }
}

/**
 * Exports `targets` and returns what was written. Nothing appears at any target until all are
 * done; on cancel (`signal`) or error the work folders are removed and the call rejects.
 *
 * @throws StudioError: 'invalid_argument' (nothing to export, a target of the wrong kind, an
 * image or audio file that cannot be decoded), 'not_found' (bytes missing), 'unavailable' (no
 * ffmpeg, no disk space), 'forbidden' (read-only folder), 'cancelled'.
 * @example
 * const result = await exportVideo({
 *   document: doc, format: 'mp4', loudnessLufs: -14, images, audio,
 *   targets: [{ placement: '9:16', path: '/ads/spring-vertical.mp4' }],
 *   onProgress: (p) => console.error(p.stage),
 * });
 */
export async function exportVideo(options: ExportVideoOptions): Promise<ExportVideoResult> {
  const { document: doc, format, signal } = options;
  const timing = storyTiming(doc);
  const videos = options.videos ?? {};
  check(doc, timing, options.images, videos);
  const fps = doc.timeline.fps;
  const video = format !== 'stills';
  // A missing ffmpeg is said before anything is drawn or written.
  if (video) findTool('ffmpeg');
  signal?.throwIfAborted();

  const token = options.token ?? randomBytes(6).toString('hex');
  const targets = options.targets.map((target) => ({
    target,
    placement: targetPlacement(target),
    workDir: exportWorkDir(target.path, token),
  }));
  const framesPerTarget = video ? timing.totalFrames : timing.shots.length;
  const framesTotal = framesPerTarget * targets.length;
  let framesDone = 0;
  let framesStarted = 0;
  let started = 0;
  const report = (stage: string, fraction: number) =>
    options.onProgress?.({ fraction, stage, framesDone, framesTotal, secondsLeft: null });
  const frameDone = (label: string) => {
    framesDone++;
    if (!options.onProgress) return;
    const elapsed = (performance.now() - started) / 1000;
    // The rate over every frame so far, all targets together.
    const secondsLeft =
      framesDone >= 10 && elapsed > 0.5 ? ((framesTotal - framesDone) * elapsed) / framesDone : null;
    const what = video ? 'frame' : 'still';
    const first = video ? MIX_SHARE : 0;
    options.onProgress({
      fraction: first + (0.999 - first) * (framesDone / framesTotal),
      stage: `${label}: ${what} ${framesDone - framesStarted} of ${framesPerTarget}${secondsLeft === null ? '' : `, ${describeLeft(secondsLeft)}`}`,
      framesDone,
      framesTotal,
      secondsLeft,
    });
  };

  const made: string[] = [];
  try {
    for (const t of targets) {
      await prepareTarget(t.target.path, video ? 'file' : 'folder', t.workDir);
      made.push(t.workDir);
    }
    const decoded = await decodeImages(options.images);
    // The clips go to the first work folder as files, for ffmpeg to decode as each target plays.
    const clips = new Map<string, ClipFile>();
    for (const asset of Object.values(doc.assets)) {
      const bytes = videos[asset.sha256];
      if (asset.kind !== 'video' || !bytes || clips.has(asset.sha256)) continue;
      const path = clipFilePath(targets[0]!.workDir, asset.sha256, asset.mime);
      await writeFile(path, bytes);
      clips.set(asset.sha256, { path, name: asset.name });
    }
    signal?.throwIfAborted();

    let loudness: ExportVideoResult['loudness'] = null;
    let audioPath = '';
    if (video) {
      report('mixing the audio', 0);
      const mix = await mixAudio(doc, {
        lengthSamples: frameToSample(timing.totalFrames, fps),
        audio: options.audio,
        targetLufs: options.loudnessLufs,
        signal,
        onProgress: (f) => report('mixing the audio', MIX_SHARE * f),
      });
      loudness = mix.loudness;
      audioPath = join(targets[0]!.workDir, 'mix.f32');
      await writeFile(audioPath, interleaveF32le(mix));
      signal?.throwIfAborted();
    }

    started = performance.now();
    const finished: { path: string; byteSize: number }[] = [];
    for (const t of targets) {
      const label =
        t.placement.id === 'custom' ? `${t.placement.width}×${t.placement.height}` : t.placement.id;
      const frames = new StoryFrames(doc, t.placement, decoded, timing, clips);
      try {
        if (video) {
          const out = join(t.workDir, `video.${format}`);
          framesStarted = framesDone;
          await encodeVideo({
            container: format,
            width: t.placement.width,
            height: t.placement.height,
            fps,
            frames: (async function* () {
              for (let frame = 0; frame < timing.totalFrames; frame++) {
                await frames.prepare(frame);
                const pixels = frames.rgba(frame);
                frameDone(label);
                yield pixels;
              }
            })(),
            audioPath,
            outPath: out,
            settings: options.settings ?? DEFAULT_ENCODER_SETTINGS,
            signal,
            label,
          });
          finished.push({ path: out, byteSize: (await stat(out)).size });
        } else {
          const folder = join(t.workDir, 'stills');
          await mkdir(folder);
          framesStarted = framesDone;
          let byteSize = 0;
          for (const shot of timing.shots) {
            signal?.throwIfAborted();
            const at = stillFrame(shot);
            await frames.prepare(at);
            const png = await frames.png(at);
            await writeFile(join(folder, stillName(shot.index, shot.shot.name)), png);
            byteSize += png.byteLength;
            frameDone(label);
          }
          finished.push({ path: folder, byteSize });
        }
      } finally {
        // Clip decoders still waiting (a failed or cancelled encode) are stopped.
        await frames.close();
      }
    }

    signal?.throwIfAborted();
    report('saving', 0.999);
    for (const [i, t] of targets.entries()) {
      if (video) await commitFile(finished[i]!.path, t.target.path);
      else await commitFolder(finished[i]!.path, t.target.path);
    }
    options.onProgress?.({ fraction: 1, stage: 'done', framesDone, framesTotal, secondsLeft: 0 });
    return {
      outputs: targets.map((t, i) => ({
        path: t.target.path,
        placement: typeof t.target.placement === 'string' ? t.target.placement : null,
        width: t.placement.width,
        height: t.placement.height,
        frames: framesPerTarget,
        durationSeconds: timing.totalFrames / fps,
        byteSize: finished[i]!.byteSize,
      })),
      loudness,
    };
  } catch (error) {
    // However far it got (mixing, drawing, ffmpeg killed mid-frame), a cancel reads the same.
    if (signal?.aborted) throw new StudioError('cancelled', 'the export was cancelled');
    throw error;
  } finally {
    await removeWorkDirs(made);
  }
}

/** "about 25 s left", "about 2 min left" */
function describeLeft(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

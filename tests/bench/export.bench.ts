// Exporting a 30 s vertical ad (1080×1920, 30 fps): six shots with camera moves and transitions,
// captions, a composed soundtrack — the whole export as the CLI and the job run it (mix,
// loudness, drawing every frame with native/compose, H.264 + AAC in MP4). The peer is raw ffmpeg
// encoding the same frames, drawn beforehand into a raw RGBA file, with the same encoder settings
// and the same mix, in the same run: the ratio is what drawing and piping cost on top of encoding.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileArg, runTool, toolReason } from '../../native/media/ffmpeg';
import { storyTiming } from '../../native/model/story-timing';
import { frameToSample } from '../../native/model/time';
import { DEFAULT_ENCODER_SETTINGS, encodeArgs } from '../../native/video/encode';
import { exportVideo } from '../../native/video/export-video';
import { interleaveF32le, mixAudio } from '../../native/video/mix';
import { StoryFrames } from '../../native/video/story-frames';
import { tempDir } from '../helpers/temp';
import { composedWav, storyDoc } from '../helpers/video-docs';
import { median, round, type Metric, type Metrics } from './metrics';

const FPS = 30;
const SECONDS = 30;
const SHOT_FRAMES = (SECONDS * FPS) / 6;

export async function benchStory() {
  const wav = await composedWav(SECONDS, 3);
  const move = (x0: number, y0: number, s0: number, x1: number, y1: number, s1: number) => ({
    from: { x: x0, y: y0, scale: s0 },
    to: { x: x1, y: y1, scale: s1 },
    easing: 'ease-in-out' as const,
  });
  return storyDoc({
    fps: FPS,
    artboard: { width: 1080, height: 1920 },
    rich: true,
    shots: [
      {
        color: '#c8553d',
        frames: SHOT_FRAMES,
        camera: move(0.5, 0.5, 1, 0.5, 0.4, 1.3),
        caption: 'New season',
      },
      {
        color: '#2d7dd2',
        frames: SHOT_FRAMES,
        transition: { kind: 'crossfade', frames: 15 },
        camera: move(0.3, 0.3, 1.4, 0.7, 0.6, 1.1),
      },
      {
        color: '#97cc04',
        frames: SHOT_FRAMES,
        transition: { kind: 'slide', frames: 12 },
        camera: move(0.5, 0.5, 1.2, 0.5, 0.5, 1),
      },
      {
        color: '#f45d01',
        frames: SHOT_FRAMES,
        transition: { kind: 'dip-to-black', frames: 20 },
        camera: move(0.4, 0.6, 1, 0.6, 0.4, 1.5),
      },
      {
        color: '#474647',
        frames: SHOT_FRAMES,
        transition: { kind: 'crossfade', frames: 15 },
        camera: move(0.5, 0.2, 1.6, 0.5, 0.8, 1.6),
      },
      {
        color: '#eeb902',
        frames: SHOT_FRAMES,
        transition: { kind: 'crossfade', frames: 15 },
        camera: move(0.5, 0.5, 1, 0.5, 0.5, 1.2),
        caption: 'Shop now',
      },
    ],
    captions: [
      { text: 'Fresh colours for spring', startFrame: 160, durationFrames: 120 },
      { text: 'Free delivery, free returns — this week only', startFrame: 420, durationFrames: 150 },
      { text: '30% off everything', startFrame: 620, durationFrames: 120 },
    ],
    music: { wav, seconds: SECONDS, durationFrames: SECONDS * FPS, fadeInFrames: 15, fadeOutFrames: 45 },
  });
}

/**
 * CPU seconds used so far by this process and by its children that have ended (ffmpeg), from
 * /proc (Linux; NaN elsewhere): how much work an export is, whatever else the machine runs.
 */
function cpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // utime, stime, cutime, cstime are fields 14–17 of stat(5); the split drops the first two.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return ticks / 100;
  } catch {
    return NaN;
  }
}

/** Runs of ours and of the peer, alternated so that the machine's other work falls on both. */
const RUNS = 3;

export default async function bench(): Promise<Metrics> {
  const dir = tempDir('atelier-bench-export-');
  try {
    const { doc, audio } = await benchStory();
    const timing = storyTiming(doc);
    const placement = { id: '9:16', width: 1080, height: 1920 };
    const frameCount = timing.totalFrames;

    // The peer's inputs, off the clock: the same frames as raw RGBA on disk, the same mix.
    const mix = await mixAudio(doc, {
      lengthSamples: frameToSample(frameCount, FPS),
      audio,
      targetLufs: -14,
    });
    const mixPath = join(dir.path, 'mix.f32');
    writeFileSync(mixPath, interleaveF32le(mix));
    const rawPath = join(dir.path, 'frames.rgba');
    const frames = new StoryFrames(doc, placement, new Map(), timing);
    const file = await open(rawPath, 'w');
    let drawCpuMs = 0;
    try {
      for (let frame = 0; frame < frameCount; frame++) {
        const cpu = process.cpuUsage();
        const pixels = frames.rgba(frame);
        const used = process.cpuUsage(cpu);
        drawCpuMs += (used.user + used.system) / 1000;
        // Awaiting each write lets the event loop run, as the export's pipe does: the canvas's
        // pixel buffers are only given back to the system between turns of the loop.
        await file.write(pixels);
      }
    } finally {
      await file.close();
    }

    const ours = join(dir.path, 'ours.mp4');
    const raw = join(dir.path, 'raw.mp4');
    const oursSeconds: number[] = [];
    const rawSeconds: number[] = [];
    const oursCpu: number[] = [];
    const rawCpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Ours: the whole export, as `atelier export --placement 9:16` runs it.
      let t = performance.now();
      let cpu = cpuSeconds();
      await exportVideo({
        document: doc,
        format: 'mp4',
        targets: [{ placement: '9:16', path: ours }],
        loudnessLufs: -14,
        images: {},
        audio,
      });
      oursSeconds.push((performance.now() - t) / 1000);
      oursCpu.push(cpuSeconds() - cpu);
      t = performance.now();
      cpu = cpuSeconds();
      const peer = await runTool('ffmpeg', {
        args: encodeArgs(
          'mp4',
          { width: 1080, height: 1920, fps: FPS, video: fileArg(rawPath), audio: fileArg(mixPath) },
          fileArg(raw),
        ),
      });
      rawSeconds.push((performance.now() - t) / 1000);
      rawCpu.push(cpuSeconds() - cpu);
      if (peer.exitCode !== 0) throw new Error(`raw encode failed: ${toolReason(peer.stderr)}`);
    }
    rmSync(rawPath, { force: true });
    const ratios = oursSeconds.map((s, i) => s / rawSeconds[i]!);
    const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');

    const note =
      `${frameCount} frames 1080×1920 at ${FPS} fps, 6 shots with camera moves and transitions, captions, ` +
      `a ${SECONDS} s composed bed; libx264 ${DEFAULT_ENCODER_SETTINGS.x264Preset} CRF ${DEFAULT_ENCODER_SETTINGS.x264Crf} + AAC 192k; ` +
      `median of ${RUNS} runs, ours and the peer alternated`;
    const metrics: Record<string, Metric & { note?: string }> = {
      export_30s_vertical_s: {
        value: round(median(oursSeconds), 1),
        unit: 's',
        better: 'lower',
        target: 30,
        peer: { name: 'raw ffmpeg encode of the same frames', value: round(median(rawSeconds), 1) },
        note: `${note}; ours: mix + loudness + drawing + encoding, end to end (runs: ${list(oursSeconds)} s; peer: ${list(rawSeconds)} s; ${(statSync(ours).size / 1048576).toFixed(1)} MB)`,
      },
      export_vs_raw_encode_ratio: {
        value: round(median(ratios), 2),
        unit: '×',
        better: 'lower',
        target: 1.5,
        note: `our export time over ffmpeg encoding the same pre-drawn RGBA frames from a file (same arguments, same mix), per run: ${list(ratios)}`,
      },
      export_frame_draw_ms: {
        value: round(drawCpuMs / frameCount, 1),
        unit: 'ms',
        better: 'lower',
        note: 'CPU per frame: drawStoryFrame on @napi-rs/canvas plus reading the pixels back (canvas.data()), measured alone while pre-drawing the peer’s frames',
      },
      export_vs_raw_cpu_ratio: {
        value: round(median(oursCpu) / median(rawCpu), 2),
        unit: '×',
        better: 'lower',
        note: `CPU seconds (ours: this process and its ffmpeg children; peer: ffmpeg) — the work, apart from what else the machine runs; ours ${list(oursCpu)} s, peer ${list(rawCpu)} s`,
      },
      export_raw_encode_fps: {
        value: round(frameCount / median(rawSeconds), 1),
        unit: 'fps',
        better: 'higher',
        note: 'ffmpeg alone: rgba → BT.709 yuv420p, libx264, AAC',
      },
    };
    return metrics;
  } finally {
    dir.cleanup();
  }
}

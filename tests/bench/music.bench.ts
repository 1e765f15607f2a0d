// The built-in composer (native/music): seconds of audio per second of compute, on one core,
// for a 30 s and a 120 s piece with the fullest arrangement (drums, bass, string pad, lead,
// reverb). Median of 3 runs after a warm-up, each with its own seed. No peer: nothing
// comparable runs offline here.
//
// Waveform peaks (native/media/peaks): `peaksFromSource` on a 10-minute 48 kHz stereo 16-bit
// FLAC generated here (independent pink noise on each side, which FLAC cannot squeeze much, so
// decoding costs what music would). That is the whole import path: ffprobe, ffmpeg decoding to
// 32-bit float through a pipe, and the peaks pass. Median of 3 after a warm-up. Peer: ffmpeg
// alone decoding the same file to 32-bit float and throwing it away, the floor for any peaks
// computed from ffmpeg's output.
//
// Waveform display (renderer/timeline): the same kind of 10-minute FLAC imported on the Timeline
// of the studio in headless Chromium (web mode), so the engine computes its peaks once and stores
// them with the asset. Then the time from clicking the Timeline tab to the first non-transparent
// pixel in the clip's waveform canvas, polled every animation frame in the page; median of 7
// switches from the Storyboard view and back after 2 warm-ups, the peaks already in the page
// (waveform_10min_display_ms). Also, without a target, the same after reloading the page, so the
// peaks come from the engine's stored copy over the WebSocket (waveform_10min_first_display_ms,
// median of 5).
import { join } from 'node:path';
import { compose } from '../../native/music/composer';
import { fileArg, runTool } from '../../native/media/ffmpeg';
import { peaksFromSource } from '../../native/media/peaks';
import type { Page } from 'playwright-core';
import { studioOnSquare } from '../helpers/studio-page';
import { tempDir } from '../helpers/temp';
import { median, round, type Metric, type Metrics } from './metrics';

const PROMPT = 'upbeat cinematic corporate, 120 bpm';
const RUNS = 3;
const PEAKS_SECONDS = 600;

async function realtimeFactor(seconds: number): Promise<number> {
  await compose({ prompt: PROMPT, seconds, seed: 0 });
  const factors: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    await compose({ prompt: PROMPT, seconds, seed: run });
    factors.push(seconds / ((performance.now() - started) / 1000));
  }
  return median(factors);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  await work();
  const factors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    factors.push(PEAKS_SECONDS / ((performance.now() - started) / 1000));
  }
  return median(factors);
}

/** 10 minutes of 48 kHz stereo 16-bit FLAC: independent pink noise on each side. */
async function writeNoiseFlac(path: string): Promise<void> {
  const noise = (seed: number) =>
    `anoisesrc=color=pink:amplitude=0.5:sample_rate=48000:duration=${PEAKS_SECONDS}:seed=${seed}`;
  const made = await runTool('ffmpeg', {
    args: [
      '-v',
      'error',
      '-filter_complex',
      `${noise(1)}[l];${noise(2)}[r];[l][r]join=inputs=2:channel_layout=stereo`,
      '-c:a',
      'flac',
      '-sample_fmt',
      's16',
      '-y',
      fileArg(path),
    ],
  });
  if (made.exitCode !== 0) throw new Error(`could not make the bench input: ${made.stderr}`);
}

async function peaksMetric(): Promise<Metric & { note: string }> {
  const dir = tempDir('atelier-bench-peaks-');
  try {
    const path = join(dir.path, 'noise-10min.flac');
    await writeNoiseFlac(path);
    const ours = await timed(() => peaksFromSource({ type: 'path', path }));
    const ffmpegAlone = await timed(async () => {
      const run = await runTool('ffmpeg', {
        args: ['-v', 'error', '-i', fileArg(path), '-map', '0:a:0', '-c:a', 'pcm_f32le', '-f', 'null', '-'],
      });
      if (run.exitCode !== 0) throw new Error(run.stderr);
    });
    return {
      value: round(ours, 1),
      unit: 'x',
      better: 'higher',
      target: 200,
      peer: { name: 'ffmpeg decode to f32 alone', value: round(ffmpegAlone, 1) },
      note:
        'input: 10 min, 48 kHz stereo 16-bit FLAC of independent pink noise per channel, made by ' +
        'ffmpeg; measured: peaksFromSource (ffprobe + ffmpeg decode to f32le over a pipe + PeaksBuilder)',
    };
  } finally {
    dir.cleanup();
  }
}

const DISPLAYS = 7;
const DISPLAY_WARMUPS = 2;
const FIRST_DISPLAYS = 5;
const CLIP = 'bed-10min';

/**
 * In the page, as text (the bench runs under tsx, whose helpers do not exist there): clicks the
 * Timeline tab and resolves with the milliseconds until the clip's waveform has ink, checked
 * every animation frame (wavesurfer.js draws in its shadow root).
 */
const SHOW_TIMELINE = `new Promise((resolve, reject) => {
  const tab = [...document.querySelectorAll('[role=tablist][aria-label=Views] [role=tab]')]
    .find((t) => t.textContent === 'Timeline');
  if (!tab) return reject(new Error('no Timeline tab'));
  if (document.querySelector('[data-testid=timeline]')) return reject(new Error('the Timeline is shown already'));
  function inked() {
    const clip = document.querySelector('.clip[aria-label=${JSON.stringify(CLIP)}]');
    const host = clip && clip.querySelector('[data-testid=clip-waveform]');
    if (!host) return false;
    const roots = [host, ...[...host.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
    for (const root of roots) {
      for (const canvas of root.querySelectorAll('canvas')) {
        if (!canvas.width || !canvas.height) continue;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
      }
    }
    return false;
  }
  const started = performance.now();
  tab.click();
  function check() {
    const now = performance.now();
    if (inked()) resolve(now - started);
    else if (now - started > 60000) reject(new Error('no waveform drawn within 60 s'));
    else requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})`;

const view = (page: Page, name: string) =>
  page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true }).click();

async function waveformMetrics(): Promise<{
  waveform_10min_display_ms: Metric & { note: string };
  waveform_10min_first_display_ms: Metric & { note: string };
}> {
  const studio = studioOnSquare('atelier-bench-waveform-');
  try {
    const path = join(studio.home, `${CLIP}.flac`);
    await writeNoiseFlac(path);
    const page = await studio.start();
    // Imported as an editor does: the engine probes it, keeps it and stores its peaks.
    await view(page, 'Timeline');
    await page.getByLabel('Audio file to import').setInputFiles(path);
    const clip = page.getByRole('button', { name: CLIP, exact: true });
    await clip.waitFor({ timeout: 120_000 });
    if (Number(await clip.getAttribute('data-duration-frames')) !== PEAKS_SECONDS * 30)
      throw new Error(`the clip is not 10 minutes long: ${await clip.getAttribute('data-duration-frames')}`);
    // Played for a moment: the page has decoded the audio (off the clock from here on).
    await page.getByRole('button', { name: 'Play' }).click();
    const deadline = Date.now() + 120_000;
    while (Number(await page.getByTestId('timeline').getAttribute('data-playhead')) === 0) {
      if (Date.now() > deadline) throw new Error('the bed did not play within 120 s');
      await page.waitForTimeout(50);
    }
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Go to start' }).click();

    const displays: number[] = [];
    for (let run = 0; run < DISPLAY_WARMUPS + DISPLAYS; run++) {
      await view(page, 'Storyboard');
      await page.getByTestId('timeline').waitFor({ state: 'detached' });
      const ms = (await page.evaluate(SHOW_TIMELINE)) as number;
      if (run >= DISPLAY_WARMUPS) displays.push(ms);
    }

    const firsts: number[] = [];
    for (let run = 0; run < FIRST_DISPLAYS; run++) {
      await page.reload();
      await page.locator('[data-testid=shell][data-ready=true]').waitFor();
      await page.getByRole('tablist', { name: 'Views' }).waitFor();
      firsts.push((await page.evaluate(SHOW_TIMELINE)) as number);
    }
    return {
      waveform_10min_display_ms: {
        value: round(median(displays), 0),
        unit: 'ms',
        better: 'lower',
        target: 300,
        note:
          'input: 10 min, 48 kHz stereo 16-bit FLAC of pink noise imported on the Timeline (peaks computed ' +
          `and stored by the engine); measured: Timeline tab clicked → first ink in the clip's waveform canvas, ` +
          `polled per animation frame, the view switched from Storyboard and back, median of ${DISPLAYS} ` +
          `after ${DISPLAY_WARMUPS} warm-ups (all: ${displays.map((d) => Math.round(d)).join(', ')} ms)`,
      },
      waveform_10min_first_display_ms: {
        value: round(median(firsts), 0),
        unit: 'ms',
        better: 'lower',
        note:
          'the same after a page reload: the peaks read from the engine (project.audioPeaks, stored copy) ' +
          `over the WebSocket while the page also fetches the audio; median of ${FIRST_DISPLAYS} ` +
          `(all: ${firsts.map((d) => Math.round(d)).join(', ')} ms)`,
      },
    };
  } finally {
    await studio.close();
  }
}

export default async function music(): Promise<Metrics> {
  const short = await realtimeFactor(30);
  const long = await realtimeFactor(120);
  const peaks = await peaksMetric();
  const waveform = await waveformMetrics();
  return {
    composer_30s_realtime_x: { value: round(short, 1), unit: 'x', better: 'higher', target: 30 },
    composer_120s_realtime_x: { value: round(long, 1), unit: 'x', better: 'higher', target: 30 },
    peaks_10min_realtime_x: peaks,
    ...waveform,
  };
}

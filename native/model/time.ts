/**
 * Time is an integer (STYLE.md 8): frames at the project frame rate for video, samples for
 * audio. Seconds appear only at the edges — the UI and ffmpeg arguments — through these.
 */
export const SAMPLE_RATE = 48_000;
export const FRAME_RATES = [24, 25, 30, 50, 60] as const;
export type FrameRate = (typeof FRAME_RATES)[number];

export function framesToSeconds(frames: number, fps: number): number {
  return frames / fps;
}

/** Rounds to the nearest whole frame. */
export function secondsToFrames(seconds: number, fps: number): number {
  return Math.round(seconds * fps);
}

export function samplesToSeconds(samples: number, sampleRate = SAMPLE_RATE): number {
  return samples / sampleRate;
}

export function secondsToSamples(seconds: number, sampleRate = SAMPLE_RATE): number {
  return Math.round(seconds * sampleRate);
}

/** The audio sample where a video frame starts (exact when the rate divides evenly). */
export function frameToSample(frame: number, fps: number, sampleRate = SAMPLE_RATE): number {
  return Math.round((frame * sampleRate) / fps);
}

/** "1:02:03" style time code for a frame count, hours only when needed. */
export function formatTimecode(frames: number, fps: number): string {
  const totalSeconds = Math.floor(frames / fps);
  const f = frames % fps;
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${h > 0 ? `${h}:${pad(m)}` : `${m}`}:${pad(s)}:${pad(f)}`;
}

/**
 * The frame a typed time names, or null: a time code as formatTimecode writes it ("1:02:03",
 * "0:45:00" — minutes:seconds:frames, hours first when there are four parts), minutes and
 * seconds ("1:15") or seconds ("45", "12.5s"). The inverse of formatTimecode.
 *
 * @example
 * parseTimecode('0:45:00', 30) // 1350
 * parseTimecode('12.5s', 30)   // 375
 */
export function parseTimecode(text: string, fps: number): number | null {
  const t = text.trim();
  const seconds = /^(\d+(?:\.\d+)?)\s*s?$/.exec(t);
  if (seconds) return secondsToFrames(Number(seconds[1]), fps);
  if (!/^\d+(:\d{1,2}){1,3}$/.test(t)) return null;
  const parts = t.split(':').map(Number);
  // Two parts are minutes and seconds ("1:15"), as people type a length.
  const [h, m, s, f] = parts.length === 4 ? parts : parts.length === 3 ? [0, ...parts] : [0, ...parts, 0];
  if (m! >= 60 && parts.length === 4) return null;
  if (s! >= 60 || f! >= fps) return null;
  return ((h! * 60 + m!) * 60 + s!) * fps + f!;
}

import { parseTimecode } from '../../native/model/time';

/**
 * Frames as seconds for a field: at most two decimals, no trailing zeros.
 *
 * @example
 * formatSeconds(75, 30) // "2.5"
 */
export function formatSeconds(frames: number, fps: number): string {
  return String(Math.round((frames / fps) * 100) / 100);
}

/**
 * A typed length in whole frames ("2.5", "2.5s" or a time code "0:02:15"), or null when it is
 * no length or shorter than `min` frames.
 *
 * @example
 * parseLength('2.5', 30) // 75
 */
export function parseLength(text: string, fps: number, min = 1): number | null {
  const frames = parseTimecode(text, fps);
  return frames === null || frames < min ? null : frames;
}

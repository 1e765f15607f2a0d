import { MAX_GAIN_DB, MIN_GAIN_DB, clampGain } from '../../native/model/clip-edit';

/**
 * A clip's level line: gain in dB ↔ height in the clip, fader-like (more room near 0 dB than
 * near silence): 0 dB sits about 70 % up, +12 dB at the top, −60 dB at the bottom.
 */
const SPAN = MAX_GAIN_DB - MIN_GAIN_DB;

/** 0 (bottom) … 1 (top) for a gain. */
export function levelPosition(db: number): number {
  const t = (Math.min(MAX_GAIN_DB, Math.max(MIN_GAIN_DB, db)) - MIN_GAIN_DB) / SPAN;
  return t * t;
}

/** The gain at a height 0 (bottom) … 1 (top), to 0.1 dB. */
export function gainAtPosition(position: number): number {
  return clampGain(Math.sqrt(Math.min(1, Math.max(0, position))) * SPAN + MIN_GAIN_DB);
}

/** "+1.5 dB", "0 dB", "−6 dB", "−∞" */
export function formatGain(db: number): string {
  if (db <= MIN_GAIN_DB) return '−∞';
  const v = Math.round(db * 10) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)} dB`;
}

/**
 * The bar grid: where beats and bars fall in a piece of an exact number of samples.
 *
 * The grid is anchored at the END: the last bar always ends on the last sample, so the cadence
 * lands on the last bar whatever the length. To make the first bar start at 0 as well, the tempo
 * may move up to {@link TEMPO_FLEX_BPM} from the request:
 *   1. a whole number of bars fits → the piece starts on a downbeat;
 *   2. else a whole number of beats fits → it starts with a pickup of 1–3 beats;
 *   3. else the requested tempo is kept and the piece starts with a pickup of less than a bar
 *      that begins between beats (the arrangement plays a swell there, nothing on a beat).
 * A piece shorter than one bar has no whole bar: it is a sting, struck at 0, its beats counted
 * from there, and `bars` is empty.
 * With flex 1 bpm, case 2 is always possible from 30 s up and case 1 from 120 s up.
 */

export const BEATS_PER_BAR = 4;
/** How far the tempo may move from the request so that bars fit; well inside the ±2 bpm promise. */
export const TEMPO_FLEX_BPM = 1;

export interface BeatGrid {
  sampleRate: number;
  /** Length of the piece in samples. */
  totalSamples: number;
  /** The tempo that is played (within {@link TEMPO_FLEX_BPM} of the request). */
  bpm: number;
  beatsPerBar: number;
  /** Samples per beat and per bar; not whole numbers in general. */
  beatSamples: number;
  barSamples: number;
  /** Sample position of the first whole bar's downbeat: the length of the pickup (0 when none, and for a sting). */
  firstBar: number;
  /** Number of whole bars; the last one ends exactly at `totalSamples`. 0 for a piece shorter than a bar. */
  barCount: number;
  /** Every beat in [0, end), seconds, pickup beats included. */
  beats: number[];
  /** Every bar's downbeat in [0, end), seconds. */
  bars: number[];
}

/** The tempo nearest `requested` within the flex for which `beats` beats last exactly `seconds`, if any. */
function fitBeats(seconds: number, requested: number, unit: number): number | null {
  const count = Math.round((seconds * requested) / 60 / unit);
  if (count < 1) return null;
  const bpm = (60 * unit * count) / seconds;
  return Math.abs(bpm - requested) <= TEMPO_FLEX_BPM + 1e-9 ? bpm : null;
}

/**
 * Plans beats and bars for `totalSamples` at about `requestedBpm`.
 *
 * @example
 * const grid = planGrid(30 * 48000, 48000, 120); // 15 bars of 2 s, no pickup
 * grid.bars.at(-1)! + grid.barSamples / 48000 === 30; // the last bar ends at the end
 */
export function planGrid(totalSamples: number, sampleRate: number, requestedBpm: number): BeatGrid {
  const seconds = totalSamples / sampleRate;
  const bpm =
    fitBeats(seconds, requestedBpm, BEATS_PER_BAR) ?? fitBeats(seconds, requestedBpm, 1) ?? requestedBpm;
  const beatSamples = (60 / bpm) * sampleRate;
  const barSamples = beatSamples * BEATS_PER_BAR;
  // A tolerance of a thousandth of a sample keeps a bar that fits exactly from being lost to rounding.
  const barCount = Math.floor((totalSamples + 1e-3) / barSamples);
  // A piece shorter than a bar is a sting struck at 0: its beats count from there.
  const firstBar = barCount === 0 ? 0 : Math.max(0, totalSamples - barCount * barSamples);

  const beats: number[] = [];
  const firstBeat = -Math.floor((firstBar + 1e-3) / beatSamples);
  for (let k = firstBeat; ; k++) {
    const at = firstBar + k * beatSamples;
    if (at >= totalSamples - 1e-3) break;
    beats.push(Math.max(0, at) / sampleRate);
  }
  const bars: number[] = [];
  for (let k = 0; k < barCount; k++) bars.push((firstBar + k * barSamples) / sampleRate);
  return {
    sampleRate,
    totalSamples,
    bpm,
    beatsPerBar: BEATS_PER_BAR,
    beatSamples,
    barSamples,
    firstBar,
    barCount,
    beats,
    bars,
  };
}

/** Sample position (fractional) of a 16th-note step counted from the first whole bar's downbeat. */
export function stepPosition(grid: BeatGrid, bar: number, step: number): number {
  return grid.firstBar + bar * grid.barSamples + (step * grid.beatSamples) / 4;
}

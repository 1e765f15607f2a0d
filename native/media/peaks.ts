/**
 * Waveform peaks, computed once per audio asset and stored beside it, for wavesurfer.js to draw
 * without decoding the audio again: the largest |sample| of each channel in each bucket
 * (1/100 s by default), as one byte. `encodePeaks`/`decodePeaks` are the stored form ('ATPK').
 * Everything but `peaksFromSource` is plain computation (no Node APIs).
 */
import { StudioError } from '../api/errors';
import { decodeAudioStream, type AudioProbe, type AudioSource, type ProbeOptions } from './audio-input';

/** Buckets per second unless asked otherwise: 10 ms, finer than any timeline zoom needs. */
export const PEAKS_BUCKETS_PER_SECOND = 100;

/**
 * Waveform peaks of a stereo signal (mono is stored as two equal channels).
 *
 * For wavesurfer.js: `peaks: peaks.max.map((m) => Array.from(m, (v) => v / 255))` and
 * `duration: peaks.durationSamples / peaks.sampleRate`.
 *
 * @example
 * const peaks = computePeaks(left, right, 48000);
 * peaks.max[0][150] // 0…255: the loudest left sample between 1.50 s and 1.51 s
 */
export interface Peaks {
  bucketsPerSecond: number;
  /** The rate the audio was measured at (48000 from `peaksFromSource`). */
  sampleRate: number;
  /** The audio's exact length in samples at `sampleRate`. */
  durationSamples: number;
  channels: 2;
  /**
   * Per channel (left, right), per bucket: max |sample| scaled to 0…255 and rounded up, so a
   * bucket that is not silent is never 0 and a full-scale one is 255. Bucket `i` holds samples
   * `n` with `floor(n · bucketsPerSecond / sampleRate) === i`; there are
   * `ceil(durationSamples · bucketsPerSecond / sampleRate)` of them.
   */
  max: [Uint8Array, Uint8Array];
}

export interface PeaksBuilderOptions {
  /** 1…1000, default `PEAKS_BUCKETS_PER_SECOND`. */
  bucketsPerSecond?: number;
  /** The length if known (e.g. from a probe), so the arrays are allocated once. */
  expectedSamples?: number;
}

/** Number of buckets for a length; exact in doubles for any audio under 2^53 / 1000 samples. */
export function peaksBucketCount(
  durationSamples: number,
  sampleRate: number,
  bucketsPerSecond: number,
): number {
  return Math.ceil((durationSamples * bucketsPerSecond) / sampleRate);
}

function checkRates(sampleRate: number, bucketsPerSecond: number, field = 'sampleRate'): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 768000) {
    throw new StudioError('invalid_argument', `not a usable sample rate: ${sampleRate}`, field);
  }
  if (!Number.isInteger(bucketsPerSecond) || bucketsPerSecond < 1 || bucketsPerSecond > 1000) {
    throw new StudioError(
      'invalid_argument',
      `buckets per second must be a whole number from 1 to 1000 (got ${bucketsPerSecond})`,
      'bucketsPerSecond',
    );
  }
  if (bucketsPerSecond > sampleRate) {
    throw new StudioError('invalid_argument', 'more buckets per second than samples', 'bucketsPerSecond');
  }
}

/** 0…1+ → 0…255, rounded up: only true silence is 0. */
function level(peak: number): number {
  return peak >= 1 ? 255 : Math.ceil(peak * 255);
}

/**
 * Builds peaks from chunks of samples as they are decoded, in one pass and constant memory per
 * second of audio. Chunks may be any length; the result does not depend on how the audio was cut.
 *
 * @example
 * const builder = new PeaksBuilder(48000);
 * await decodeAudioStream(source, { onChunk: (l, r) => builder.push(l, r) });
 * const peaks = builder.finish();
 */
export class PeaksBuilder {
  readonly sampleRate: number;
  readonly bucketsPerSecond: number;
  private left: Uint8Array;
  private right: Uint8Array;
  /** Samples pushed so far. */
  private samples = 0;
  /** The bucket being filled, and the sample index where it ends. */
  private bucket = 0;
  private bucketEnd: number;
  private peakLeft = 0;
  private peakRight = 0;
  private finished = false;

  constructor(sampleRate: number, options: PeaksBuilderOptions = {}) {
    const bucketsPerSecond = options.bucketsPerSecond ?? PEAKS_BUCKETS_PER_SECOND;
    checkRates(sampleRate, bucketsPerSecond);
    this.sampleRate = sampleRate;
    this.bucketsPerSecond = bucketsPerSecond;
    this.bucketEnd = this.endOf(0);
    const expected = options.expectedSamples ?? 0;
    const capacity = Math.max(
      64,
      Number.isFinite(expected) && expected > 0
        ? peaksBucketCount(expected, sampleRate, bucketsPerSecond) + 1
        : 0,
    );
    this.left = new Uint8Array(capacity);
    this.right = new Uint8Array(capacity);
  }

  /** Samples pushed so far. */
  get durationSamples(): number {
    return this.samples;
  }

  /** The first sample index after bucket `i`. */
  private endOf(i: number): number {
    return Math.ceil(((i + 1) * this.sampleRate) / this.bucketsPerSecond);
  }

  /**
   * Adds the next samples: `left` and `right` of equal length (pass one array for mono).
   * Values are −1…1; louder ones count as full scale, NaN as silence.
   */
  push(left: Float32Array, right: Float32Array = left): void {
    if (this.finished) throw new StudioError('internal', 'PeaksBuilder.push after finish');
    const n = left.length;
    if (right.length !== n) {
      throw new StudioError('invalid_argument', `left has ${n} samples, right ${right.length}`, 'right');
    }
    const mono = right === left;
    let peakLeft = this.peakLeft;
    let peakRight = this.peakRight;
    let i = 0;
    while (i < n) {
      const stop = Math.min(n, i + (this.bucketEnd - this.samples));
      // The hot loop: two compares per sample, no calls, no allocation.
      let segmentLeft = 0;
      for (let k = i; k < stop; k++) {
        const a = left[k]!;
        if (a > segmentLeft) segmentLeft = a;
        else if (-a > segmentLeft) segmentLeft = -a;
      }
      if (segmentLeft > peakLeft) peakLeft = segmentLeft;
      if (mono) {
        if (segmentLeft > peakRight) peakRight = segmentLeft;
      } else {
        let segmentRight = 0;
        for (let k = i; k < stop; k++) {
          const b = right[k]!;
          if (b > segmentRight) segmentRight = b;
          else if (-b > segmentRight) segmentRight = -b;
        }
        if (segmentRight > peakRight) peakRight = segmentRight;
      }
      this.samples += stop - i;
      i = stop;
      if (this.samples === this.bucketEnd) {
        this.store(peakLeft, peakRight);
        peakLeft = 0;
        peakRight = 0;
        this.bucket++;
        this.bucketEnd = this.endOf(this.bucket);
      }
    }
    this.peakLeft = peakLeft;
    this.peakRight = peakRight;
  }

  private store(peakLeft: number, peakRight: number): void {
    const at = this.bucket;
    if (at >= this.left.length) {
      const grown = Math.max(at + 1, this.left.length * 2);
      const left = new Uint8Array(grown);
      left.set(this.left);
      const right = new Uint8Array(grown);
      right.set(this.right);
      this.left = left;
      this.right = right;
    }
    this.left[at] = level(peakLeft);
    this.right[at] = level(peakRight);
  }

  /** The peaks of everything pushed; the builder takes no more samples after this. */
  finish(): Peaks {
    if (this.finished) throw new StudioError('internal', 'PeaksBuilder.finish called twice');
    this.finished = true;
    const count = peaksBucketCount(this.samples, this.sampleRate, this.bucketsPerSecond);
    const started = this.bucket === 0 ? 0 : this.endOf(this.bucket - 1);
    if (this.samples > started) this.store(this.peakLeft, this.peakRight);
    const stored = Math.min(count, this.left.length);
    const left = new Uint8Array(count);
    left.set(this.left.subarray(0, stored));
    const right = new Uint8Array(count);
    right.set(this.right.subarray(0, stored));
    return {
      bucketsPerSecond: this.bucketsPerSecond,
      sampleRate: this.sampleRate,
      durationSamples: this.samples,
      channels: 2,
      max: [left, right],
    };
  }
}

/**
 * Peaks of samples already in memory.
 *
 * @example
 * const peaks = computePeaks(piece.left, piece.right, piece.sampleRate);
 */
export function computePeaks(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  options: { bucketsPerSecond?: number } = {},
): Peaks {
  const builder = new PeaksBuilder(sampleRate, { ...options, expectedSamples: left.length });
  builder.push(left, right);
  return builder.finish();
}

export interface PeaksFromSourceOptions extends ProbeOptions {
  /** Default `PEAKS_BUCKETS_PER_SECOND`. */
  bucketsPerSecond?: number;
  /** The rate the audio is decoded at; default 48000 (the timeline's). */
  sampleRate?: number;
  /** 0…1 as the audio is decoded. */
  onProgress?: (fraction: number) => void;
  /** A probe of the same source from `probeAudio`, to skip probing again. */
  probe?: AudioProbe;
}

/**
 * Decodes an audio file with ffmpeg (stereo, 48 kHz unless asked) and measures its peaks as it
 * streams. Refuses what `decodeAudioStream` refuses, with the same messages.
 *
 * @example
 * const peaks = await peaksFromSource({ type: 'path', path: 'bed.mp3' }, { signal });
 * await writeFile('bed.peaks', encodePeaks(peaks));
 */
export async function peaksFromSource(
  source: AudioSource,
  options: PeaksFromSourceOptions = {},
): Promise<Peaks> {
  const sampleRate = options.sampleRate ?? 48000;
  const bucketsPerSecond = options.bucketsPerSecond ?? PEAKS_BUCKETS_PER_SECOND;
  checkRates(sampleRate, bucketsPerSecond);
  const builder = new PeaksBuilder(sampleRate, {
    bucketsPerSecond,
    expectedSamples: options.probe ? Math.round(options.probe.durationSeconds * sampleRate) : undefined,
  });
  const decoded = await decodeAudioStream(source, {
    ...options,
    sampleRate,
    channels: 2,
    onChunk: (left, right) => builder.push(left, right),
  });
  const peaks = builder.finish();
  if (peaks.durationSamples !== decoded.frames) {
    throw new StudioError(
      'internal',
      `peaks saw ${peaks.durationSamples} samples, the decoder ${decoded.frames}`,
    );
  }
  return peaks;
}

// --- The stored form --------------------------------------------------------------------------
//
// Little-endian, 32-byte header then the data:
//    0  4  magic 'ATPK'
//    4  2  version (1)
//    6  2  channels (2)
//    8  4  sampleRate
//   12  4  bucketsPerSecond
//   16  8  durationSamples (at most 2^53 − 1)
//   24  4  bucketCount = ceil(durationSamples · bucketsPerSecond / sampleRate)
//   28  4  CRC-32 (IEEE) of bytes 0…27 and of the data
//   32  …  left channel (bucketCount bytes), then right channel (bucketCount bytes)

const MAGIC = [0x41, 0x54, 0x50, 0x4b]; // 'ATPK'
const VERSION = 1;
const HEADER_BYTES = 32;

/**
 * The stored form of peaks ('ATPK' version 1, see above): 32 bytes plus two per bucket, about
 * 360 KB for 30 minutes at 100 buckets per second.
 *
 * @example
 * const blob = encodePeaks(peaks); // Uint8Array, starts with 'ATPK'
 * decodePeaks(blob)                // equal to peaks
 */
export function encodePeaks(peaks: Peaks): Uint8Array {
  checkRates(peaks.sampleRate, peaks.bucketsPerSecond);
  const { durationSamples } = peaks;
  if (!Number.isSafeInteger(durationSamples) || durationSamples < 0) {
    throw new StudioError('invalid_argument', `not a sample count: ${durationSamples}`, 'durationSamples');
  }
  const count = peaksBucketCount(durationSamples, peaks.sampleRate, peaks.bucketsPerSecond);
  if (peaks.channels !== 2 || peaks.max.length !== 2) {
    throw new StudioError('invalid_argument', 'peaks must have two channels', 'max');
  }
  for (const channel of peaks.max) {
    if (!(channel instanceof Uint8Array) || channel.length !== count) {
      throw new StudioError(
        'invalid_argument',
        `each channel must hold ${count} buckets for ${durationSamples} samples (got ${channel.length})`,
        'max',
      );
    }
  }
  const bytes = new Uint8Array(HEADER_BYTES + 2 * count);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, 2, true);
  view.setUint32(8, peaks.sampleRate, true);
  view.setUint32(12, peaks.bucketsPerSecond, true);
  view.setBigUint64(16, BigInt(durationSamples), true);
  view.setUint32(24, count, true);
  bytes.set(peaks.max[0], HEADER_BYTES);
  bytes.set(peaks.max[1], HEADER_BYTES + count);
  view.setUint32(28, checksum(bytes), true);
  return bytes;
}

/**
 * Reads stored peaks, checking every field, the length and the checksum.
 *
 * @throws StudioError('invalid_argument') saying what is wrong with the bytes.
 * @example
 * const peaks = decodePeaks(await readFile('bed.peaks'));
 */
export function decodePeaks(bytes: Uint8Array): Peaks {
  const bad = (why: string) =>
    new StudioError('invalid_argument', `not usable waveform peaks: ${why}`, 'peaks');
  if (!(bytes instanceof Uint8Array)) throw bad('expected bytes');
  if (bytes.byteLength < HEADER_BYTES) throw bad(`${bytes.byteLength} bytes is shorter than the header`);
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw bad('no ATPK signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== VERSION) throw bad(`version ${version} is not one this studio reads (it reads ${VERSION})`);
  const channels = view.getUint16(6, true);
  if (channels !== 2) throw bad(`${channels} channels (expected 2)`);
  const sampleRate = view.getUint32(8, true);
  const bucketsPerSecond = view.getUint32(12, true);
  try {
    checkRates(sampleRate, bucketsPerSecond);
  } catch (error) {
    throw bad((error as Error).message);
  }
  const duration = view.getBigUint64(16, true);
  if (duration > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('the length is out of range');
  const durationSamples = Number(duration);
  const count = view.getUint32(24, true);
  const expected = peaksBucketCount(durationSamples, sampleRate, bucketsPerSecond);
  if (count !== expected) throw bad(`${count} buckets where ${durationSamples} samples need ${expected}`);
  if (bytes.byteLength !== HEADER_BYTES + 2 * count) {
    throw bad(
      `${bytes.byteLength} bytes where the header needs ${HEADER_BYTES + 2 * count} (cut short or padded)`,
    );
  }
  if (view.getUint32(28, true) !== checksum(bytes)) throw bad('the checksum does not match (damaged)');
  return {
    bucketsPerSecond,
    sampleRate,
    durationSamples,
    channels: 2,
    max: [
      bytes.slice(HEADER_BYTES, HEADER_BYTES + count),
      bytes.slice(HEADER_BYTES + count, HEADER_BYTES + 2 * count),
    ],
  };
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE) of an encoded blob, skipping its own checksum field (bytes 28…31). */
function checksum(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    if (i === 28) i = HEADER_BYTES;
    if (i >= bytes.length) break;
    crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * WAV files: 16-bit PCM (with TPDF dither, seeded so the bytes are reproducible) or 24-bit PCM
 * out; 16-, 24- and 32-bit PCM and 32-bit float in (for tests and imports of our own files).
 * Bytes only, no file system: the caller writes them.
 */
import { StudioError } from '../api/errors';

/** Planar float audio, −1…1. */
export interface PcmAudio {
  sampleRate: number;
  channels: readonly Float32Array[];
}

export interface WavOptions {
  /** Default 16. */
  bitDepth?: 16 | 24;
  /** Triangular dither of ±1 LSB before rounding; default true for 16-bit, false for 24-bit. */
  dither?: boolean;
}

/** WAV files have 32-bit sizes. */
const MAX_DATA_BYTES = 0xffffffff - 36;

/**
 * Encodes planar float audio as a canonical RIFF/WAVE PCM file.
 *
 * @example
 * const bytes = encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] });
 * await writeFile('bed.wav', bytes);
 */
export function encodeWav(audio: PcmAudio, options: WavOptions = {}): Uint8Array {
  const bitDepth = options.bitDepth ?? 16;
  if (bitDepth !== 16 && bitDepth !== 24)
    throw new StudioError('invalid_argument', 'bitDepth must be 16 or 24', 'bitDepth');
  const { sampleRate, channels } = audio;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 768000) {
    throw new StudioError('invalid_argument', `not a usable sample rate: ${sampleRate}`, 'sampleRate');
  }
  if (channels.length < 1 || channels.length > 8) {
    throw new StudioError(
      'invalid_argument',
      `1 to 8 channels can be written (got ${channels.length})`,
      'channels',
    );
  }
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) {
    throw new StudioError(
      'invalid_argument',
      'every channel must have the same number of samples',
      'channels',
    );
  }
  const bytesPerSample = bitDepth / 8;
  const blockAlign = bytesPerSample * channels.length;
  const dataBytes = frames * blockAlign;
  if (dataBytes > MAX_DATA_BYTES) throw new StudioError('too_large', 'the audio is too long for a WAV file');

  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitDepth, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);

  const full = bitDepth === 16 ? 32768 : 8388608;
  const dither = options.dither ?? bitDepth === 16;
  let noise = 0x2545f491;
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels.length; c++) {
      let value = channels[c]![i]! * full;
      if (dither) {
        // TPDF: the sum of two uniform values in [−0.5, 0.5), from a fixed-seed xorshift.
        noise ^= noise << 13;
        noise ^= noise >>> 17;
        noise ^= noise << 5;
        const a = (noise >>> 0) / 4294967296;
        noise ^= noise << 13;
        noise ^= noise >>> 17;
        noise ^= noise << 5;
        value += a + (noise >>> 0) / 4294967296 - 1;
      }
      let q = Math.round(value);
      if (q >= full) q = full - 1;
      else if (q < -full) q = -full;
      if (bitDepth === 16) {
        view.setInt16(at, q, true);
        at += 2;
      } else {
        bytes[at] = q & 0xff;
        bytes[at + 1] = (q >> 8) & 0xff;
        bytes[at + 2] = (q >> 16) & 0xff;
        at += 3;
      }
    }
  }
  return bytes;
}

export interface DecodedWav extends PcmAudio {
  bitDepth: number;
  format: 'pcm' | 'float';
}

function bad(message: string): StudioError {
  return new StudioError('invalid_argument', `not a readable WAV file: ${message}`);
}

/** Decodes a RIFF/WAVE file (PCM 16/24/32-bit, float 32-bit; WAVE_FORMAT_EXTENSIBLE included). */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number) =>
    String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw bad('no RIFF/WAVE header');
  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  let data: { at: number; length: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = text(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw bad('short fmt chunk');
      let code = view.getUint16(body, true);
      if (code === 0xfffe && size >= 40) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      data = { at: body, length: Math.min(size, bytes.length - body) };
    }
    at = body + size + (size & 1);
  }
  if (!format) throw bad('no fmt chunk');
  if (!data) throw bad('no data chunk');
  const { code, channels: count, sampleRate, bits } = format;
  const isFloat = code === 3 && bits === 32;
  if (!(isFloat || (code === 1 && (bits === 16 || bits === 24 || bits === 32)))) {
    throw bad(`unsupported sample format (code ${code}, ${bits} bits)`);
  }
  if (count < 1 || sampleRate < 1) throw bad('no channels or no sample rate');
  const bytesPerSample = bits / 8;
  const frames = Math.floor(data.length / (bytesPerSample * count));
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  let at = data.at;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++) {
      let value: number;
      if (isFloat) value = view.getFloat32(at, true);
      else if (bits === 16) value = view.getInt16(at, true) / 32768;
      else if (bits === 24)
        value = (((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) << 8) >> 8) / 8388608;
      else value = view.getInt32(at, true) / 2147483648;
      channels[c]![i] = value;
      at += bytesPerSample;
    }
  }
  return { sampleRate, channels, bitDepth: bits, format: isFloat ? 'float' : 'pcm' };
}

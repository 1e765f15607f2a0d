import type { StudioApi } from '../../native/api/contract';
import { SAMPLE_RATE } from '../../native/model/time';

/**
 * Decoded audio, once per asset (by SHA-256): the engine sends the file's bytes, the browser
 * decodes them (WAV, MP3, OGG, FLAC) at 48 kHz. Decoding needs no user gesture (an offline
 * context does it), so the timeline decodes its assets before Play is pressed.
 */
const decoded = new Map<string, Promise<AudioBuffer>>();
/** Backwards copies, made the first time J plays a buffer in reverse. */
const reversed = new WeakMap<AudioBuffer, AudioBuffer>();

export function audioBuffer(studio: StudioApi, sha256: string): Promise<AudioBuffer> {
  let buffer = decoded.get(sha256);
  if (!buffer) {
    buffer = studio.project.asset({ sha256 }).then(({ bytes }) => {
      const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
      // decodeAudioData takes the buffer away: hand it a copy of just these bytes.
      return context.decodeAudioData(bytes.slice().buffer);
    });
    decoded.set(sha256, buffer);
    // A failure is not kept: the next play asks again.
    buffer.catch(() => decoded.delete(sha256));
  }
  return buffer;
}

/** Keeps only the assets still on the timeline (a decoded 10-minute bed is ~230 MB). */
export function keepAudioBuffers(sha256s: ReadonlySet<string>): void {
  for (const sha of decoded.keys()) if (!sha256s.has(sha)) decoded.delete(sha);
}

/** The buffer played backwards (Web Audio sources cannot play in reverse themselves). */
export function reversedBuffer(buffer: AudioBuffer): AudioBuffer {
  let copy = reversed.get(buffer);
  if (!copy) {
    copy = new AudioBuffer({
      length: buffer.length,
      numberOfChannels: buffer.numberOfChannels,
      sampleRate: buffer.sampleRate,
    });
    for (let c = 0; c < buffer.numberOfChannels; c++) {
      const samples = buffer.getChannelData(c).slice();
      samples.reverse();
      copy.copyToChannel(samples, c);
    }
    reversed.set(buffer, copy);
  }
  return copy;
}

import { useEffect, useState } from 'react';
import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';

/**
 * An asset's waveform as the engine computed it once and stored it with the asset: per
 * channel, the largest |sample| in each bucket, here scaled to 0…1 for wavesurfer.js.
 */
export interface WavePeaks {
  bucketsPerSecond: number;
  channels: Float32Array[];
}

const cache = new Map<string, Promise<WavePeaks>>();

export function loadPeaks(studio: StudioApi, sha256: string): Promise<WavePeaks> {
  let peaks = cache.get(sha256);
  if (!peaks) {
    peaks = studio.project.audioPeaks({ sha256 }).then((p) => ({
      bucketsPerSecond: p.bucketsPerSecond,
      channels: p.max.map((bytes) => Float32Array.from(bytes, (v) => v / 255)),
    }));
    cache.set(sha256, peaks);
    peaks.catch(() => cache.delete(sha256));
  }
  return peaks;
}

export type PeaksState = { peaks: WavePeaks } | { error: string } | null;

/** The peaks of an asset, once loaded (null while loading). */
export function usePeaks(studio: StudioApi, sha256: string | null): PeaksState {
  const [state, setState] = useState<{ sha256: string; value: PeaksState } | null>(null);
  useEffect(() => {
    if (!sha256) return;
    let live = true;
    loadPeaks(studio, sha256).then(
      (peaks) => live && setState({ sha256, value: { peaks } }),
      (error: unknown) =>
        live && setState({ sha256, value: { error: isStudioError(error) ? error.message : String(error) } }),
    );
    return () => {
      live = false;
    };
  }, [studio, sha256]);
  return state && state.sha256 === sha256 ? state.value : null;
}

/**
 * The buckets covering asset seconds [from, to) of each channel (views, not copies), at least
 * one bucket so there is always something to draw.
 */
export function peaksBetween(peaks: WavePeaks, from: number, to: number): Float32Array[] {
  return peaks.channels.map((channel) => {
    const last = Math.max(1, channel.length);
    const a = Math.min(last - 1, Math.max(0, Math.floor(from * peaks.bucketsPerSecond)));
    const b = Math.min(channel.length, Math.max(a + 1, Math.ceil(to * peaks.bucketsPerSecond)));
    return channel.length === 0 ? new Float32Array(1) : channel.subarray(a, b);
  });
}

import { memo, useEffect, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { WavePeaks } from './peaks';

export interface WaveformProps {
  peaks: WavePeaks;
  /** Bucket range of the peaks to draw, [first, end). */
  firstBucket: number;
  endBucket: number;
  /** Where the first bucket starts, in pixels from the clip's left edge, and pixels per second. */
  left: number;
  pxPerSecond: number;
  height: number;
  /** Linear clip gain: the waveform grows and shrinks with it, as the sound does. */
  scale: number;
  color: string;
}

/**
 * Part of a clip's waveform, drawn by wavesurfer.js from the stored peaks (no audio is loaded
 * or decoded for it): only the buckets in view, so a ten-minute bed costs what a screenful does.
 */
export const Waveform = memo(function Waveform(props: WaveformProps) {
  const { peaks, firstBucket, endBucket, left, pxPerSecond, height, scale, color } = props;
  const host = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const seconds = (endBucket - firstBucket) / peaks.bucketsPerSecond;
  const width = seconds * pxPerSecond;

  useEffect(() => {
    const ws = WaveSurfer.create({
      container: host.current!,
      interact: false,
      cursorWidth: 0,
      height,
      waveColor: color,
      progressColor: color,
      normalize: false,
      hideScrollbar: true,
      peaks: [new Float32Array(1)],
      duration: 1,
    });
    surfer.current = ws;
    return () => {
      surfer.current = null;
      ws.destroy();
    };
    // Created once; what it shows is set below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const data = peaks.channels.map((c) => c.subarray(firstBucket, Math.max(firstBucket + 1, endBucket)));
    surfer.current?.setOptions({
      peaks: data,
      duration: Math.max(seconds, 1e-3),
      height,
      waveColor: color,
      progressColor: color,
      barHeight: Math.min(4, scale),
    });
    // The width is read from the container: a zoom redraws at once, not on the next resize tick.
  }, [peaks, firstBucket, endBucket, seconds, width, height, color, scale]);

  return (
    <div
      ref={host}
      className="clip-wave"
      data-testid="clip-waveform"
      style={{ left, width, height }}
      aria-hidden="true"
    />
  );
});

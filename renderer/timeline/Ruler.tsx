import { useEffect, useRef, type PointerEvent } from 'react';
import { formatTimecode } from '../../native/model/time';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { HEADER_WIDTH, RULER_HEIGHT } from './layout';
import { rulerTicks, ticksBetween } from './ruler-ticks';
import { isPlaying, play, seek, stop, currentTransport } from './transport';

export interface RulerProps {
  fps: number;
  pxPerFrame: number;
  /** The scrolling element the ruler sits in (its scrollLeft is where the lanes are). */
  scroller: React.RefObject<HTMLDivElement | null>;
  /** Visible width of the lanes, in pixels. */
  width: number;
  /** The last frame of the cut. */
  end: number;
}

/**
 * The time ruler in time code, drawn on a canvas the width of the view (it stays put while
 * the lanes scroll under it). Press to move the playhead there, drag to scrub; playing carries
 * on from where the scrub ends.
 */
export function Ruler({ fps, pxPerFrame, scroller, width, end }: RulerProps) {
  const studio = useStudioApi();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const host = scroller.current;
    const draw = () => {
      const el = canvas.current;
      const scrollLeft = host?.scrollLeft ?? 0;
      if (!el) return;
      const ratio = window.devicePixelRatio || 1;
      if (el.width !== Math.round(width * ratio)) el.width = Math.round(width * ratio);
      if (el.height !== Math.round(RULER_HEIGHT * ratio)) el.height = Math.round(RULER_HEIGHT * ratio);
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, RULER_HEIGHT);
      const { step, minor } = rulerTicks(fps, pxPerFrame);
      const from = scrollLeft / pxPerFrame;
      const to = (scrollLeft + width) / pxPerFrame;
      ctx.strokeStyle = '#5d6070';
      ctx.beginPath();
      if (minor < step) {
        for (const f of ticksBetween(from - minor, to, minor)) {
          const x = Math.round(f * pxPerFrame - scrollLeft) + 0.5;
          ctx.moveTo(x, RULER_HEIGHT - 5);
          ctx.lineTo(x, RULER_HEIGHT);
        }
      }
      ctx.stroke();
      ctx.strokeStyle = '#8a8d99';
      ctx.fillStyle = '#b9bcc6';
      ctx.font = '10px ui-monospace, Menlo, Consolas, monospace';
      ctx.textBaseline = 'top';
      ctx.beginPath();
      for (const f of ticksBetween(from - step, to, step)) {
        const x = Math.round(f * pxPerFrame - scrollLeft) + 0.5;
        ctx.moveTo(x, RULER_HEIGHT - 12);
        ctx.lineTo(x, RULER_HEIGHT);
        ctx.fillText(formatTimecode(f, fps), x + 3, 4);
      }
      ctx.stroke();
    };
    draw();
    host?.addEventListener('scroll', draw);
    return () => host?.removeEventListener('scroll', draw);
  }, [fps, pxPerFrame, scroller, width]);

  // The playhead's place, for assistive technology (it changes every frame while playing).
  useEffect(() => {
    const show = (frame: number) => {
      canvas.current?.setAttribute('aria-valuenow', String(frame));
      canvas.current?.setAttribute('aria-valuetext', formatTimecode(frame, fps));
    };
    show(useStudio.getState().playheadFrame);
    return useStudio.subscribe((s, before) => {
      if (s.playheadFrame !== before.playheadFrame) show(s.playheadFrame);
    });
  }, [fps]);

  const frameAt = (e: PointerEvent) => {
    const box = canvas.current!.getBoundingClientRect();
    return Math.max(0, Math.round((e.clientX - box.left + (scroller.current?.scrollLeft ?? 0)) / pxPerFrame));
  };
  // A scrub pauses playback and resumes it where it ends.
  const resume = useRef<ReturnType<typeof currentTransport>>(null);

  return (
    <canvas
      ref={canvas}
      className="timeline-ruler"
      role="slider"
      aria-label="Time ruler"
      aria-valuemin={0}
      aria-valuemax={end}
      data-testid="timeline-ruler"
      style={{ left: HEADER_WIDTH, width, height: RULER_HEIGHT }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        resume.current = isPlaying() ? currentTransport() : null;
        if (resume.current) stop();
        seek(frameAt(e));
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) useStudio.getState().setPlayhead(frameAt(e));
      }}
      onPointerUp={(e) => {
        if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
        e.currentTarget.releasePointerCapture(e.pointerId);
        if (resume.current) void play(studio, resume.current);
        resume.current = null;
      }}
    />
  );
}

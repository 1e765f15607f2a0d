import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Context2D } from '../../native/compose/draw-canvas';
import { drawStoryFrame } from '../../native/compose/story';
import type { Document } from '../../native/model/document';
import {
  shotReframe,
  VIDEO_PLACEMENTS,
  videoPlacement,
  type PlacementId,
} from '../../native/model/placements';
import type { ShotId } from '../../native/model/ids';
import { gesture } from '../app/project-actions';
import { panCrop } from './reframe-crop';
import { shotIndexAt, storyTiming } from '../../native/model/story-timing';
import type { AssetImages } from '../canvas/asset-images';
import { useStudio } from '../state/store';
import type { PreviewPlacement } from '../state/timeline-slice';
import { isPlaying, playingClock } from '../timeline/transport';
import { createFrameCounter } from './frame-counter';
import { createPreviewPictures } from './preview-pictures';
import { PreviewVideos } from './preview-videos';
import { useStudioApi } from '../platform/studio-context';
import { layoutPreview } from './preview-layout';
import { ReframeControl } from './ReframeControl';
import './preview.css';

/** CSS pixels between the frames when all placements are shown. */
const GAP = 10;

const CHOICES: { id: PreviewPlacement; label: string }[] = [
  ...VIDEO_PLACEMENTS.map((p) => ({ id: p.id, label: p.id })),
  { id: 'all', label: 'All' },
];

export interface PreviewPlayerProps {
  images: AssetImages;
  /** Changes when a decoded image arrives. */
  imagesVersion: number;
  /** The bundled fonts have loaded (captions are drawn again then). */
  fontsReady: boolean;
}

const docNow = (): Document | null => useStudio.getState().project?.doc ?? null;

/**
 * The preview player above the timeline's lanes: the storyboard's frame at the playhead, drawn
 * by native/compose's `drawStoryFrame` (the code the export draws with) for one placement, or
 * for all four side by side. Stopped, it draws when the playhead or the document changes;
 * playing, an animation-frame loop draws the frame the audio clock says — floor(seconds × fps)
 * — so a slow frame is skipped rather than the picture falling behind the sound. The frames
 * drawn, due and dropped since Play are on the element as data attributes.
 */
export function PreviewPlayer({ images, imagesVersion, fontsReady }: PreviewPlayerProps) {
  const doc = useStudio((s) => s.project!.doc);
  const choice = useStudio((s) => s.previewPlacement);
  const setChoice = useStudio((s) => s.setPreviewPlacement);
  const root = useRef<HTMLDivElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const canvases = useRef(new Map<PlacementId, HTMLCanvasElement>());
  const counter = useMemo(() => createFrameCounter(), []);

  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = stage.current!;
    const measure = () => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const placements = useMemo(
    () => (choice === 'all' ? VIDEO_PLACEMENTS : [videoPlacement(choice)]),
    [choice],
  );
  const slots = useMemo(() => layoutPreview(placements, size, GAP), [placements, size]);
  const timing = useMemo(() => storyTiming(doc), [doc]);

  /** Draws `frame` into every shown placement's canvas. Kept in a ref: the loops outlive renders. */
  const draw = useRef<(frame: number) => void>(() => {});

  // Video clips from their proxies; a seek that lands draws the stopped preview again.
  const studio = useStudioApi();
  const videos = useMemo(() => new PreviewVideos(studio), [studio]);
  useEffect(() => () => videos.dispose(), [videos]);
  useEffect(
    () =>
      videos.listen(() => {
        if (!isPlaying()) draw.current(useStudio.getState().playheadFrame);
      }),
    [videos],
  );

  // Pictures (artboards drawn once per scale) for as long as the view lives; the cache lets go
  // of them whenever the document changes.
  const source = useMemo(() => createPreviewPictures(images, videos), [images, videos]);
  const pictures = source.pictures;

  useLayoutEffect(() => {
    draw.current = (frame: number) => {
      const d = docNow();
      if (!d) return;
      const ratio = window.devicePixelRatio || 1;
      source.missing();
      for (const slot of slots) {
        const canvas = canvases.current.get(slot.id);
        if (!canvas) continue;
        const width = Math.max(1, Math.round(slot.width * ratio));
        const height = Math.max(1, Math.round(slot.height * ratio));
        if (canvas.width !== width) canvas.width = width;
        if (canvas.height !== height) canvas.height = height;
        const ctx = canvas.getContext('2d');
        if (!ctx) continue;
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        drawStoryFrame(ctx as unknown as Context2D, d, {
          placement: { id: slot.id, width, height },
          frame,
          pictures,
          timing: d === doc ? timing : undefined,
        });
      }
      const el = root.current;
      if (!el) return;
      el.dataset.frame = String(frame);
      el.dataset.complete = String(source.missing() === 0 && fontsReady);
    };
  });

  // Artboards drawn before the fonts arrived had their text in a fallback face: draw them again.
  useLayoutEffect(() => pictures.clear(), [fontsReady, pictures]);

  // Stopped: draw the playhead's frame now, after every render that may change the picture.
  useLayoutEffect(() => {
    if (!isPlaying()) draw.current(useStudio.getState().playheadFrame);
  }, [doc, slots, imagesVersion, fontsReady, pictures, timing]);

  // The playhead moved while stopped (a scrub, a step): draw there. Playing: the clock's loop.
  useEffect(() => {
    let raf = 0;
    let epoch = -1;
    const publish = () => {
      const el = root.current;
      if (!el) return;
      const stats = counter.stats();
      el.dataset.framesDrawn = String(stats.drawn);
      el.dataset.framesDue = String(stats.due);
      el.dataset.framesDropped = String(stats.dropped);
    };
    const loop = () => {
      raf = 0;
      if (!isPlaying()) {
        el()?.removeAttribute('data-playing');
        draw.current(useStudio.getState().playheadFrame);
        publish();
        return;
      }
      const clock = playingClock();
      if (clock) {
        if (clock.epoch !== epoch) {
          if (epoch !== -1) counter.restart();
          epoch = clock.epoch;
        }
        const fps = docNow()?.timeline.fps ?? 30;
        const frame = Math.max(0, Math.floor(clock.seconds * fps + 1e-6));
        if (counter.tick(frame)) draw.current(frame);
        publish();
      }
      raf = requestAnimationFrame(loop);
    };
    const el = () => root.current;
    const begin = () => {
      counter.reset();
      epoch = -1;
      publish();
      el()?.setAttribute('data-playing', 'true');
      if (!raf) raf = requestAnimationFrame(loop);
    };
    if (isPlaying()) begin();
    const unsubscribe = useStudio.subscribe((s, before) => {
      if (s.transport && !before.transport) begin();
      else if (s.playheadFrame !== before.playheadFrame && !isPlaying()) draw.current(s.playheadFrame);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(raf);
    };
  }, [counter]);

  // The shot under the playhead, for reframing it (only this changes as the playhead moves).
  const shotId = useStudio((s) => {
    const d = s.project?.doc;
    if (!d) return null;
    const t = storyTiming(d);
    return t.shots[shotIndexAt(t, s.playheadFrame)]?.shot.id ?? null;
  });
  const shot = shotId ? doc.shots[shotId] : undefined;
  // A custom crop of the one placement shown can be moved by dragging the picture.
  const pannable =
    choice !== 'all' && shot !== undefined && shotReframe(shot, choice as PlacementId).mode === 'custom';

  return (
    <div className="preview" data-testid="preview" ref={root} data-placement={choice}>
      <div className="preview-bar">
        <div className="segmented" role="radiogroup" aria-label="Placement">
          {CHOICES.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="radio"
              aria-checked={choice === id}
              className={choice === id ? 'small on' : 'small'}
              title={id === 'all' ? 'All placements side by side' : `Preview the ${id} placement`}
              onClick={() => setChoice(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {choice !== 'all' && shot && (
          <ReframeControl doc={doc} shot={shot} placement={videoPlacement(choice)} />
        )}
      </div>
      <div className="preview-stage" ref={stage}>
        {slots.map((slot) => (
          <figure
            key={slot.id}
            className="preview-frame"
            style={{ left: slot.x, top: slot.y, width: slot.width, height: slot.height }}
          >
            <canvas
              ref={(c) => {
                if (c) canvases.current.set(slot.id, c);
                else canvases.current.delete(slot.id);
              }}
              role="img"
              aria-label={`Preview ${slot.id}`}
              data-testid="preview-canvas"
              data-placement={slot.id}
              className={pannable ? 'pannable' : undefined}
              title={pannable ? 'Drag to move the picture in the frame' : undefined}
              style={{ width: slot.width, height: slot.height }}
              onPointerDown={(e) => {
                if (!pannable || !shot || e.button !== 0) return;
                const placement = videoPlacement(choice as PlacementId);
                const start = shotReframe(shot, placement.id).crop;
                if (!start) return;
                e.currentTarget.setPointerCapture(e.pointerId);
                const origin = { x: e.clientX, y: e.clientY, width: slot.width, height: slot.height };
                gesture.begin('Reframe shot');
                const move = (ev: PointerEvent) =>
                  gesture.update({
                    type: 'shot.reframe',
                    args: {
                      shotId: shot.id as ShotId,
                      placement: placement.id,
                      reframe: {
                        mode: 'custom',
                        crop: panCrop(
                          start,
                          (ev.clientX - origin.x) / origin.width,
                          (ev.clientY - origin.y) / origin.height,
                        ),
                      },
                    },
                  });
                const target = e.currentTarget;
                const end = () => {
                  target.removeEventListener('pointermove', move);
                  gesture.commit(studio);
                };
                target.addEventListener('pointermove', move);
                target.addEventListener('pointerup', end, { once: true });
                target.addEventListener('pointercancel', end, { once: true });
              }}
            />
            {choice === 'all' && <figcaption>{slot.id}</figcaption>}
          </figure>
        ))}
      </div>
    </div>
  );
}

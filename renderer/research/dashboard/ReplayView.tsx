// Session replay: step through a session's events and see the document after each, an artboard
// drawn by native/compose (the code that draws exports) with the images of that file.
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { StudioApi } from '../../../native/api/contract';
import { isStudioError } from '../../../native/api/errors';
import type { ResearchEvent, ResearchReplayAt } from '../../../native/api/research';
import { drawCanvas, type Context2D } from '../../../native/compose/draw-canvas';
import type { Document } from '../../../native/model/document';
import { loadBundledFonts } from '../../canvas/fonts';
import { useStudioApi } from '../../platform/studio-context';
import { describeEvent, fmtSeconds } from './format';

/** The largest box the artboard is drawn in, in CSS pixels. */
const BOX_W = 480;
const BOX_H = 360;

/** Decoded images of one file's assets, fetched once each through `research.asset`. */
class ReplayImages {
  private readonly images = new Map<string, ImageBitmap>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly studio: StudioApi,
    private readonly path: string,
    private readonly onLoaded: () => void,
  ) {}

  get(doc: Document, assetId: string): ImageBitmap | undefined {
    const asset = doc.assets[assetId];
    if (!asset || asset.kind !== 'image') return undefined;
    const image = this.images.get(asset.sha256);
    if (!image && !this.pending.has(asset.sha256)) void this.load(asset.sha256);
    return image;
  }

  private async load(sha256: string): Promise<void> {
    this.pending.add(sha256); // once: a missing or undecodable image stays missing
    try {
      const { mime, bytes } = await this.studio.research.asset({ path: this.path, sha256 });
      this.images.set(sha256, await createImageBitmap(new Blob([bytes as BlobPart], { type: mime })));
      this.onLoaded();
    } catch {
      // Drawn without it.
    }
  }

  dispose(): void {
    for (const image of this.images.values()) image.close();
    this.images.clear();
  }
}

function ArtboardPicture({
  doc,
  canvasId,
  images,
  version,
  seq,
}: {
  seq: number;
  doc: Document;
  canvasId: string;
  images: ReplayImages;
  version: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const artboard = doc.canvases[canvasId];
  const k = artboard ? Math.min(BOX_W / artboard.width, BOX_H / artboard.height, 4) : 1;
  const width = artboard ? Math.max(1, Math.round(artboard.width * k)) : 0;
  const height = artboard ? Math.max(1, Math.round(artboard.height * k)) : 0;
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || !artboard) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    drawCanvas(canvas.getContext('2d')! as unknown as Context2D, doc, canvasId, {
      scale: canvas.width / artboard.width,
      image: (id) => images.get(doc, id),
    });
  }, [doc, canvasId, artboard, images, version, width, height]);
  if (!artboard) return <p className="muted">This artboard is not in the document at this step.</p>;
  const layers = Object.values(doc.layers).filter((l) => l.canvasId === canvasId).length;
  return (
    <canvas
      ref={ref}
      className="replay-canvas"
      data-testid="replay-canvas"
      data-layers={layers}
      data-seq={seq}
      role="img"
      aria-label={`${artboard.name}, ${artboard.width}×${artboard.height}, ${layers} layer${layers === 1 ? '' : 's'}`}
      style={{ width, height }}
    />
  );
}

export function ReplayView({
  path,
  events,
  startAt = 0,
  label,
  onClose,
}: {
  path: string;
  events: ResearchEvent[];
  startAt?: number;
  label: string;
  onClose(): void;
}) {
  const studio = useStudioApi();
  const [step, setStep] = useState(Math.min(Math.max(0, startAt), events.length - 1));
  const [state, setState] = useState<ResearchReplayAt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [canvasId, setCanvasId] = useState<string | null>(null);
  const [version, imageArrived] = useReducer((n: number) => n + 1, 0);
  const images = useMemo(() => new ReplayImages(studio, path, imageArrived), [studio, path]);
  useEffect(() => () => images.dispose(), [images]);
  useEffect(() => {
    let live = true;
    void loadBundledFonts().then(
      () => live && imageArrived(),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  const seq = events[step]?.seq;
  useEffect(() => {
    if (seq === undefined) return;
    let live = true;
    studio.research.replayAt({ path, seq }).then(
      (next) => {
        if (!live) return;
        setState(next);
        setError(null);
      },
      (e: unknown) => live && setError(isStudioError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [studio, path, seq]);

  // ←/→ work at once, and go on working when the button just used becomes disabled (first, last).
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.focus(), []);
  useEffect(() => {
    const active = document.activeElement;
    if (active === document.body || (active instanceof HTMLButtonElement && active.disabled))
      section.current?.focus();
  }, [step]);

  const go = useCallback(
    (to: number) => setStep(Math.min(Math.max(0, to), events.length - 1)),
    [events.length],
  );
  const doc = state?.document ?? null;
  const shownCanvas = doc && canvasId && doc.canvases[canvasId] ? canvasId : (doc?.canvasOrder[0] ?? null);
  const event = events[step];
  const start = events[0]?.monoTime ?? 0;

  return (
    <section
      ref={section}
      className="replay"
      aria-label={`Replay of ${label}`}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLSelectElement) return;
        const to =
          e.key === 'ArrowLeft'
            ? step - 1
            : e.key === 'ArrowRight'
              ? step + 1
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? events.length - 1
                  : null;
        if (to === null) return;
        e.preventDefault();
        go(to);
      }}
    >
      <header className="replay-head">
        <h3>Replay: {label}</h3>
        <button type="button" className="small" onClick={onClose}>
          Back to the dashboard
        </button>
      </header>
      <div className="replay-controls" role="group" aria-label="Step through the events">
        <button
          type="button"
          className="small"
          onClick={() => go(0)}
          disabled={step === 0}
          aria-label="First event"
        >
          «
        </button>
        <button
          type="button"
          className="small"
          onClick={() => go(step - 1)}
          disabled={step === 0}
          aria-label="Previous event"
        >
          ◀
        </button>
        <input
          type="range"
          aria-label="Event"
          min={1}
          max={events.length}
          value={step + 1}
          onChange={(e) => go(Number(e.target.value) - 1)}
        />
        <button
          type="button"
          className="small"
          onClick={() => go(step + 1)}
          disabled={step >= events.length - 1}
          aria-label="Next event"
        >
          ▶
        </button>
        <button
          type="button"
          className="small"
          onClick={() => go(events.length - 1)}
          disabled={step >= events.length - 1}
          aria-label="Last event"
        >
          »
        </button>
        <span className="replay-step" data-testid="replay-step" data-seq={seq} aria-live="polite">
          Step {step + 1} of {events.length}
        </span>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="replay-body">
        <div className="replay-picture">
          {doc && doc.canvasOrder.length > 1 && (
            <label>
              Artboard{' '}
              <select value={shownCanvas ?? ''} onChange={(e) => setCanvasId(e.target.value)}>
                {doc.canvasOrder.map((id) => (
                  <option key={id} value={id}>
                    {doc.canvases[id]?.name ?? id}
                  </option>
                ))}
              </select>
            </label>
          )}
          {doc && shownCanvas ? (
            <ArtboardPicture
              doc={doc}
              canvasId={shownCanvas}
              images={images}
              version={version}
              seq={state!.seq}
            />
          ) : (
            <p className="muted">{doc ? 'No artboard at this step.' : 'Replaying…'}</p>
          )}
        </div>
        {event && (
          <dl className="facts replay-event" data-testid="replay-event">
            <dt>Event</dt>
            <dd>
              #{event.seq} {describeEvent(event)}
            </dd>
            <dt>Time</dt>
            <dd>
              {fmtSeconds(event.monoTime - start)} ({new Date(event.wallTime).toLocaleString()})
            </dd>
            {event.durationMs !== null && (
              <>
                <dt>Duration</dt>
                <dd>{fmtSeconds(event.durationMs)}</dd>
              </>
            )}
            <dt>Targets</dt>
            <dd>{event.targetIds.length ? event.targetIds.join(', ') : '—'}</dd>
            <dt>Arguments</dt>
            <dd>
              <code className="replay-args">{JSON.stringify(event.args)}</code>
            </dd>
          </dl>
        )}
      </div>
    </section>
  );
}

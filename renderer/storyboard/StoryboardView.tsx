import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type PointerEvent,
} from 'react';
import type { ShotId } from '../../native/model/ids';
import { formatTimecode } from '../../native/model/time';
import { gesture } from '../app/project-actions';
import { usePictures } from '../canvas/use-pictures';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { idle, press, type ShotDragHost, type ShotDragState, type ShotPointer } from './shot-drag';
import { formatSeconds } from './shot-time';
import { ShotCard } from './ShotCard';
import {
  addClipShots,
  addShot,
  addShotsForArtboards,
  defaultArtboard,
  totalFrames,
  VIDEO_EXTENSIONS,
} from './storyboard-actions';
import './storyboard.css';

const pointerOf = (e: { clientX: number; clientY: number }): ShotPointer => ({ x: e.clientX, y: e.clientY });

/**
 * The Storyboard: the project's shots as cards in order, each with its picture, length,
 * caption, notes, camera move and transition. Cards are added from artboards, copied, deleted
 * and reordered by dragging (one undo step, "Move shot") or with Alt+←/→.
 */
export function StoryboardView() {
  const studio = useStudioApi();
  const doc = useStudio((s) => s.project!.doc);
  const selectedCanvasId = useStudio((s) => s.selectedCanvasId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const drag = useRef<ShotDragState>(idle);
  const clipInput = useRef<HTMLInputElement>(null);

  // Decoded images and the bundled fonts, for the shots' pictures (thumbnails draw again as they arrive).
  const { images, imagesVersion, fontsReady } = usePictures(studio);

  // After an edit the card to focus may not be on the page yet (a copy) or may have been moved
  // in the DOM (which drops focus): focus it once the document is shown.
  const focusWanted = useRef<string | null>(null);
  const [focusRequests, requestFocus] = useReducer((n: number) => n + 1, 0);
  const focusShot = useCallback((id: string | null) => {
    if (!id) return;
    focusWanted.current = id;
    setSelectedId(id);
    requestFocus();
  }, []);
  useLayoutEffect(() => {
    const id = focusWanted.current;
    if (!id) return;
    const card = list.current?.querySelector<HTMLElement>(`[data-shot-id="${CSS.escape(id)}"]`);
    if (!card) return;
    focusWanted.current = null;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [doc, focusRequests]);

  const host = useMemo<ShotDragHost>(
    () => ({
      doc: () => useStudio.getState().project!.doc,
      box: (id) => {
        const card = list.current?.querySelector<HTMLElement>(`[data-shot-id="${CSS.escape(id)}"]`);
        if (!card) return undefined;
        const r = card.getBoundingClientRect();
        return { left: r.left, top: r.top, width: r.width, height: r.height };
      },
      begin: (label) => gesture.begin(label),
      update: (command) => gesture.update(command),
      commit: () => gesture.commit(studio),
      cancel: () => gesture.cancel(),
      dragging: setDraggingId,
    }),
    [studio],
  );

  /** The shot whose card the pointer went down on. */
  const pressed = useRef<ShotId | null>(null);
  /** Runs a drag handler; a drag that ended leaves its card focused (moving it dropped focus). */
  const step = (run: (state: ShotDragState) => ShotDragState | undefined) => {
    const before = drag.current;
    drag.current = run(before) ?? before;
    if (before.name === 'moving' && drag.current === idle) focusShot(pressed.current);
  };

  // Escape abandons a drag: the shot goes back to where it was.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || drag.current === idle) return;
      const was = drag.current.name;
      drag.current = drag.current.cancel?.() ?? idle;
      if (was === 'moving') focusShot(pressed.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusShot]);

  const onPress = (id: ShotId) => (e: PointerEvent<HTMLLIElement>) => {
    e.currentTarget.focus({ preventScroll: true });
    list.current?.setPointerCapture(e.pointerId);
    pressed.current = id;
    drag.current = press(id, pointerOf(e), host);
  };

  const artboard = defaultArtboard(doc, selectedCanvasId);
  const artboardName = artboard?.kind === 'canvas' ? doc.canvases[artboard.canvasId]?.name : undefined;
  const after = selectedId && doc.shots[selectedId] ? (selectedId as ShotId) : null;
  const addOne = () => focusShot(addShot(studio, artboard, after));
  const addAll = () => focusShot(addShotsForArtboards(studio, after).at(-1) ?? null);
  const total = totalFrames(doc);
  const fps = doc.timeline.fps;
  const count = doc.shotOrder.length;

  const addButtons = (
    <>
      <button
        type="button"
        onClick={addOne}
        title={artboardName ? `Add a shot of “${artboardName}”` : 'Add a shot (pick its picture on the card)'}
      >
        Add shot
      </button>
      <button
        type="button"
        onClick={addAll}
        disabled={doc.canvasOrder.length === 0}
        title="Add a shot for each artboard, in the Canvas’s order"
      >
        Add all artboards
      </button>
      <button
        type="button"
        onClick={() => clipInput.current?.click()}
        title="Add a shot for each video clip you pick (MP4, MOV, WebM, MKV, AVI), as long as the clip"
      >
        Add clip…
      </button>
      <input
        ref={clipInput}
        type="file"
        hidden
        multiple
        aria-label="Video clip to add"
        accept={['video/*', ...VIDEO_EXTENSIONS.map((e) => `.${e}`)].join(',')}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) {
            void addClipShots(studio, files, selectedId as ShotId | null).then((ids) =>
              focusShot(ids.at(-1) ?? null),
            );
          }
        }}
      />
    </>
  );

  if (count === 0) {
    return (
      <div className="storyboard empty-view" data-testid="storyboard">
        <h2>No shots yet</h2>
        <p className="muted">
          {doc.canvasOrder.length > 0
            ? `A shot shows an artboard, an image or a video clip. “Add shot” adds one of ${
                artboardName ? `“${artboardName}”` : 'the artboard shown on the Canvas'
              }; “Add all artboards” adds one for each artboard.`
            : 'A shot shows an artboard, an image or a video clip. Make an artboard on the Canvas first, add a clip with “Add clip…”, or add a shot and pick an imported image for it.'}
        </p>
        <div className="storyboard-actions">{addButtons}</div>
      </div>
    );
  }

  return (
    <div className="storyboard" data-testid="storyboard">
      <div className="storyboard-toolbar">
        {addButtons}
        <span className="spacer" />
        <span className="storyboard-total" data-testid="storyboard-total" data-total-frames={total}>
          {count} {count === 1 ? 'shot' : 'shots'} · {formatSeconds(total, fps)} s (
          {formatTimecode(total, fps)})
        </span>
      </div>
      <p className="storyboard-hint muted">
        Drag a card to reorder it. On a selected card: Alt+←/→ moves it, Delete removes it, Ctrl+D copies it.
      </p>
      <ul
        ref={list}
        className={draggingId ? 'shot-grid dragging' : 'shot-grid'}
        role="list"
        aria-label="Shots"
        onPointerMove={(e) => step((s) => s.move?.(pointerOf(e)))}
        onPointerUp={(e) => step((s) => s.up?.(pointerOf(e)))}
        onPointerCancel={() => step((s) => s.cancel?.())}
      >
        {doc.shotOrder.map((id, index) => {
          const shot = doc.shots[id];
          if (!shot) return null;
          return (
            <ShotCard
              key={id}
              doc={doc}
              shot={shot}
              index={index}
              selected={id === selectedId}
              dragging={id === draggingId}
              images={images}
              imagesVersion={imagesVersion}
              fontsReady={fontsReady}
              select={() => setSelectedId(id)}
              focusShot={focusShot}
              press={onPress(id)}
            />
          );
        })}
      </ul>
    </div>
  );
}

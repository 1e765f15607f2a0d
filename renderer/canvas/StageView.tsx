import type Konva from 'konva';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type PointerEvent } from 'react';
import { Group, Image as KImage, Layer, Line, Rect, Shape, Stage, Transformer, Ellipse } from 'react-konva';
import { drawCanvas, type Context2D } from '../../native/compose/draw-canvas';
import type { Transform } from '../../native/model/document';
import {
  carryTransform,
  normaliseAngle,
  topLevelOf,
  withDescendants,
  withTransforms,
} from '../../native/model/geometry';
import { snapPoint, snapTargets, type Guide } from '../../native/model/snap';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import type { ToolId } from '../state/session-slice';
import { AssetImages } from './asset-images';
import { CompositeCache } from './composite';
import { MaskEditor } from './mask-editor';
import { loadBundledFonts } from './fonts';
import { isTyping } from '../app/typing';
import { SafeZones } from './SafeZones';
import { addLayerAt, commitTransforms, setActiveMask } from './canvas-actions';
import { setStageSize } from './view-actions';
import { fitViewport, toArtboard, toScreen, zoomAt } from './viewport';
import { baseTransform, movable, snapBoxes, SNAP_PIXELS, withoutLocked } from './tools/move-tool';
import { moveIdle } from './tools/move-tool';
import { handIdle, panning, springHand, zoomIdle } from './tools/view-tools';
import { brushIdle, lassoIdle, rectSelectIdle } from './tools/mask-tools';
import { createIdle } from './tools/create-tools';
import type { Band, Pointer, ToolHost, ToolState } from './tools/tool';

const ACCENT = '#4f8cff';

function idleOf(tool: ToolId, shape: 'rect' | 'ellipse'): ToolState {
  switch (tool) {
    case 'move':
      return moveIdle();
    case 'hand':
      return handIdle();
    case 'zoom':
      return zoomIdle();
    case 'brush':
      return brushIdle('paint');
    case 'eraser':
      return brushIdle('erase');
    case 'select-rect':
      return rectSelectIdle();
    case 'lasso':
      return lassoIdle();
    case 'text':
      return createIdle('text');
    case 'shape':
      return createIdle(shape);
  }
}

let checker: HTMLCanvasElement | null = null;
/** The grey and white squares behind a transparent artboard. */
function checkerboard(): HTMLCanvasElement {
  if (checker) return checker;
  checker = document.createElement('canvas');
  checker.width = checker.height = 16;
  const ctx = checker.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 16, 16);
  ctx.fillStyle = '#d8d8d8';
  ctx.fillRect(0, 0, 8, 8);
  ctx.fillRect(8, 8, 8, 8);
  return checker;
}

interface Preview {
  transforms: Record<string, Transform>;
  guides: Guide[];
  /** The Transformer already shows its nodes at the new size: their boxes must not change under it. */
  fromTransformer?: boolean;
}

/**
 * The artboard editor: the layers drawn by native/compose (so the screen matches the export),
 * the selection with a Konva Transformer, and the tools. Static pictures do not listen for
 * events; the layers being dragged are drawn on a layer of their own (STYLE.md 9).
 */
export function StageView({ canvasId }: { canvasId: string }) {
  const studio = useStudioApi();
  const doc = useStudio((s) => s.project!.doc);
  const viewport = useStudio((s) => s.viewport);
  const tool = useStudio((s) => s.tool);
  const shapeKind = useStudio((s) => s.shapeKind);
  const selectedIds = useStudio((s) => s.selectedLayerIds);
  const brush = useStudio((s) => s.brush);
  const maskOverlay = useStudio((s) => s.maskOverlay);
  const safeZones = useStudio((s) => s.safeZones);
  const staging = useStudio((s) => s.staging);
  const comparing = useStudio((s) => s.comparing);
  const canvas = doc.canvases[canvasId]!;

  const hostRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [band, setBand] = useState<Band | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const toolKey = `${tool}/${shapeKind}`;
  const [shownState, setShownState] = useState({ key: toolKey, name: '', cursor: 'default' });
  const [, imageArrived] = useReducer((n: number) => n + 1, 0);
  // Canvas 2D does not wait for web fonts: draw again once the bundled ones are in.
  const [fontsReady, setFontsReady] = useState(false);
  useEffect(() => {
    let live = true;
    void loadBundledFonts().then(
      () => live && setFontsReady(true),
      () => live && setFontsReady(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const images = useMemo(() => new AssetImages(studio, imageArrived), [studio]);
  useEffect(() => () => images.dispose(), [images]);
  const below = useMemo(() => new CompositeCache(), []);
  const above = useMemo(() => new CompositeCache(), []);
  useEffect(
    () => () => {
      below.dispose();
      above.dispose();
    },
    [below, above],
  );
  const [maskVersion, maskChanged] = useReducer((n: number) => n + 1, 0);
  const mask = useMemo(() => new MaskEditor(studio, maskChanged), [studio]);
  useEffect(() => {
    setActiveMask(mask);
    return () => {
      setActiveMask(null);
      mask.dispose();
    };
  }, [mask]);
  const overlayLayer = useRef<Konva.Layer>(null);
  useEffect(() => {
    overlayLayer.current?.batchDraw();
  }, [maskVersion]);
  useEffect(() => mask.sync(doc, canvasId), [mask, doc, canvasId]);

  // The stage fills its box; a new artboard is fitted into it.
  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      setSize(next);
      setStageSize(next);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (!viewport && size && size.width > 0) useStudio.getState().setViewport(fitViewport(canvas, size));
  }, [viewport, size, canvas]);

  // --- tools -------------------------------------------------------------------------------
  const host = useMemo<ToolHost>(
    () => ({
      doc: () => useStudio.getState().project!.doc,
      canvasId,
      viewport: () => useStudio.getState().viewport ?? { zoom: 1, x: 0, y: 0 },
      setViewport: (view) => useStudio.getState().setViewport(view),
      selection: () => useStudio.getState().selectedLayerIds,
      select: (ids) => useStudio.getState().selectLayers(ids),
      preview: (transforms, guides = []) => setPreview(transforms ? { transforms, guides } : null),
      band: setBand,
      commitTransforms: (label, transforms) => commitTransforms(studio, label, transforms),
      mask,
      addLayer: (kind, box) => addLayerAt(studio, canvasId, kind, box),
      setTool: (t) => useStudio.getState().setTool(t),
      brush: () => useStudio.getState().brush,
    }),
    [studio, canvasId, mask],
  );
  // The tool's state machine lives in a ref: it changes on every pointer event.
  const state = useRef<{ key: string; current: ToolState } | null>(null);
  /** The pointer pressed on the stage, until it is released. */
  const pressed = useRef<number | null>(null);
  /** The current state, after a tool change: a fresh idle state of the new tool. */
  const machine = useCallback((): ToolState => {
    const { tool: t, shapeKind: k } = useStudio.getState();
    const key = `${t}/${k}`;
    if (state.current?.key !== key) state.current = { key, current: idleOf(t, k) };
    return state.current.current;
  }, []);
  const transition = useCallback((next: ToolState) => {
    const { tool: t, shapeKind: k } = useStudio.getState();
    // The handler may have changed the tool (a new shape hands back to Move): start it fresh.
    if (state.current && state.current.key !== `${t}/${k}`) next = idleOf(t, k);
    state.current = { key: `${t}/${k}`, current: next };
    setShownState({ key: `${t}/${k}`, name: next.name, cursor: next.cursor ?? 'default' });
  }, []);
  // A tool change in the middle of a drag abandons the drag.
  useEffect(
    () => () => {
      const active = state.current?.current;
      if (active && !active.name.endsWith('.idle')) active.cancel?.(host);
    },
    [toolKey, host],
  );
  const idle = idleOf(tool, shapeKind);
  const cursor = shownState.key === toolKey ? shownState.cursor : (idle.cursor ?? 'default');
  const stateName = shownState.key === toolKey ? shownState.name || idle.name : idle.name;

  // Space: the hand while held; Escape: abandon the gesture; [ and ]: brush size and hardness.
  const spaceHeld = useRef(false);
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (isTyping(e.target) || useStudio.getState().dialog) return;
      if (e.code === 'Space') {
        e.preventDefault(); // not a click on a focused button
        if (e.repeat || spaceHeld.current) return;
        spaceHeld.current = true;
        // Not in the middle of a drag: the drag finishes first.
        if (pressed.current !== null || machine().name.startsWith('hand')) return;
        const resume = () => idleOf(useStudio.getState().tool, useStudio.getState().shapeKind);
        transition(springHand(resume, () => spaceHeld.current));
      } else if (e.key === 'Escape') {
        const current = machine();
        transition(current.cancel?.(host) ?? current);
      } else if ((e.code === 'BracketLeft' || e.code === 'BracketRight') && !e.ctrlKey && !e.metaKey) {
        // By physical key: with Shift the characters are { and }, and layouts differ.
        const up = e.code === 'BracketRight';
        const { brush: b, setBrush } = useStudio.getState();
        const step = Math.max(1, Math.round(b.size * 0.1));
        if (e.shiftKey) setBrush({ hardness: b.hardness + (up ? 0.25 : -0.25) });
        else setBrush({ size: b.size + (up ? step : -step) });
      }
    };
    const up = (e: KeyboardEvent) => {
      if (e.code !== 'Space') return;
      spaceHeld.current = false;
      if (machine().name === 'hand.spring') {
        transition(idleOf(useStudio.getState().tool, useStudio.getState().shapeKind));
      }
    };
    const blur = () => {
      spaceHeld.current = false;
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [host, transition, machine]);

  const pointerOf = (e: PointerEvent | WheelEvent): Pointer => {
    const rect = hostRef.current!.getBoundingClientRect();
    const screen = { x: e.clientX - rect.left, y: e.clientY - rect.top };
    return {
      screen,
      point: toArtboard(host.viewport(), screen),
      shift: e.shiftKey,
      alt: e.altKey,
      mod: e.ctrlKey || e.metaKey,
    };
  };
  const onTransformer = (e: PointerEvent) => {
    const stage = stageRef.current;
    const tr = trRef.current;
    if (!stage || !tr) return false;
    stage.setPointersPositions(e.nativeEvent);
    const at = stage.getPointerPosition();
    const hit = at ? stage.getIntersection(at) : null;
    return Boolean(hit && (hit.getParent() === tr || tr.isTransforming()));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 && e.button !== 1) return;
    if (e.button === 0 && onTransformer(e)) return;
    if (pressed.current !== null) return;
    pressed.current = e.pointerId;
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser does not track (a synthetic one): moves still arrive over the stage.
    }
    const active = machine();
    const p = pointerOf(e);
    // The middle button pans with any tool, which comes back on release.
    if (e.button === 1) transition(panning(p, host.viewport(), () => active));
    else transition(active.down?.(p, host) ?? active);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = pointerOf(e);
    if (tool === 'brush' || tool === 'eraser') setPointer(p.point);
    if (pressed.current !== e.pointerId) return;
    const current = machine();
    const next = current.move?.(p, host) ?? current;
    if (next !== current) transition(next);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (pressed.current !== e.pointerId) return;
    pressed.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    const current = machine();
    transition(current.up?.(pointerOf(e), host) ?? current);
  };

  // Ctrl+wheel (and pinch) zooms at the pointer; the wheel pans (Shift: sideways); with the zoom tool the wheel zooms.
  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const view = host.viewport();
      const rect = el.getBoundingClientRect();
      const at = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      if (e.ctrlKey || e.metaKey || useStudio.getState().tool === 'zoom') {
        host.setViewport(zoomAt(view, at, Math.exp(-e.deltaY * 0.0015)));
      } else {
        const dx = e.shiftKey ? e.deltaY : e.deltaX;
        const dy = e.shiftKey ? 0 : e.deltaY;
        host.setViewport({ ...view, x: view.x - dx, y: view.y - dy });
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [host]);

  // --- what is drawn -----------------------------------------------------------------------
  const view = viewport ?? { zoom: 1, x: 0, y: 0 };
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const pixelScale = view.zoom * ratio;
  const shown = useMemo(() => (preview ? withTransforms(doc, preview.transforms) : doc), [doc, preview]);
  // While layers are dragged the artboard is split: below them, them, above them.
  const movingKey = preview ? Object.keys(preview.transforms).sort().join(' ') : '';
  const split = useMemo(() => {
    if (!movingKey) return null;
    const order = canvas.layerIds as readonly string[];
    const moving = new Set(movingKey.split(' ').map((id) => topLevelOf(doc, id)));
    const indices = [...moving].map((id) => order.indexOf(id)).filter((i) => i >= 0);
    if (indices.length === 0) return null;
    const lo = Math.min(...indices);
    const hi = Math.max(...indices);
    // A blend mode mixes with what is under it, which a separate canvas does not have: then
    // everything from the moving layers up is drawn on every frame.
    const blends = order
      .slice(lo)
      .some((id) => withDescendants(doc, id).some((d) => doc.layers[d]?.blendMode !== 'normal'));
    return {
      below: new Set(order.slice(0, lo)),
      moving: new Set(order.slice(lo, blends ? order.length : hi + 1)),
      above: new Set(blends ? [] : order.slice(hi + 1)),
    };
  }, [movingKey, doc, canvas.layerIds]);

  const image = useCallback((assetId: string) => images.get(doc, assetId), [images, doc]);
  const drawBelow = useCallback(
    (ctx: Konva.Context) => {
      const missing = below.paint(ctx._context, {
        doc,
        canvasId,
        only: split?.below ?? null,
        background: true,
        scale: pixelScale,
        image,
        imagesVersion: images.version * 2 + (fontsReady ? 1 : 0),
      });
      // For tests and benchmarks: whether the artboard is fully drawn (every image, the fonts).
      const host = hostRef.current;
      const complete = missing === 0 && fontsReady;
      if (host && String(complete) !== host.dataset.painted) {
        host.dataset.painted = String(complete);
        if (complete) host.dataset.paintedAt = String(performance.now());
      }
    },
    [below, doc, canvasId, split, pixelScale, image, images.version, fontsReady],
  );
  const drawMoving = useCallback(
    (ctx: Konva.Context) => {
      if (!split) return;
      drawCanvas(ctx._context as unknown as Context2D, shown, canvasId, {
        image,
        background: false,
        clear: false,
        only: split.moving,
      });
    },
    [shown, canvasId, split, image],
  );
  const drawAbove = useCallback(
    (ctx: Konva.Context) => {
      if (!split || split.above.size === 0) return;
      above.paint(ctx._context, {
        doc,
        canvasId,
        only: split.above,
        background: false,
        scale: pixelScale,
        image,
        imagesVersion: images.version * 2 + (fontsReady ? 1 : 0),
      });
    },
    [above, doc, canvasId, split, pixelScale, image, images.version, fontsReady],
  );

  // The selection's boxes, which the Transformer holds on to.
  const selectable = useMemo(
    () =>
      movable(
        shown,
        selectedIds.filter((id) => shown.layers[id]?.canvasId === canvasId),
      ),
    [shown, selectedIds, canvasId],
  );
  const boxes = useMemo(
    () =>
      selectable
        .map((id) => ({
          id,
          // Under the Transformer the nodes already show the new size: keep the boxes it started from.
          t: preview?.fromTransformer ? baseTransform(doc, id) : baseTransform(shown, id),
        }))
        .filter((b): b is { id: string; t: Transform } => b.t !== null),
    [selectable, shown, preview, doc],
  );
  const proxies = useRef(new Map<string, Konva.Rect>());
  const transformable = tool === 'move';
  // The Transformer leaves scale, skew and (for groups) rotation on the boxes it turned: after
  // each transform they are made afresh from the document.
  const [generation, nextGeneration] = useReducer((n: number) => n + 1, 0);
  const boxIds = boxes.map((b) => b.id).join(' ');
  useEffect(() => {
    const tr = trRef.current;
    if (!tr || tr.isTransforming()) return;
    const nodes = transformable
      ? boxIds
          .split(' ')
          .map((id) => proxies.current.get(id))
          .filter((n): n is Konva.Rect => Boolean(n))
      : [];
    tr.nodes(nodes);
    tr.getLayer()?.batchDraw();
  }, [boxIds, transformable, generation]);

  const anchorGuides = useRef<Guide[]>([]);
  const readTransformer = (): Record<string, Transform> => {
    const result: Record<string, Transform> = {};
    for (const node of trRef.current?.nodes() ?? []) {
      const id = node.id();
      const before = baseTransform(doc, id);
      if (!before) continue;
      const width = Math.max(1, node.width() * Math.abs(node.scaleX()));
      const height = Math.max(1, node.height() * Math.abs(node.scaleY()));
      const after: Transform = {
        ...before,
        x: node.x() - width / 2,
        y: node.y() - height / 2,
        width,
        height,
        rotation: normaliseAngle(node.rotation()),
      };
      Object.assign(result, carryTransform(doc, id, before, after));
    }
    return withoutLocked(doc, result);
  };
  const transformed = useRef(false);
  const onTransform = () => {
    transformed.current = true;
    setPreview({ transforms: readTransformer(), guides: anchorGuides.current, fromTransformer: true });
  };
  const onTransformEnd = () => {
    const transforms = readTransformer();
    const rotated = (trRef.current?.nodes() ?? []).some(
      (n) => Math.abs(normaliseAngle(n.rotation() - (baseTransform(doc, n.id())?.rotation ?? 0))) > 1e-6,
    );
    anchorGuides.current = [];
    setPreview(null);
    nextGeneration();
    // A click on a handle that moved nothing is not a step.
    if (transformed.current) commitTransforms(studio, rotated ? 'Rotate layer' : 'Resize layer', transforms);
    transformed.current = false;
  };
  // Resize handles snap to the same guides as a move, when the selection sits square.
  const anchorBound = (_old: { x: number; y: number }, next: { x: number; y: number }) => {
    const tr = trRef.current;
    const square = boxes.every((b) => Math.abs(b.t.rotation % 90) < 1e-6);
    if (!tr || tr.getActiveAnchor() === 'rotater' || !square) return next;
    const v = host.viewport();
    const targets = snapTargets(canvas, snapBoxes(doc, canvasId, selectable));
    const snapped = snapPoint(toArtboard(v, next), targets, SNAP_PIXELS / v.zoom);
    anchorGuides.current = snapped.guides;
    return toScreen(v, snapped);
  };

  const maskImage = maskOverlay ? mask.overlay(canvasId) : null;
  // A staged fill variant shows in place (not while comparing), above the mask.
  const staged = staging && staging.canvasId === canvasId && !comparing ? staging : null;
  const variant = staged?.variants[staged.current];
  const worldProps = { x: view.x, y: view.y, scaleX: view.zoom, scaleY: view.zoom };
  const hair = 1 / view.zoom;
  return (
    <div
      ref={hostRef}
      className="stage-host"
      data-testid="stage"
      data-zoom={view.zoom.toFixed(4)}
      data-view={`${view.zoom} ${view.x} ${view.y}`}
      data-tool-state={stateName}
      data-mask-version={maskVersion}
      style={{ cursor }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={(e) => {
        if (pressed.current !== e.pointerId) return;
        pressed.current = null;
        const current = machine();
        transition(current.cancel?.(host) ?? current);
      }}
      onPointerLeave={() => setPointer(null)}
      onContextMenu={(e) => e.preventDefault()}
    >
      {size && (
        <Stage ref={stageRef} width={size.width} height={size.height}>
          <Layer listening={false}>
            <Group {...worldProps}>
              <Rect
                width={canvas.width}
                height={canvas.height}
                fillPatternImage={checkerboard() as unknown as HTMLImageElement}
                fillPatternScaleX={hair}
                fillPatternScaleY={hair}
                shadowColor="#000"
                shadowBlur={12 * hair}
                shadowOpacity={0.35}
                perfectDrawEnabled={false}
              />
              <Shape sceneFunc={drawBelow} />
            </Group>
          </Layer>
          <Layer listening={false}>
            <Group {...worldProps}>{split && <Shape sceneFunc={drawMoving} />}</Group>
          </Layer>
          <Layer listening={false} ref={overlayLayer}>
            <Group {...worldProps}>
              {split && <Shape sceneFunc={drawAbove} />}
              {maskImage && !variant && (
                <KImage image={maskImage} width={canvas.width} height={canvas.height} opacity={0.5} />
              )}
              {variant && staged && (
                <KImage
                  image={variant.image}
                  x={staged.box.x}
                  y={staged.box.y}
                  width={staged.box.width}
                  height={staged.box.height}
                />
              )}
              {safeZones && <SafeZones canvas={canvas} hair={hair} />}
            </Group>
          </Layer>
          <Layer>
            <Group {...worldProps}>
              {boxes.map(({ id, t }) => (
                <Rect
                  key={`${id} ${generation}`}
                  id={id}
                  ref={(node) => {
                    if (node) proxies.current.set(id, node);
                    else proxies.current.delete(id);
                  }}
                  x={t.x + t.width / 2}
                  y={t.y + t.height / 2}
                  offsetX={t.width / 2}
                  offsetY={t.height / 2}
                  width={t.width}
                  height={t.height}
                  rotation={t.rotation}
                  stroke={transformable ? undefined : ACCENT}
                  strokeWidth={hair}
                  listening={false}
                />
              ))}
              {preview?.guides.map((g, i) =>
                g.axis === 'x' ? (
                  <Line
                    key={i}
                    points={[g.at, -1e5, g.at, 1e5]}
                    stroke="#ff3d9a"
                    strokeWidth={hair}
                    listening={false}
                  />
                ) : (
                  <Line
                    key={i}
                    points={[-1e5, g.at, 1e5, g.at]}
                    stroke="#ff3d9a"
                    strokeWidth={hair}
                    listening={false}
                  />
                ),
              )}
              {band && <BandShape band={band} hair={hair} />}
              {pointer && (tool === 'brush' || tool === 'eraser') && (
                <Ellipse
                  x={pointer.x}
                  y={pointer.y}
                  radiusX={brush.size / 2}
                  radiusY={brush.size / 2}
                  stroke={tool === 'brush' ? '#ffffff' : '#ff6b6b'}
                  strokeWidth={hair * 1.5}
                  shadowColor="#000"
                  shadowBlur={2 * hair}
                  listening={false}
                />
              )}
            </Group>
            <Transformer
              ref={trRef}
              keepRatio={false}
              flipEnabled={false}
              anchorSize={9}
              borderStroke={ACCENT}
              anchorStroke={ACCENT}
              ignoreStroke
              anchorDragBoundFunc={anchorBound}
              onTransform={onTransform}
              onTransformEnd={onTransformEnd}
            />
          </Layer>
        </Stage>
      )}
    </div>
  );
}

function BandShape({ band, hair }: { band: Band; hair: number }) {
  if (band.kind === 'lasso') {
    return (
      <Line
        points={band.points.flatMap((p) => [p.x, p.y])}
        closed
        stroke={ACCENT}
        strokeWidth={hair}
        dash={[4 * hair, 4 * hair]}
        fill="rgba(79,140,255,0.12)"
        listening={false}
      />
    );
  }
  const common = { stroke: ACCENT, strokeWidth: hair, dash: [4 * hair, 4 * hair], listening: false };
  if (band.kind === 'ellipse') {
    return (
      <Ellipse
        x={band.x + band.width / 2}
        y={band.y + band.height / 2}
        radiusX={band.width / 2}
        radiusY={band.height / 2}
        {...common}
      />
    );
  }
  return (
    <Rect
      x={band.x}
      y={band.y}
      width={band.width}
      height={band.height}
      fill="rgba(79,140,255,0.12)"
      {...common}
    />
  );
}

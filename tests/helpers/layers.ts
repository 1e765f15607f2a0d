import type { Layer } from '../../native/model/document';

/** A plain rectangle layer for tests and benchmarks. */
export function shapeLayer(id: string, canvasId: string, x = 0): Extract<Layer, { type: 'shape' }> {
  return {
    id: id as `layer:${string}`,
    canvasId: canvasId as `canvas:${string}`,
    parentId: null,
    name: 'Box',
    visible: true,
    locked: false,
    opacity: 1,
    blendMode: 'normal',
    transform: { x, y: 0, width: 100, height: 100, rotation: 0, flipX: false, flipY: false },
    type: 'shape',
    shape: 'rect',
    fill: '#ff0000',
    stroke: null,
    cornerRadius: 0,
  };
}

const fullBox = (width: number, height: number) => ({
  x: 0,
  y: 0,
  width,
  height,
  rotation: 0,
  flipX: false,
  flipY: false,
});

/** A fill layer covering `width`×`height` from the top left. */
export function fillLayer(
  id: string,
  canvasId: string,
  fill: Extract<Layer, { type: 'fill' }>['fill'],
  width = 200,
  height = 100,
): Layer {
  const { shape: _s, fill: _f, stroke: _k, cornerRadius: _c, ...base } = shapeLayer(id, canvasId);
  return { ...base, type: 'fill', transform: fullBox(width, height), fill };
}

/** A text layer in a `width`×`height` box at the top left. */
export function textLayer(id: string, canvasId: string, text: string, width = 200, height = 100): Layer {
  const { shape: _s, fill: _f, stroke: _k, cornerRadius: _c, ...base } = shapeLayer(id, canvasId);
  return {
    ...base,
    type: 'text',
    transform: fullBox(width, height),
    text,
    fontFamily: 'sans-serif',
    fontSize: 40,
    fontWeight: 700,
    color: '#000000',
    align: 'left',
    lineHeight: 1,
  };
}

/** A transform at (x, y), `width`×`height`, turned by `rotation` degrees, not flipped. */
export const box = (
  x: number,
  y: number,
  width: number,
  height: number,
  rotation = 0,
): Layer['transform'] => ({
  x,
  y,
  width,
  height,
  rotation,
  flipX: false,
  flipY: false,
});

/** A rectangle `layer:<id>` on artboard `canvas:a` at `t`; `extra` overrides any field (visible, locked, …). */
export const rect = (
  id: string,
  t: Layer['transform'],
  extra: Partial<Extract<Layer, { type: 'shape' }>> = {},
): Layer => ({ ...shapeLayer(`layer:${id}`, 'canvas:a'), transform: t, ...extra });

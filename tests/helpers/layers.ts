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

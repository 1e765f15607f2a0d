import type { StudioApi } from '../../native/api/contract';
import type { Layer, Transform } from '../../native/model/document';
import { newId, type CanvasId, type LayerId } from '../../native/model/ids';
import { DEFAULT_FONT_FAMILY } from '../../native/compose/fonts';
import { dispatch, gesture } from '../app/project-actions';
import { useStudio } from '../state/store';
import type { MaskEditor } from './mask-editor';

/** Layer transforms from a drag, applied as one undo step. */
export function commitTransforms(
  studio: StudioApi,
  label: 'Move layer' | 'Resize layer' | 'Rotate layer',
  transforms: Record<string, Transform>,
): void {
  const doc = useStudio.getState().project?.doc;
  if (!doc) return;
  const same = (a: Transform, b: Transform) =>
    (Object.keys(a) as (keyof Transform)[]).every((k) =>
      typeof a[k] === 'number' ? Math.abs((a[k] as number) - (b[k] as number)) < 1e-6 : a[k] === b[k],
    );
  const changed = Object.entries(transforms).filter(([id, t]) => {
    const layer = doc.layers[id];
    return layer && !layer.locked && !same(layer.transform, t);
  });
  if (changed.length === 0) return;
  gesture.begin(label);
  for (const [id, transform] of changed) {
    gesture.update({ type: 'layer.update', args: { layerId: id as LayerId, patch: { transform } } });
  }
  gesture.commit(studio);
}

const base = (
  canvasId: string,
  name: string,
  box: { x: number; y: number; width: number; height: number },
) => ({
  id: newId('layer'),
  canvasId: canvasId as CanvasId,
  parentId: null,
  name,
  visible: true,
  locked: false,
  opacity: 1,
  blendMode: 'normal' as const,
  transform: { ...box, rotation: 0, flipX: false, flipY: false },
});

/** A new text, rectangle or ellipse layer on top of the artboard, selected. */
export function addLayerAt(
  studio: StudioApi,
  canvasId: string,
  kind: 'text' | 'rect' | 'ellipse',
  box: { x: number; y: number; width: number; height: number },
): void {
  const layer: Layer =
    kind === 'text'
      ? {
          ...base(canvasId, 'Text', box),
          type: 'text',
          text: 'Your headline',
          fontFamily: DEFAULT_FONT_FAMILY,
          fontSize: Math.max(12, Math.min(96, Math.round(box.height * 0.6))),
          fontWeight: 700,
          color: '#111111',
          align: 'left',
          lineHeight: 1.2,
        }
      : {
          ...base(canvasId, kind === 'rect' ? 'Rectangle' : 'Ellipse', box),
          type: 'shape',
          shape: kind,
          fill: '#4f8cff',
          stroke: null,
          cornerRadius: 0,
        };
  if (dispatch(studio, { type: 'layer.add', args: { layer } })) {
    useStudio.getState().selectLayers([layer.id]);
    useStudio.getState().setPanel('properties');
  }
}

/** A solid or gradient fill layer covering the artboard (Layer ▸ New fill layer). */
export function addFillLayer(studio: StudioApi, kind: 'solid' | 'linear'): void {
  const { project, selectedCanvasId } = useStudio.getState();
  const canvas = selectedCanvasId ? project?.doc.canvases[selectedCanvasId] : undefined;
  if (!canvas) return;
  const layer: Layer = {
    ...base(canvas.id, kind === 'solid' ? 'Colour fill' : 'Gradient fill', {
      x: 0,
      y: 0,
      width: canvas.width,
      height: canvas.height,
    }),
    type: 'fill',
    fill:
      kind === 'solid'
        ? { kind: 'solid', color: '#ffd23f' }
        : {
            kind: 'linear',
            angle: 90,
            stops: [
              { offset: 0, color: '#4f8cff' },
              { offset: 1, color: '#ff3d9a' },
            ],
          },
  };
  if (dispatch(studio, { type: 'layer.add', args: { layer } })) {
    useStudio.getState().selectLayers([layer.id]);
    useStudio.getState().setPanel('properties');
  }
}

/** The mask editor of the artboard on screen (the Mask menu and panel act on it). */
let activeMask: MaskEditor | null = null;
export function setActiveMask(mask: MaskEditor | null): void {
  activeMask = mask;
}
export function currentMask(): MaskEditor | null {
  return activeMask;
}

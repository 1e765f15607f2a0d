import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { createMask, fillRect } from '../../native/compose/mask-ops';
import type { Canvas } from '../../native/model/document';
import { fitInto } from '../../native/model/geometry';
import { newId, type CanvasId, type LayerId } from '../../native/model/ids';
import { encodeGrey } from '../canvas/mask-editor';
import type { Placement } from '../state/session-slice';
import { useStudio } from '../state/store';
import { generateFill } from './fill-actions';
import { gesture, settled } from './project-actions';

const message = (error: unknown) => (isStudioError(error) ? error.message : String(error));

/**
 * Outpaint: the shown artboard is copied into a new artboard of another placement (its picture
 * as large as fits, centred), the new area around it is masked, and the fill engine chosen in
 * the Generate panel fills it — variants to accept or discard, as for any fill. The source
 * artboard is never changed. Two undo steps: the new artboard, then its mask.
 */
export async function extendToPlacement(studio: StudioApi, placement: Placement): Promise<boolean> {
  const { project, selectedCanvasId, notify } = useStudio.getState();
  const source = selectedCanvasId ? project?.doc.canvases[selectedCanvasId] : undefined;
  if (!project || !source) return false;
  if (source.width === placement.width && source.height === placement.height) {
    notify('error', `${source.name} is already ${placement.width}×${placement.height}: nothing to extend`);
    return false;
  }
  await settled();
  const fit = fitInto(source, placement);
  const canvasId = newId('canvas') as CanvasId;
  const idMap: Record<string, LayerId> = {};
  for (const layer of Object.values(project.doc.layers)) {
    if (layer.canvasId === source.id) idMap[layer.id] = newId('layer') as LayerId;
  }
  const canvas: Canvas = {
    id: canvasId,
    name: `${source.name} — ${placement.ratio}`.slice(0, 200),
    width: placement.width,
    height: placement.height,
    background: source.background,
    layerIds: [],
    maskAssetId: null,
    placement: placement.id,
  };
  gesture.begin('Extend artboard');
  gesture.update({
    type: 'canvas.duplicate',
    args: {
      canvasId: source.id,
      canvas,
      idMap,
      place: { scale: fit.scale, x: fit.x, y: fit.y },
      index: project.doc.canvasOrder.indexOf(source.id) + 1,
    },
  });
  gesture.commit(studio);
  if (!useStudio.getState().project?.doc.canvases[canvasId]) {
    notify('error', `${source.name} could not be extended to ${placement.name}`);
    return false;
  }
  useStudio.getState().selectCanvas(canvasId);

  // The mask: everything but the source's picture (white = fill).
  const mask = createMask(placement.width, placement.height);
  fillRect(mask, { x: 0, y: 0, width: placement.width, height: placement.height }, 'add');
  fillRect(mask, fit.area, 'subtract');
  try {
    const asset = await studio.project.importMask({ canvasId, bytes: await encodeGrey(mask) });
    if (!useStudio.getState().project?.doc.canvases[canvasId]) return false;
    gesture.begin('Change mask');
    gesture.update({ type: 'asset.add', args: { asset } });
    gesture.update({ type: 'mask.set', args: { canvasId, assetId: asset.id } });
    gesture.commit(studio);
    useStudio.getState().maskChanged();
  } catch (error) {
    notify('error', `The new area could not be masked: ${message(error)}`);
    return false;
  }
  return generateFill(studio, null, canvasId);
}

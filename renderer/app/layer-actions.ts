import type { StudioApi } from '../../native/api/contract';
import type { Document, Layer } from '../../native/model/document';
import { newId, type LayerId } from '../../native/model/ids';
import { useStudio } from '../state/store';
import { dispatch, gesture } from './project-actions';

/** Selected layers that still exist, top-most first as the Layers panel lists them. */
function selection(): { doc: Document; layers: Layer[] } | null {
  const { project, selectedLayerIds } = useStudio.getState();
  if (!project) return null;
  const layers = selectedLayerIds.map((id) => project.doc.layers[id]).filter((l): l is Layer => Boolean(l));
  return layers.length > 0 ? { doc: project.doc, layers } : null;
}

/**
 * Whether the layer commands (Delete, arrows, group…) apply: layers are selected and the Canvas
 * is shown. On the Storyboard or the Timeline the same keys belong to shots and clips.
 */
export const hasSelection = () => useStudio.getState().view === 'canvas' && selection() !== null;

function descendants(doc: Document, id: string): string[] {
  const layer = doc.layers[id];
  return layer?.type === 'group' ? layer.childIds.flatMap((c) => [c, ...descendants(doc, c)]) : [];
}

/** Edit ▸ Select all: every visible, unlocked top-level layer of the shown artboard. */
export function selectAllLayers(): void {
  const { project, selectedCanvasId, selectLayers } = useStudio.getState();
  const canvas = selectedCanvasId ? project?.doc.canvases[selectedCanvasId] : undefined;
  if (!project || !canvas) return;
  selectLayers(
    canvas.layerIds.filter((id) => {
      const layer = project.doc.layers[id];
      return layer && layer.visible && !layer.locked;
    }),
  );
}

export function duplicateLayers(studio: StudioApi): void {
  const picked = selection();
  if (!picked) return;
  const copies: string[] = [];
  for (const layer of picked.layers) {
    const idMap = Object.fromEntries(
      [layer.id, ...descendants(picked.doc, layer.id)].map((id) => [id, newId('layer')]),
    );
    if (dispatch(studio, { type: 'layer.duplicate', args: { layerId: layer.id, idMap } }))
      copies.push(idMap[layer.id]!);
  }
  useStudio.getState().selectLayers(copies);
}

export function deleteLayers(studio: StudioApi): void {
  const picked = selection();
  if (picked) dispatch(studio, { type: 'layer.remove', args: { layerIds: picked.layers.map((l) => l.id) } });
}

export function groupLayers(studio: StudioApi): void {
  const picked = selection();
  if (!picked) return;
  const groupId = newId('layer');
  if (
    dispatch(studio, {
      type: 'layer.group',
      args: { groupId, layerIds: picked.layers.map((l) => l.id), name: 'Group' },
    })
  ) {
    useStudio.getState().selectLayers([groupId]);
  }
}

export function ungroupLayers(studio: StudioApi): void {
  const picked = selection();
  const group = picked?.layers.find((l) => l.type === 'group');
  if (group && group.type === 'group') {
    const children = group.childIds;
    if (dispatch(studio, { type: 'layer.ungroup', args: { groupId: group.id } }))
      useStudio.getState().selectLayers(children);
  }
}

export function flipLayers(studio: StudioApi, axis: 'flipX' | 'flipY'): void {
  const picked = selection();
  for (const layer of picked?.layers ?? []) {
    dispatch(studio, {
      type: 'layer.update',
      args: { layerId: layer.id, patch: { transform: { [axis]: !layer.transform[axis] } } },
    });
  }
}

/** Arrow keys: one pixel, ten with Shift; a held key is one undo step per layer. */
export function nudgeLayers(studio: StudioApi, dx: number, dy: number): void {
  const picked = selection();
  if (!picked) return;
  for (const layer of picked.layers) {
    if (layer.locked) continue;
    gesture.begin('Move layer');
    gesture.update({
      type: 'layer.update',
      args: {
        layerId: layer.id,
        patch: { transform: { x: layer.transform.x + dx, y: layer.transform.y + dy } },
      },
    });
    gesture.commit(studio);
  }
}

export function toggleLayer(studio: StudioApi, layer: Layer, field: 'visible' | 'locked'): void {
  dispatch(studio, { type: 'layer.update', args: { layerId: layer.id, patch: { [field]: !layer[field] } } });
}

export function renameLayer(studio: StudioApi, layer: Layer, name: string): void {
  const trimmed = name.trim().slice(0, 200);
  if (trimmed && trimmed !== layer.name)
    dispatch(studio, { type: 'layer.update', args: { layerId: layer.id, patch: { name: trimmed } } });
}

/**
 * Drops `dragged` onto `target` in the Layers panel: it goes just above the target, in the
 * target's list (a group's children or the artboard's top level).
 */
export function dropLayer(studio: StudioApi, draggedId: string, targetId: string): void {
  const project = useStudio.getState().project;
  const dragged = project?.doc.layers[draggedId];
  const target = project?.doc.layers[targetId];
  if (!project || !dragged || !target || draggedId === targetId) return;
  const list = target.parentId
    ? (project.doc.layers[target.parentId] as Extract<Layer, { type: 'group' }>).childIds
    : project.doc.canvases[target.canvasId]!.layerIds;
  const without = list.filter((id) => id !== draggedId);
  const index = without.indexOf(targetId as LayerId) + 1; // above the target (lists run bottom to top)
  if (dragged.parentId === target.parentId) {
    dispatch(studio, { type: 'layer.reorder', args: { layerId: draggedId as LayerId, index } });
  } else {
    dispatch(studio, {
      type: 'layer.move',
      args: { layerId: draggedId as LayerId, parentId: target.parentId, index },
    });
  }
}

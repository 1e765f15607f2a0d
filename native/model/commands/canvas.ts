import { z } from 'zod';
import { current, isDraft } from 'immer';
import { CanvasIdSchema, CanvasSchema, ColorSchema, LayerIdSchema, type Layer } from '../document';
import { defineCommand, insertAt, moveInArray, NotApplicable, removeFrom, require_ } from './define';

export const canvasCommands = {
  'canvas.add': defineCommand({
    label: 'Add artboard',
    args: z.strictObject({ canvas: CanvasSchema, index: z.number().int().min(0).optional() }),
    targets: ({ canvas }) => [canvas.id],
    apply(draft, { canvas, index }) {
      if (draft.canvases[canvas.id]) throw new NotApplicable(`canvas ${canvas.id} already exists`);
      if (canvas.layerIds.length > 0 || canvas.maskAssetId)
        throw new NotApplicable('a new artboard starts empty');
      draft.canvases[canvas.id] = canvas;
      insertAt(draft.canvasOrder, canvas.id, index);
    },
  }),
  'canvas.update': defineCommand({
    label: 'Change artboard',
    args: z.strictObject({
      canvasId: CanvasIdSchema,
      patch: z
        .strictObject({
          name: z.string().min(1).max(200),
          width: z.number().int().min(1).max(16_384),
          height: z.number().int().min(1).max(16_384),
          background: ColorSchema.nullable(),
          placement: z.string().max(50).nullable(),
        })
        .partial(),
    }),
    targets: ({ canvasId }) => [canvasId],
    apply(draft, { canvasId, patch }) {
      Object.assign(require_(draft.canvases[canvasId], `canvas ${canvasId}`), patch);
    },
  }),
  'canvas.duplicate': defineCommand({
    label: 'Duplicate artboard',
    args: z.strictObject({
      canvasId: CanvasIdSchema,
      /** The new artboard: its own id, name, size, background and placement; it starts empty. */
      canvas: CanvasSchema,
      /** New ids for every layer of the artboard (old id → new id). */
      idMap: z.record(z.string(), LayerIdSchema),
      /** Where the copied layers go: scaled by `scale` about the origin, then moved by (x, y). */
      place: z.strictObject({
        scale: z.number().finite().positive().max(100),
        x: z.number().finite(),
        y: z.number().finite(),
      }),
      index: z.number().int().min(0).optional(),
    }),
    targets: ({ canvasId, canvas }) => [canvasId, canvas.id],
    apply(draft, { canvasId, canvas, idMap, place, index }) {
      const source = require_(draft.canvases[canvasId], `canvas ${canvasId}`);
      if (draft.canvases[canvas.id]) throw new NotApplicable(`canvas ${canvas.id} already exists`);
      if (canvas.layerIds.length > 0 || canvas.maskAssetId)
        throw new NotApplicable('a new artboard starts empty');
      const ids = Object.values(draft.layers)
        .filter((l) => l.canvasId === canvasId)
        .map((l) => l.id);
      const fresh = ids.map((id) => {
        const to = idMap[id];
        if (!to) throw new NotApplicable(`no new id given for ${id}`);
        if (draft.layers[to]) throw new NotApplicable(`layer ${to} already exists`);
        return to;
      });
      if (new Set(fresh).size !== fresh.length) throw new NotApplicable('new ids must differ');
      for (const id of ids) {
        const layer = draft.layers[id]!;
        const copy = placed(structuredClone(isDraft(layer) ? current(layer) : layer) as Layer, place);
        copy.id = idMap[id]!;
        copy.canvasId = canvas.id;
        if (copy.parentId) copy.parentId = idMap[copy.parentId]!;
        if (copy.type === 'group') copy.childIds = copy.childIds.map((c) => idMap[c]!);
        draft.layers[copy.id] = copy;
      }
      draft.canvases[canvas.id] = { ...canvas, layerIds: source.layerIds.map((id) => idMap[id]!) };
      insertAt(draft.canvasOrder, canvas.id, index);
    },
  }),
  'canvas.reorder': defineCommand({
    label: 'Reorder artboards',
    args: z.strictObject({ canvasId: CanvasIdSchema, index: z.number().int().min(0) }),
    targets: ({ canvasId }) => [canvasId],
    apply(draft, { canvasId, index }) {
      require_(draft.canvases[canvasId], `canvas ${canvasId}`);
      moveInArray(draft.canvasOrder, canvasId, index);
    },
  }),
  'canvas.remove': defineCommand({
    label: 'Delete artboard',
    args: z.strictObject({ canvasId: CanvasIdSchema }),
    targets: ({ canvasId }) => [canvasId],
    apply(draft, { canvasId }) {
      require_(draft.canvases[canvasId], `canvas ${canvasId}`);
      for (const layer of Object.values(draft.layers))
        if (layer.canvasId === canvasId) delete draft.layers[layer.id];
      for (const shot of Object.values(draft.shots)) {
        if (shot.source?.kind === 'canvas' && shot.source.canvasId === canvasId) shot.source = null;
      }
      delete draft.canvases[canvasId];
      removeFrom(draft.canvasOrder, canvasId);
    },
  }),
};

/** A layer scaled about the artboard's origin and moved: its box, and the sizes drawn inside it. */
function placed(layer: Layer, { scale, x, y }: { scale: number; x: number; y: number }): Layer {
  const t = layer.transform;
  // Kept inside the document's limits, so a project extended this way always opens again.
  const size = (v: number) => Math.min(100_000, v * scale);
  layer.transform = {
    ...t,
    x: x + t.x * scale,
    y: y + t.y * scale,
    width: size(t.width),
    height: size(t.height),
  };
  if (layer.type === 'text') layer.fontSize = Math.min(2000, Math.max(1, layer.fontSize * scale));
  if (layer.type === 'shape') {
    layer.cornerRadius = size(layer.cornerRadius);
    if (layer.stroke) layer.stroke.width = Math.min(1000, layer.stroke.width * scale);
  }
  return layer;
}

import { z } from 'zod';
import { CanvasIdSchema, CanvasSchema, ColorSchema } from '../document';
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

import { z } from 'zod';
import { AssetSchema, AssetIdSchema, CanvasIdSchema } from '../document';
import { defineCommand, NotApplicable, require_ } from './define';

export const projectCommands = {
  'project.rename': defineCommand({
    label: 'Rename project',
    args: z.strictObject({ name: z.string().min(1).max(200) }),
    targets: () => [],
    apply(draft, { name }) {
      draft.name = name;
    },
  }),
  'project.setCommercial': defineCommand({
    label: 'Change commercial use',
    args: z.strictObject({ commercial: z.boolean() }),
    targets: () => [],
    apply(draft, { commercial }) {
      draft.commercial = commercial;
    },
  }),
  /** Whether the edit log keeps prompts as typed, or only their hash and length (see Document.logPrompts). */
  'project.setLogPrompts': defineCommand({
    label: 'Change prompt logging',
    args: z.strictObject({ logPrompts: z.boolean() }),
    targets: () => [],
    apply(draft, { logPrompts }) {
      draft.logPrompts = logPrompts;
    },
  }),
  'asset.add': defineCommand({
    label: 'Add asset',
    args: z.strictObject({ asset: AssetSchema }),
    targets: ({ asset }) => [asset.id],
    apply(draft, { asset }) {
      if (draft.assets[asset.id]) throw new NotApplicable(`asset ${asset.id} already exists`);
      draft.assets[asset.id] = asset;
    },
  }),
  'mask.set': defineCommand({
    label: 'Change mask',
    args: z.strictObject({ canvasId: CanvasIdSchema, assetId: AssetIdSchema.nullable() }),
    targets: ({ canvasId, assetId }) => (assetId ? [canvasId, assetId] : [canvasId]),
    apply(draft, { canvasId, assetId }) {
      const canvas = require_(draft.canvases[canvasId], `canvas ${canvasId}`);
      if (assetId) {
        const asset = require_(draft.assets[assetId], `asset ${assetId}`);
        if (asset.kind !== 'image') throw new NotApplicable('a mask must be an image');
      }
      canvas.maskAssetId = assetId;
    },
  }),
};

import { z } from 'zod';
import { ReframeSchema, ShotIdSchema, ShotReframesSchema, ShotSchema } from '../document';
import { PlacementIdSchema } from '../placements';
import { defineCommand, insertAt, moveInArray, NotApplicable, removeFrom, require_ } from './define';

// `reframe` has a default, and zod 4 fills defaults inside `.partial()`: without this override a
// patch of the caption alone would come back with `reframe: {}` and wipe every placement's crop.
const ShotPatchSchema = ShotSchema.omit({ id: true, reframe: true })
  .partial()
  .extend({ reframe: ShotReframesSchema.optional() });

export const storyboardCommands = {
  'shot.add': defineCommand({
    label: 'Add shot',
    args: z.strictObject({ shot: ShotSchema, index: z.number().int().min(0).optional() }),
    targets: ({ shot }) => [shot.id],
    apply(draft, { shot, index }) {
      if (draft.shots[shot.id]) throw new NotApplicable(`shot ${shot.id} already exists`);
      if (shot.source?.kind === 'canvas')
        require_(draft.canvases[shot.source.canvasId], `canvas ${shot.source.canvasId}`);
      if (shot.source?.kind === 'asset')
        require_(draft.assets[shot.source.assetId], `asset ${shot.source.assetId}`);
      draft.shots[shot.id] = shot;
      insertAt(draft.shotOrder, shot.id, index);
    },
  }),
  'shot.update': defineCommand({
    label: 'Change shot',
    args: z.strictObject({ shotId: ShotIdSchema, patch: ShotPatchSchema }),
    targets: ({ shotId }) => [shotId],
    apply(draft, { shotId, patch }) {
      const shot = require_(draft.shots[shotId], `shot ${shotId}`);
      const source = patch.source;
      if (source?.kind === 'canvas') require_(draft.canvases[source.canvasId], `canvas ${source.canvasId}`);
      if (source?.kind === 'asset') require_(draft.assets[source.assetId], `asset ${source.assetId}`);
      Object.assign(shot, patch);
    },
  }),
  'shot.reframe': defineCommand({
    label: 'Reframe shot',
    /** One placement's fit, fill or crop; null goes back to the default (fill). */
    args: z.strictObject({
      shotId: ShotIdSchema,
      placement: PlacementIdSchema,
      reframe: ReframeSchema.nullable(),
    }),
    targets: ({ shotId }) => [shotId],
    apply(draft, { shotId, placement, reframe }) {
      const shot = require_(draft.shots[shotId], `shot ${shotId}`);
      if (reframe) shot.reframe[placement] = reframe;
      else delete shot.reframe[placement];
    },
  }),
  'shot.reorder': defineCommand({
    label: 'Reorder shots',
    args: z.strictObject({ shotId: ShotIdSchema, index: z.number().int().min(0) }),
    targets: ({ shotId }) => [shotId],
    apply(draft, { shotId, index }) {
      require_(draft.shots[shotId], `shot ${shotId}`);
      moveInArray(draft.shotOrder, shotId, index);
    },
  }),
  'shot.remove': defineCommand({
    label: 'Delete shot',
    args: z.strictObject({ shotId: ShotIdSchema }),
    targets: ({ shotId }) => [shotId],
    apply(draft, { shotId }) {
      require_(draft.shots[shotId], `shot ${shotId}`);
      for (const clip of Object.values(draft.timeline.clips)) if (clip.shotId === shotId) clip.shotId = null;
      delete draft.shots[shotId];
      removeFrom(draft.shotOrder, shotId);
    },
  }),
};

import { current, type Draft } from 'immer';
import { z } from 'zod';
import {
  AssetIdSchema,
  BlendModeSchema,
  ColorSchema,
  LayerIdSchema,
  LayerSchema,
  PaintSchema,
  TransformSchema,
  type Document,
  type Layer,
} from '../document';
import type { LayerId } from '../ids';
import { defineCommand, insertAt, moveInArray, NotApplicable, removeFrom, require_ } from './define';

type D = Draft<Document>;

/** The list a layer sits in: its group's children or its canvas's top level. */
function siblings(draft: D, layer: Layer): LayerId[] {
  if (layer.parentId) {
    const parent = require_(draft.layers[layer.parentId], `group ${layer.parentId}`);
    if (parent.type !== 'group') throw new NotApplicable(`${layer.parentId} is not a group`);
    return parent.childIds;
  }
  return require_(draft.canvases[layer.canvasId], `canvas ${layer.canvasId}`).layerIds;
}

function descendants(draft: D, id: LayerId): LayerId[] {
  const layer = draft.layers[id];
  if (!layer || layer.type !== 'group') return [];
  return layer.childIds.flatMap((child) => [child, ...descendants(draft, child)]);
}

const LayerPatchSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    visible: z.boolean(),
    locked: z.boolean(),
    opacity: z.number().min(0).max(1),
    blendMode: BlendModeSchema,
    transform: TransformSchema.partial(),
    assetId: AssetIdSchema,
    text: z.string().max(10_000),
    fontFamily: z.string().min(1).max(100),
    fontSize: z.number().min(1).max(2000),
    fontWeight: z.number().int().min(100).max(900).multipleOf(100),
    color: ColorSchema,
    align: z.enum(['left', 'center', 'right', 'justify']),
    lineHeight: z.number().min(0.5).max(5),
    shape: z.enum(['rect', 'ellipse']),
    fill: z.union([ColorSchema.nullable(), PaintSchema]),
    stroke: z.strictObject({ color: ColorSchema, width: z.number().min(0).max(1000) }).nullable(),
    cornerRadius: z.number().min(0).max(100_000),
  })
  .partial();

/** Fields every layer type has. */
const BASE_KEYS = new Set(['name', 'visible', 'locked', 'opacity', 'blendMode', 'transform']);

/** Fields a locked layer still lets the user change (as in Photoshop's layer lock). */
const ALLOWED_WHEN_LOCKED = new Set(['locked', 'visible', 'name']);

export const layerCommands = {
  'layer.add': defineCommand({
    label: 'Add layer',
    args: z.strictObject({ layer: LayerSchema, index: z.number().int().min(0).optional() }),
    targets: ({ layer }) => [layer.id, layer.canvasId],
    apply(draft, { layer, index }) {
      if (draft.layers[layer.id]) throw new NotApplicable(`layer ${layer.id} already exists`);
      if (layer.type === 'group' && layer.childIds.length > 0)
        throw new NotApplicable('a new group starts empty: use layer.group');
      if (layer.type === 'image') require_(draft.assets[layer.assetId], `asset ${layer.assetId}`);
      require_(draft.canvases[layer.canvasId], `canvas ${layer.canvasId}`);
      const list = siblings(draft, layer);
      if (layer.parentId && draft.layers[layer.parentId]!.canvasId !== layer.canvasId) {
        throw new NotApplicable('a layer and its group must be on the same artboard');
      }
      draft.layers[layer.id] = layer;
      insertAt(list, layer.id, index);
    },
  }),
  'layer.update': defineCommand({
    label: 'Change layer',
    args: z.strictObject({ layerId: LayerIdSchema, patch: LayerPatchSchema }),
    targets: ({ layerId }) => [layerId],
    apply(draft, { layerId, patch }) {
      const layer = require_(draft.layers[layerId], `layer ${layerId}`);
      if (layer.locked && Object.keys(patch).some((key) => !ALLOWED_WHEN_LOCKED.has(key))) {
        throw new NotApplicable(`layer "${layer.name}" is locked`);
      }
      const { transform, ...rest } = patch;
      // Fields every layer has are already range-checked by the patch schema; fields of one
      // layer type (text, fill, …) are checked against the whole layer, so a text field cannot
      // land on an image layer.
      if (Object.keys(rest).some((key) => !BASE_KEYS.has(key))) {
        const snapshot = current(layer);
        const checked = LayerSchema.safeParse({
          ...snapshot,
          ...rest,
          transform: { ...snapshot.transform, ...transform },
        });
        if (!checked.success) {
          const issue = checked.error.issues[0]!;
          throw new NotApplicable(
            `cannot set ${issue.path.join('.') || 'that'} on a ${layer.type} layer: ${issue.message}`,
          );
        }
        if (checked.data.type === 'image')
          require_(draft.assets[checked.data.assetId], `asset ${checked.data.assetId}`);
      }
      Object.assign(layer, rest);
      if (transform) Object.assign(layer.transform, transform);
    },
  }),
  'layer.remove': defineCommand({
    label: 'Delete layer',
    args: z.strictObject({ layerIds: z.array(LayerIdSchema).min(1).max(10_000) }),
    targets: ({ layerIds }) => layerIds,
    apply(draft, { layerIds }) {
      for (const id of layerIds) {
        const layer = draft.layers[id];
        if (!layer) continue; // already removed with its group
        for (const child of descendants(draft, id)) delete draft.layers[child];
        removeFrom(siblings(draft, layer), id);
        delete draft.layers[id];
      }
    },
  }),
  'layer.reorder': defineCommand({
    label: 'Reorder layer',
    args: z.strictObject({ layerId: LayerIdSchema, index: z.number().int().min(0) }),
    targets: ({ layerId }) => [layerId],
    apply(draft, { layerId, index }) {
      const layer = require_(draft.layers[layerId], `layer ${layerId}`);
      moveInArray(siblings(draft, layer), layerId, index);
    },
  }),
  'layer.move': defineCommand({
    label: 'Move layer',
    args: z.strictObject({
      layerId: LayerIdSchema,
      parentId: LayerIdSchema.nullable(),
      index: z.number().int().min(0),
    }),
    targets: ({ layerId, parentId }) => (parentId ? [layerId, parentId] : [layerId]),
    apply(draft, { layerId, parentId, index }) {
      const layer = require_(draft.layers[layerId], `layer ${layerId}`);
      if (parentId) {
        const parent = require_(draft.layers[parentId], `group ${parentId}`);
        if (parent.type !== 'group') throw new NotApplicable(`${parent.name} is not a group`);
        if (parent.canvasId !== layer.canvasId)
          throw new NotApplicable('layers move between groups of one artboard');
        if (parentId === layerId || descendants(draft, layerId).includes(parentId)) {
          throw new NotApplicable('a group cannot go inside itself');
        }
      }
      removeFrom(siblings(draft, layer), layerId);
      layer.parentId = parentId;
      insertAt(siblings(draft, layer), layerId, index);
    },
  }),
  'layer.group': defineCommand({
    label: 'Group layers',
    args: z.strictObject({
      groupId: LayerIdSchema,
      layerIds: z.array(LayerIdSchema).min(1).max(10_000),
      name: z.string().min(1).max(200),
    }),
    targets: ({ groupId, layerIds }) => [groupId, ...layerIds],
    apply(draft, { groupId, layerIds, name }) {
      if (draft.layers[groupId]) throw new NotApplicable(`layer ${groupId} already exists`);
      const layers = layerIds.map((id) => require_(draft.layers[id], `layer ${id}`));
      const first = layers[0]!;
      if (layers.some((l) => l.parentId !== first.parentId || l.canvasId !== first.canvasId)) {
        throw new NotApplicable('only layers side by side in one list can be grouped');
      }
      if (new Set(layerIds).size !== layerIds.length) throw new NotApplicable('a layer is listed twice');
      const list = siblings(draft, first);
      const positions = layerIds.map((id) => list.indexOf(id));
      const top = Math.max(...positions);
      const ordered = [...layerIds].sort((a, b) => list.indexOf(a) - list.indexOf(b));
      const xs = layers.flatMap((l) => [l.transform.x, l.transform.x + l.transform.width]);
      const ys = layers.flatMap((l) => [l.transform.y, l.transform.y + l.transform.height]);
      draft.layers[groupId] = {
        id: groupId,
        canvasId: first.canvasId,
        parentId: first.parentId,
        name,
        visible: true,
        locked: false,
        opacity: 1,
        blendMode: 'normal',
        transform: {
          x: Math.min(...xs),
          y: Math.min(...ys),
          width: Math.max(1e-3, Math.max(...xs) - Math.min(...xs)),
          height: Math.max(1e-3, Math.max(...ys) - Math.min(...ys)),
          rotation: 0,
          flipX: false,
          flipY: false,
        },
        type: 'group',
        childIds: ordered,
      };
      const insertIndex = top - (layerIds.length - 1);
      for (const id of ordered) removeFrom(list, id);
      insertAt(list, groupId, insertIndex);
      for (const layer of layers) layer.parentId = groupId;
    },
  }),
  'layer.ungroup': defineCommand({
    label: 'Ungroup',
    args: z.strictObject({ groupId: LayerIdSchema }),
    targets: ({ groupId }) => [groupId],
    apply(draft, { groupId }) {
      const group = require_(draft.layers[groupId], `layer ${groupId}`);
      if (group.type !== 'group') throw new NotApplicable(`${group.name} is not a group`);
      const list = siblings(draft, group);
      const at = list.indexOf(groupId);
      list.splice(at, 1, ...group.childIds);
      for (const childId of group.childIds) draft.layers[childId]!.parentId = group.parentId;
      delete draft.layers[groupId];
    },
  }),
  'layer.duplicate': defineCommand({
    label: 'Duplicate layer',
    args: z.strictObject({
      layerId: LayerIdSchema,
      /** New ids for the layer and each of its descendants (old id → new id). */
      idMap: z.record(z.string(), LayerIdSchema),
    }),
    targets: ({ layerId }) => [layerId],
    apply(draft, { layerId, idMap }) {
      const source = require_(draft.layers[layerId], `layer ${layerId}`);
      const all = [layerId, ...descendants(draft, layerId)];
      for (const id of all) {
        const fresh = idMap[id];
        if (!fresh) throw new NotApplicable(`no new id given for ${id}`);
        if (draft.layers[fresh]) throw new NotApplicable(`layer ${fresh} already exists`);
      }
      if (new Set(all.map((id) => idMap[id])).size !== all.length)
        throw new NotApplicable('new ids must differ');
      for (const id of all) {
        const copy = structuredClone(current(draft.layers[id]!)) as Layer;
        copy.id = idMap[id]!;
        if (id === layerId) copy.name = `${source.name} copy`.slice(0, 200);
        else copy.parentId = idMap[copy.parentId!]!;
        if (copy.type === 'group') copy.childIds = copy.childIds.map((c) => idMap[c]!);
        draft.layers[copy.id] = copy;
      }
      const list = siblings(draft, source);
      insertAt(list, idMap[layerId]!, list.indexOf(layerId) + 1);
    },
  }),
};

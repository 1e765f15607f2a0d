// Random but valid edits of a document, driven by a list of numbers (so fast-check can
// generate and shrink them): every command a designer can issue, plus undo, redo and gestures.
import type { Document, Layer } from '../../native/model/document';
import type { Command } from '../../native/model/commands/index';
import type { Edit } from '../../native/model/editor';
import type { AssetId, CanvasId, LayerId } from '../../native/model/ids';

/** Reads choices from the list in turn (0 when it runs out). */
export class Choices {
  private at = 0;
  private ids = 0;
  constructor(private readonly values: readonly number[]) {}
  next(n: number): number {
    const v = this.values[this.at++] ?? 0;
    return n <= 0 ? 0 : Math.abs(v) % n;
  }
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.next(items.length)];
  }
  id<P extends string>(prefix: P): `${P}:${string}` {
    return `${prefix}:r${(this.ids++).toString(36)}x${this.values.length.toString(36)}`;
  }
}

const COLORS = ['#ff0000', '#00aa55', '#123456', '#ffffff', '#000000'];
const NAMES = ['Hero', 'Logo', 'Headline', 'Sale!', 'CTA', 'Über Größe 🎨', 'A "quoted" name'];

function baseLayer(c: Choices, canvasId: CanvasId, parentId: LayerId | null) {
  return {
    id: c.id('layer') as LayerId,
    canvasId,
    parentId,
    name: c.pick(NAMES)!,
    visible: true,
    locked: false,
    opacity: 1,
    blendMode: 'normal' as const,
    transform: {
      x: c.next(1000),
      y: c.next(1000),
      width: 10 + c.next(500),
      height: 10 + c.next(500),
      rotation: 0,
      flipX: false,
      flipY: false,
    },
  };
}

function newLayer(c: Choices, doc: Document, canvasId: CanvasId, parentId: LayerId | null): Layer {
  const base = baseLayer(c, canvasId, parentId);
  const images = Object.values(doc.assets).filter((a) => a.kind === 'image');
  switch (c.next(5)) {
    case 0:
      return {
        ...base,
        type: 'text',
        text: c.pick(NAMES)!,
        fontFamily: 'Inter',
        fontSize: 12 + c.next(100),
        fontWeight: 400,
        color: c.pick(COLORS)!,
        align: 'left',
        lineHeight: 1.2,
      };
    case 1:
      return {
        ...base,
        type: 'shape',
        shape: c.next(2) ? 'rect' : 'ellipse',
        fill: c.pick(COLORS)!,
        stroke: null,
        cornerRadius: c.next(20),
      };
    case 2:
      return { ...base, type: 'fill', fill: { kind: 'solid', color: c.pick(COLORS)! } };
    case 3:
      if (images.length > 0) return { ...base, type: 'image', assetId: c.pick(images)!.id as AssetId };
      return { ...base, type: 'group', childIds: [] };
    default:
      return { ...base, type: 'group', childIds: [] };
  }
}

function assetCommand(c: Choices): Command {
  const hex = (c.next(1 << 30) + 1).toString(16).padStart(8, '0').repeat(8);
  return {
    type: 'asset.add',
    args: {
      asset: {
        id: c.id('asset') as AssetId,
        kind: 'image',
        sha256: hex,
        mime: 'image/png',
        byteSize: 100 + c.next(1000),
        name: 'photo.png',
        width: 100,
        height: 80,
        durationSamples: null,
        sampleRate: null,
        provenance: { type: 'imported', fileName: 'photo.png' },
      },
    },
  };
}

/** One valid command for this document (most of the time; sometimes one that does not apply). */
export function randomCommand(c: Choices, doc: Document): Command {
  const canvases = Object.keys(doc.canvases) as CanvasId[];
  const layers = Object.values(doc.layers);
  const groups = layers.filter((l) => l.type === 'group');
  const canvasId = c.pick(canvases);
  const layer = c.pick(layers);
  switch (canvasId ? c.next(16) : c.next(2)) {
    case 0:
      return {
        type: 'canvas.add',
        args: {
          canvas: {
            id: c.id('canvas') as CanvasId,
            name: 'Artboard',
            width: 100 + c.next(2000),
            height: 100 + c.next(2000),
            background: '#ffffff',
            layerIds: [],
            maskAssetId: null,
            placement: null,
          },
        },
      };
    case 1:
      return assetCommand(c);
    case 2:
    case 3:
    case 4: {
      const parent = c.next(3) === 0 ? c.pick(groups.filter((g) => g.canvasId === canvasId)) : undefined;
      return { type: 'layer.add', args: { layer: newLayer(c, doc, canvasId!, parent?.id ?? null) } };
    }
    case 5:
      if (!layer) return { type: 'project.rename', args: { name: c.pick(NAMES)! } };
      return {
        type: 'layer.update',
        args: { layerId: layer.id, patch: { transform: { x: c.next(2000) - 500, y: c.next(2000) - 500 } } },
      };
    case 6:
      if (!layer) return { type: 'project.setCommercial', args: { commercial: c.next(2) === 1 } };
      return {
        type: 'layer.update',
        args: {
          layerId: layer.id,
          patch: { opacity: c.next(101) / 100, visible: c.next(2) === 1, name: c.pick(NAMES)! },
        },
      };
    case 7:
      if (!layer) return { type: 'project.rename', args: { name: 'Campaign' } };
      return { type: 'layer.reorder', args: { layerId: layer.id, index: c.next(6) } };
    case 8:
      if (!layer)
        return {
          type: 'canvas.update',
          args: { canvasId: canvasId!, patch: { background: c.pick(COLORS)! } },
        };
      return { type: 'layer.remove', args: { layerIds: [layer.id] } };
    case 9: {
      const siblings = layer
        ? layers.filter((l) => l.parentId === layer.parentId && l.canvasId === layer.canvasId)
        : [];
      if (siblings.length < 2)
        return { type: 'canvas.update', args: { canvasId: canvasId!, patch: { name: c.pick(NAMES)! } } };
      const chosen = siblings.filter(() => c.next(2) === 1).slice(0, 4);
      return {
        type: 'layer.group',
        args: {
          groupId: c.id('layer') as LayerId,
          layerIds: chosen.length > 0 ? chosen.map((l) => l.id) : [siblings[0]!.id],
          name: 'Group',
        },
      };
    }
    case 10: {
      const group = c.pick(groups);
      if (!group) return { type: 'project.rename', args: { name: 'Renamed' } };
      return { type: 'layer.ungroup', args: { groupId: group.id } };
    }
    case 11: {
      if (!layer) return { type: 'project.rename', args: { name: 'Dup' } };
      const ids = [layer.id, ...descendantsOf(doc, layer.id)];
      return {
        type: 'layer.duplicate',
        args: { layerId: layer.id, idMap: Object.fromEntries(ids.map((id) => [id, c.id('layer')])) },
      };
    }
    case 12: {
      if (!layer) return { type: 'project.rename', args: { name: 'Move' } };
      const target = c.pick(groups.filter((g) => g.canvasId === layer.canvasId));
      return {
        type: 'layer.move',
        args: { layerId: layer.id, parentId: c.next(2) && target ? target.id : null, index: c.next(4) },
      };
    }
    case 13:
      return {
        type: 'shot.add',
        args: {
          shot: {
            id: c.id('shot'),
            name: 'Shot',
            source: { kind: 'canvas', canvasId: canvasId! },
            durationFrames: 1 + c.next(300),
            caption: c.pick(NAMES)!,
            notes: '',
            transitionIn: { kind: 'cut', durationFrames: 0 },
            camera: {
              from: { x: 0.5, y: 0.5, scale: 1 },
              to: { x: 0.5, y: 0.5, scale: 1.2 },
              easing: 'linear',
            },
          },
        },
      };
    case 14: {
      const tracks = Object.keys(doc.timeline.tracks);
      const track = c.pick(tracks);
      if (!track || c.next(3) === 0) {
        return {
          type: 'track.add',
          args: {
            track: {
              id: c.id('track'),
              kind: 'music',
              name: 'Music',
              muted: false,
              solo: false,
              gainDb: 0,
              clipIds: [],
            },
          },
        };
      }
      return {
        type: 'clip.add',
        args: {
          clip: {
            id: c.id('clip'),
            trackId: track as `track:${string}`,
            assetId: null,
            shotId: null,
            text: null,
            startFrame: c.next(900),
            durationFrames: 1 + c.next(300),
            trimStartSamples: 0,
            gainDb: 0,
            fadeInFrames: 0,
            fadeOutFrames: 0,
          },
        },
      };
    }
    default:
      return c.next(4) === 0
        ? { type: 'canvas.remove', args: { canvasId: canvasId! } }
        : { type: 'canvas.reorder', args: { canvasId: canvasId!, index: c.next(4) } };
  }
}

function descendantsOf(doc: Document, id: LayerId): LayerId[] {
  const layer = doc.layers[id];
  if (!layer || layer.type !== 'group') return [];
  return layer.childIds.flatMap((child) => [child as LayerId, ...descendantsOf(doc, child as LayerId)]);
}

/** An edit for this document: mostly commands, with undo, redo and drag gestures mixed in. */
export function randomEdit(c: Choices, doc: Document): Edit {
  const roll = c.next(20);
  if (roll === 0) return { kind: 'undo' };
  if (roll === 1) return { kind: 'redo' };
  const layer = c.pick(Object.values(doc.layers));
  if (roll === 2 && layer) {
    const steps = 1 + c.next(5);
    const commands: Command[] = [];
    for (let i = 0; i < steps; i++) {
      commands.push({
        type: 'layer.update',
        args: { layerId: layer.id, patch: { transform: { x: c.next(1000), y: c.next(1000) } } },
      });
    }
    return { kind: 'gesture', label: 'Move layer', commands };
  }
  return { kind: 'command', command: randomCommand(c, doc) };
}

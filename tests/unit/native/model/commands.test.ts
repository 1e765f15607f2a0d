import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatches } from 'immer';
import { applyCommand } from '../../../../native/model/apply';
import { commandTypes, type Command } from '../../../../native/model/commands/index';
import type { Canvas, Document } from '../../../../native/model/document';
import { integrityProblems } from '../../../../native/model/integrity';
import { parseDocument } from '../../../../native/model/parse';

const fixture = parseDocument(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/documents/v1.json'), 'utf8')),
);

function ok(doc: Document, command: Command): Document {
  const result = applyCommand(doc, command);
  if (!result.ok) throw new Error(result.reason);
  expect(integrityProblems(result.applied.doc)).toEqual([]);
  // The inverse patches take the document back exactly.
  expect(applyPatches(result.applied.doc, result.applied.inversePatches)).toEqual(doc);
  return result.applied.doc;
}

function refused(doc: Document, command: unknown): string {
  const result = applyCommand(doc, command as Command);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

describe('commands', () => {
  it('is a closed set with labels', () => {
    expect(commandTypes).toContain('layer.update');
    expect(refused(fixture, { type: 'layer.explode', args: {} })).toMatch(/unknown command "layer.explode"/);
  });

  it('duplicates an artboard into another size: every layer copied, scaled and moved, groups whole, no mask', () => {
    const ids = ['bg', 'photo', 'fill', 'cta', 'title', 'button'];
    const idMap = Object.fromEntries(ids.map((id) => [`layer:${id}`, `layer:${id}2` as const]));
    const canvas = {
      id: 'canvas:wide' as const,
      name: 'Story — 16:9',
      width: 1920,
      height: 1080,
      background: '#ffffff',
      layerIds: [],
      maskAssetId: null,
      placement: 'landscape',
    } satisfies Canvas;
    // Story 1080×1920 into 1920×1080: half size, centred (x 690).
    const place = { scale: 0.5625, x: 656.25, y: 0 };
    const doc = ok(fixture, {
      type: 'canvas.duplicate',
      args: { canvasId: 'canvas:story', canvas, idMap, place },
    });
    expect(doc.canvasOrder.at(-1)).toBe('canvas:wide');
    expect(doc.canvases['canvas:wide']).toMatchObject({
      layerIds: ['layer:bg2', 'layer:photo2', 'layer:fill2', 'layer:cta2'],
      maskAssetId: null,
    });
    expect(doc.layers['layer:cta2']).toMatchObject({
      canvasId: 'canvas:wide',
      childIds: ['layer:title2', 'layer:button2'],
    });
    expect(doc.layers['layer:title2']).toMatchObject({
      parentId: 'layer:cta2',
      fontSize: 54,
      transform: { x: 656.25 + 80 * 0.5625, y: 1300 * 0.5625, width: 920 * 0.5625 },
    });
    expect(doc.layers['layer:button2']).toMatchObject({ cornerRadius: 33.75, stroke: { width: 2.25 } });
    // The source is as it was.
    expect(doc.layers['layer:title']).toEqual(fixture.layers['layer:title']);
    expect(doc.canvases['canvas:story']).toEqual(fixture.canvases['canvas:story']);

    expect(
      refused(fixture, {
        type: 'canvas.duplicate',
        args: {
          canvasId: 'canvas:story',
          canvas,
          idMap: Object.fromEntries(Object.entries(idMap).filter(([from]) => from !== 'layer:bg')),
          place,
        },
      }),
    ).toMatch(/no new id given for layer:bg/);
    expect(
      refused(fixture, {
        type: 'canvas.duplicate',
        args: { canvasId: 'canvas:story', canvas, idMap: { ...idMap, 'layer:fill': 'layer:bg2' }, place },
      }),
    ).toMatch(/new ids must differ/);
    expect(
      refused(fixture, {
        type: 'canvas.duplicate',
        args: { canvasId: 'canvas:story', canvas: { ...canvas, id: 'canvas:story' }, idMap, place },
      }),
    ).toMatch(/already exists/);
  });

  it('moves, groups, ungroups and duplicates layers, keeping every reference whole', () => {
    let doc = ok(fixture, { type: 'layer.reorder', args: { layerId: 'layer:photo', index: 0 } });
    expect(doc.canvases['canvas:story']!.layerIds[0]).toBe('layer:photo');
    doc = ok(doc, { type: 'layer.ungroup', args: { groupId: 'layer:cta' } });
    expect(doc.layers['layer:title']!.parentId).toBeNull();
    doc = ok(doc, {
      type: 'layer.group',
      args: { groupId: 'layer:g2', layerIds: ['layer:bg', 'layer:photo'], name: 'Back' },
    });
    expect(doc.layers['layer:g2']).toMatchObject({ type: 'group', childIds: ['layer:photo', 'layer:bg'] });
    doc = ok(doc, {
      type: 'layer.duplicate',
      args: {
        layerId: 'layer:g2',
        idMap: { 'layer:g2': 'layer:g3', 'layer:photo': 'layer:p2', 'layer:bg': 'layer:b2' },
      },
    });
    expect(doc.layers['layer:g3']).toMatchObject({ name: 'Back copy', childIds: ['layer:p2', 'layer:b2'] });
    expect(doc.layers['layer:p2']!.parentId).toBe('layer:g3');
    doc = ok(doc, { type: 'layer.move', args: { layerId: 'layer:fill', parentId: 'layer:g3', index: 0 } });
    doc = ok(doc, { type: 'layer.remove', args: { layerIds: ['layer:g3'] } });
    expect(doc.layers['layer:fill']).toBeUndefined();
    expect(doc.layers['layer:p2']).toBeUndefined();
  });

  it('changes layer properties, checking them against the layer type', () => {
    const doc = ok(fixture, {
      type: 'layer.update',
      args: { layerId: 'layer:title', patch: { text: 'Winter sale', transform: { rotation: 15 } } },
    });
    expect(doc.layers['layer:title']).toMatchObject({
      text: 'Winter sale',
      transform: { rotation: 15, x: 80 },
    });
    expect(
      refused(fixture, { type: 'layer.update', args: { layerId: 'layer:photo', patch: { text: 'no' } } }),
    ).toMatch(/on a image layer/);
    expect(
      refused(fixture, { type: 'layer.update', args: { layerId: 'layer:photo', patch: { opacity: 2 } } }),
    ).toMatch(/args.patch.opacity/);
  });

  it('leaves locked layers alone except for lock, visibility and name', () => {
    const locked = ok(fixture, {
      type: 'layer.update',
      args: { layerId: 'layer:photo', patch: { locked: true } },
    });
    expect(
      refused(locked, { type: 'layer.update', args: { layerId: 'layer:photo', patch: { opacity: 0.5 } } }),
    ).toMatch(/is locked/);
    ok(locked, { type: 'layer.update', args: { layerId: 'layer:photo', patch: { visible: false } } });
  });

  it('refuses what does not apply, and leaves the document untouched', () => {
    const before = JSON.stringify(fixture);
    expect(refused(fixture, { type: 'layer.remove', args: { layerIds: [] } })).toMatch(/layerIds/);
    expect(refused(fixture, { type: 'layer.reorder', args: { layerId: 'layer:nope', index: 0 } })).toMatch(
      /does not exist/,
    );
    expect(
      refused(fixture, {
        type: 'layer.move',
        args: { layerId: 'layer:cta', parentId: 'layer:cta', index: 0 },
      }),
    ).toMatch(/inside itself/);
    expect(
      refused(fixture, {
        type: 'layer.group',
        args: { groupId: 'layer:x', layerIds: ['layer:bg', 'layer:title'], name: 'G' },
      }),
    ).toMatch(/side by side/);
    expect(refused(fixture, { type: 'asset.add', args: { asset: fixture.assets['asset:photo'] } })).toMatch(
      /already exists/,
    );
    expect(refused(fixture, { type: 'project.rename', args: { name: 'Summer campaign' } })).toBe(
      'nothing changed',
    );
    expect(JSON.stringify(fixture)).toBe(before);
  });

  it('removes an artboard with its layers and unhooks the shots that showed it', () => {
    const doc = ok(fixture, { type: 'canvas.remove', args: { canvasId: 'canvas:story' } });
    expect(Object.keys(doc.layers)).toEqual([]);
    expect(doc.shots['shot:one']!.source).toBeNull();
  });

  it('keeps clips in start order and removes them with their track', () => {
    let doc = ok(fixture, { type: 'clip.update', args: { clipId: 'clip:bed', patch: { startFrame: 120 } } });
    doc = ok(doc, {
      type: 'clip.add',
      args: { clip: { ...doc.timeline.clips['clip:bed']!, id: 'clip:early', startFrame: 10 } },
    });
    expect(doc.timeline.tracks['track:music']!.clipIds).toEqual(['clip:early', 'clip:bed']);
    doc = ok(doc, { type: 'track.remove', args: { trackId: 'track:music' } });
    expect(doc.timeline.clips['clip:bed']).toBeUndefined();
  });
});

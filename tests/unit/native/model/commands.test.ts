import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatches } from 'immer';
import { applyCommand } from '../../../../native/model/apply';
import { commandTypes, type Command } from '../../../../native/model/commands/index';
import type { Document } from '../../../../native/model/document';
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

// The video placements, their safe areas, and a shot's reframing per placement in the document.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommand } from '../../../../native/model/apply';
import type { Command } from '../../../../native/model/commands/index';
import type { Document } from '../../../../native/model/document';
import { parseDocument } from '../../../../native/model/parse';
import {
  DEFAULT_REFRAME,
  safeArea,
  shotReframe,
  VIDEO_PLACEMENTS,
  videoPlacement,
} from '../../../../native/model/placements';
import { sanitizeArgs } from '../../../../native/model/sanitize';

const raw = () =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../fixtures/documents/v1.json'), 'utf8'),
  ) as Record<string, unknown> & { shots: Record<string, Record<string, unknown>> };

function ok(doc: Document, command: Command): Document {
  const result = applyCommand(doc, command);
  if (!result.ok) throw new Error(result.reason);
  return result.applied.doc;
}

describe('video placements', () => {
  it('are 16:9, 9:16, 1:1 and 4:5 at 1080 on the short side', () => {
    expect(VIDEO_PLACEMENTS.map((p) => `${p.id} ${p.width}x${p.height}`)).toEqual([
      '16:9 1920x1080',
      '9:16 1080x1920',
      '1:1 1080x1080',
      '4:5 1080x1350',
    ]);
    expect(videoPlacement('4:5').height).toBe(1350);
  });

  it('keep captions out of the top 14%, bottom 20% and 6% sides of a vertical frame', () => {
    const area = safeArea(videoPlacement('9:16'));
    expect(area.x).toBeCloseTo(64.8, 9);
    expect(area.y).toBeCloseTo(268.8, 9);
    expect(area.x + area.width).toBeCloseTo(1080 - 64.8, 9);
    expect(area.y + area.height).toBeCloseTo(1920 - 384, 9);
  });

  it('keep a 5% title-safe margin in the other frames, at any drawing size', () => {
    expect(safeArea(videoPlacement('16:9'))).toEqual({ x: 96, y: 54, width: 1728, height: 972 });
    expect(safeArea(videoPlacement('4:5'))).toEqual({ x: 54, y: 67.5, width: 972, height: 1215 });
    expect(safeArea({ width: 540, height: 960 }).y).toBeCloseTo(134.4, 9); // a half-size preview
  });
});

describe("a shot's reframing", () => {
  it('reads a version-1 file without it as every placement filling the frame', () => {
    const doc = parseDocument(raw());
    expect(doc.shots['shot:one']!.reframe).toEqual({});
    expect(shotReframe(doc.shots['shot:one']!, '9:16')).toEqual(DEFAULT_REFRAME);
    expect(DEFAULT_REFRAME.mode).toBe('fill');
  });

  it('is checked on load: known placements, a crop inside the picture, custom with a crop', () => {
    const withReframe = (reframe: unknown) => {
      const file = raw();
      file.shots['shot:one']!.reframe = reframe;
      return () => parseDocument(file);
    };
    const crop = { x: 0.25, y: 0, width: 0.5, height: 1 };
    expect(withReframe({ '9:16': { mode: 'custom', crop } })().shots['shot:one']!.reframe).toEqual({
      '9:16': { mode: 'custom', crop },
    });
    expect(withReframe({ '3:2': { mode: 'fit', crop: null } })).toThrow(/reframe/);
    expect(withReframe({ '1:1': { mode: 'custom', crop: null } })).toThrow(/custom reframing needs a crop/);
    expect(withReframe({ '1:1': { mode: 'custom', crop: { ...crop, x: 0.6 } } })).toThrow(
      /crop must lie inside the picture/,
    );
  });

  it('is set per placement by shot.reframe, back to the default with null, and kept by other shot changes', () => {
    const base = parseDocument(raw());
    const crop = { x: 0.1, y: 0.2, width: 0.3, height: 0.4 };
    let doc = ok(base, {
      type: 'shot.reframe',
      args: { shotId: 'shot:one', placement: '9:16', reframe: { mode: 'custom', crop } },
    });
    doc = ok(doc, {
      type: 'shot.reframe',
      args: { shotId: 'shot:one', placement: '16:9', reframe: { mode: 'fit', crop: null } },
    });
    expect(doc.shots['shot:one']!.reframe).toEqual({
      '9:16': { mode: 'custom', crop },
      '16:9': { mode: 'fit', crop: null },
    });
    // A patch that does not name reframe leaves it alone (zod would otherwise fill in {}).
    doc = ok(doc, { type: 'shot.update', args: { shotId: 'shot:one', patch: { caption: 'New' } } });
    expect(Object.keys(doc.shots['shot:one']!.reframe)).toEqual(['9:16', '16:9']);
    doc = ok(doc, { type: 'shot.reframe', args: { shotId: 'shot:one', placement: '9:16', reframe: null } });
    expect(shotReframe(doc.shots['shot:one']!, '9:16')).toEqual(DEFAULT_REFRAME);
    expect(shotReframe(doc.shots['shot:one']!, '16:9').mode).toBe('fit');
    const refused = applyCommand(doc, {
      type: 'shot.reframe',
      args: { shotId: 'shot:one', placement: '2:1', reframe: null },
    } as unknown as Command);
    expect(refused.ok).toBe(false);
  });

  it('is logged with its placement and mode, as the studio words they are', () => {
    expect(
      sanitizeArgs({ shotId: 'shot:one', placement: '9:16', reframe: { mode: 'custom', crop: { x: 0.1 } } }),
    ).toEqual({ shotId: 'shot:one', placement: '9:16', reframe: { mode: 'custom', crop: { x: 0.1 } } });
  });
});

// native/compose drawn in Node on @napi-rs/canvas: known colours at known places.
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { drawCanvas, wrapText, type Context2D } from '../../../../native/compose/draw-canvas';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import type { Layer } from '../../../../native/model/document';
import { fillLayer, shapeLayer, textLayer } from '../../../helpers/layers';

function render(layers: Layer[], { scale = 1, width = 200, height = 100 } = {}) {
  const editor = new Editor(createDocument({ id: 'project:c', name: 'C', createdAt: 0 }));
  editor.dispatch({
    type: 'canvas.add',
    args: { canvas: { ...blankCanvas('canvas:a', 'A', width, height), background: '#ffffff' } },
  });
  for (const layer of layers) {
    const result = editor.dispatch({ type: 'layer.add', args: { layer } });
    if (!result.ok) throw new Error(result.reason);
  }
  const canvas = createCanvas(width * scale, height * scale);
  const ctx = canvas.getContext('2d');
  drawCanvas(ctx as unknown as Context2D, editor.doc, 'canvas:a', { scale, image: () => undefined });
  return (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data);
}

const box = (
  id: string,
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
  extra: Partial<Layer> = {},
) =>
  ({
    ...shapeLayer(id, 'canvas:a'),
    transform: { x, y, width: w, height: h, rotation: 0, flipX: false, flipY: false },
    fill,
    ...extra,
  }) as Layer;

describe('drawCanvas', () => {
  it('draws the background and shapes where their transforms put them', () => {
    const at = render([
      box('layer:r', 10, 10, 50, 40, '#ff0000'),
      box('layer:b', 100, 20, 30, 30, '#0000ff'),
    ]);
    expect(at(5, 5)).toEqual([255, 255, 255, 255]);
    expect(at(30, 30)).toEqual([255, 0, 0, 255]);
    expect(at(115, 35)).toEqual([0, 0, 255, 255]);
    expect(at(65, 30)).toEqual([255, 255, 255, 255]);
  });

  it('stacks layers bottom first, honours opacity, blend modes and visibility', () => {
    const at = render([
      box('layer:r', 0, 0, 100, 100, '#ff0000'),
      box('layer:half', 0, 0, 50, 100, '#0000ff', { opacity: 0.5 }),
      box('layer:mul', 50, 0, 50, 100, '#00ff00', { blendMode: 'multiply' }),
      box('layer:hidden', 0, 0, 200, 100, '#000000', { visible: false }),
    ]);
    const half = at(25, 50);
    expect(half[0]).toBeGreaterThan(120);
    expect(half[0]).toBeLessThan(135);
    expect(half[2]).toBeGreaterThan(120);
    expect(at(75, 50)).toEqual([0, 0, 0, 255]); // red × green
    expect(at(150, 50)).toEqual([255, 255, 255, 255]);
  });

  it('rotates about the centre and draws ellipses and rounded corners', () => {
    const at = render([
      box('layer:rot', 50, 40, 100, 20, '#ff0000', {
        transform: { x: 50, y: 40, width: 100, height: 20, rotation: 90, flipX: false, flipY: false },
      }),
      { ...box('layer:e', 150, 50, 40, 40, '#0000ff'), shape: 'ellipse' } as Layer,
    ]);
    expect(at(100, 10)).toEqual([255, 0, 0, 255]); // rotated upright through the centre
    expect(at(60, 50)).toEqual([255, 255, 255, 255]); // where it was before rotating
    expect(at(170, 70)).toEqual([0, 0, 255, 255]);
    expect(at(152, 52)).toEqual([255, 255, 255, 255]); // the ellipse's corner is empty
  });

  it('draws at 2× for a 2× export', () => {
    const at = render([box('layer:r', 10, 10, 20, 20, '#ff0000')], { scale: 2 });
    expect(at(25, 25)).toEqual([255, 0, 0, 255]);
    expect(at(45, 45)).toEqual([255, 0, 0, 255]);
    expect(at(65, 65)).toEqual([255, 255, 255, 255]);
  });

  it('fills with linear gradients along their angle', () => {
    const at = render([
      fillLayer('layer:g', 'canvas:a', {
        kind: 'linear',
        angle: 0,
        stops: [
          { offset: 0, color: '#000000' },
          { offset: 1, color: '#ffffff' },
        ],
      }),
    ]);
    expect(at(2, 50)[0]).toBeLessThan(20);
    expect(at(197, 50)[0]).toBeGreaterThan(235);
    expect(Math.abs(at(100, 50)[0]! - 128)).toBeLessThan(12);
  });

  it('draws text in its box, wrapped to the box width', () => {
    const at = render([textLayer('layer:t', 'canvas:a', '█████ █████')]);
    let dark = 0;
    for (let x = 0; x < 200; x += 4) for (let y = 0; y < 100; y += 4) if (at(x, y)[0]! < 100) dark++;
    expect(dark).toBeGreaterThan(20);
  });
});

describe('wrapText', () => {
  const measure = (t: string) => t.length * 10;
  it('breaks at spaces to fit the width, and splits a word too long for a line', () => {
    expect(wrapText(measure, 'summer sale now on', 100)).toEqual(['summer', 'sale now', 'on']);
    expect(wrapText(measure, 'abcdefghijklmnop', 50)).toEqual(['abcde', 'fghij', 'klmno', 'p']);
    expect(wrapText(measure, 'two\nlines', 100)).toEqual(['two', 'lines']);
  });
});

// Storyboard frames drawn in Node on @napi-rs/canvas, as the export draws them: transitions,
// camera moves, reframing per placement, captions in the safe area, black outside the story.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import type { Context2D } from '../../../../native/compose/draw-canvas';
import {
  artboardScale,
  createStoryPictures,
  drawStoryFrame,
  type StoryPictures,
} from '../../../../native/compose/story';
import type { Asset, Document, Layer, Shot } from '../../../../native/model/document';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import { integrityProblems } from '../../../../native/model/integrity';
import { safeArea } from '../../../../native/model/placements';
import { ensureBundledFonts } from '../../../../native/media/bundled-fonts';
import { shapeLayer } from '../../../helpers/layers';

beforeAll(() => ensureBundledFonts());

type Pixel = [number, number, number, number];

const WIDE = { id: '16:9', width: 192, height: 108 };
const TALL = { id: '9:16', width: 108, height: 192 };

function shot(id: string, source: Shot['source'], durationFrames: number, extra: Partial<Shot> = {}): Shot {
  return {
    id: `shot:${id}`,
    name: id,
    source,
    durationFrames,
    caption: '',
    notes: '',
    transitionIn: { kind: 'cut', durationFrames: 0 },
    camera: { from: { x: 0.5, y: 0.5, scale: 1 }, to: { x: 0.5, y: 0.5, scale: 1 }, easing: 'linear' },
    reframe: {},
    ...extra,
  };
}

const artboard = (id: string) => ({ kind: 'canvas' as const, canvasId: `canvas:${id}` as const });

/** A document with plain artboards (`name → [width, height, background, boxes]`) and shots. */
function story(
  artboards: Record<string, [number, number, string, Array<[number, number, number, number, string]>?]>,
  shots: Shot[],
  assets: Asset[] = [],
): Document {
  const doc = createDocument({ id: 'project:s', name: 'S', createdAt: 0 });
  for (const asset of assets) doc.assets[asset.id] = asset;
  for (const [name, [w, h, background, boxes = []]] of Object.entries(artboards)) {
    const id = `canvas:${name}` as const;
    doc.canvases[id] = { ...blankCanvas(id, name, w, h), background };
    doc.canvasOrder.push(id);
    boxes.forEach(([x, y, bw, bh, fill], i) => {
      const layer = {
        ...shapeLayer(`layer:${name}${i}`, id),
        transform: { x, y, width: bw, height: bh, rotation: 0, flipX: false, flipY: false },
        fill,
      } as Layer;
      doc.layers[layer.id] = layer;
      doc.canvases[id]!.layerIds.push(layer.id);
    });
  }
  for (const s of shots) doc.shots[s.id] = s;
  doc.shotOrder = shots.map((s) => s.id);
  expect(integrityProblems(doc)).toEqual([]);
  return doc;
}

function render(
  doc: Document,
  frame: number,
  placement = WIDE,
  pictures: StoryPictures = createStoryPictures({ createSurface: createCanvas, image: () => undefined }),
) {
  const canvas = createCanvas(placement.width, placement.height);
  const ctx = canvas.getContext('2d');
  // Something that is not black, to show that the frame paints every pixel.
  ctx.fillStyle = '#00ff00';
  ctx.fillRect(0, 0, placement.width, placement.height);
  drawStoryFrame(ctx as unknown as Context2D, doc, { placement, frame, pictures });
  const data = ctx.getImageData(0, 0, placement.width, placement.height).data;
  const at = (x: number, y: number): Pixel => {
    const i = (Math.floor(y) * placement.width + Math.floor(x)) * 4;
    return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
  };
  return { at, data, placement };
}

const RED: Pixel = [255, 0, 0, 255];
const BLUE: Pixel = [0, 0, 255, 255];
const BLACK: Pixel = [0, 0, 0, 255];
const near = (actual: Pixel, expected: number[], tolerance = 3) =>
  expected.every((v, i) => Math.abs(actual[i]! - v) <= tolerance);

function allBlack(data: Uint8ClampedArray): boolean {
  for (let i = 0; i < data.length; i += 4) if (data[i] || data[i + 1] || data[i + 2]) return false;
  return true;
}

describe('transitions', () => {
  const redBlue = (kind: Shot['transitionIn']['kind'], durationFrames = 9) =>
    story({ red: [160, 90, '#ff0000'], blue: [160, 90, '#0000ff'] }, [
      shot('a', artboard('red'), 10),
      shot('b', artboard('blue'), 20, { transitionIn: { kind, durationFrames } }),
    ]);

  it('crossfades red into blue: purple half-way, red before, blue after', () => {
    const doc = redBlue('crossfade');
    expect(render(doc, 9).at(96, 54)).toEqual(RED);
    // Frame 14 is the 5th of 9 transition frames: exactly half-way.
    expect(near(render(doc, 14).at(96, 54), [128, 0, 128, 255], 2)).toBe(true);
    const early = render(doc, 10).at(96, 54); // 1/10 of the way
    expect(early[0]).toBeGreaterThan(220);
    expect(early[2]).toBeGreaterThan(15);
    expect(render(doc, 19).at(96, 54)).toEqual(BLUE);
  });

  it('dips to black: black at the middle, fading red before and blue after', () => {
    const doc = redBlue('dip-to-black');
    expect(render(doc, 14).data.every((v, i) => (i % 4 === 3 ? v === 255 : v === 0))).toBe(true);
    expect(near(render(doc, 11).at(96, 54), [153, 0, 0, 255])).toBe(true); // p = 0.2: red at 0.6
    expect(near(render(doc, 17).at(96, 54), [0, 0, 153, 255])).toBe(true); // p = 0.8: blue at 0.6
  });

  it('slides the incoming shot in from the right over the previous one', () => {
    const { at } = render(redBlue('slide'), 14); // half-way: the edge at the middle
    expect(at(40, 54)).toEqual(RED);
    expect(at(150, 54)).toEqual(BLUE);
    const earlier = render(redBlue('slide'), 11).at;
    expect(earlier(150, 54)).toEqual(RED); // the blue frame has not got this far yet
    expect(earlier(190, 54)).toEqual(BLUE);
  });

  it('fades the first shot in from black', () => {
    const doc = story({ red: [160, 90, '#ff0000'] }, [
      shot('a', artboard('red'), 10, { transitionIn: { kind: 'crossfade', durationFrames: 3 } }),
    ]);
    expect(near(render(doc, 1).at(96, 54), [128, 0, 0, 255], 2)).toBe(true);
    expect(render(doc, 3).at(96, 54)).toEqual(RED);
  });
});

describe('camera', () => {
  // A white artboard with a red square at its centre and a blue one in its top-left corner.
  const doc = story(
    {
      target: [
        192,
        108,
        '#ffffff',
        [
          [86, 44, 20, 20, '#ff0000'],
          [0, 0, 24, 24, '#0000ff'],
        ],
      ],
    },
    [
      shot('zoom', artboard('target'), 11, {
        camera: {
          from: { x: 0.5, y: 0.5, scale: 1 },
          to: { x: 0.5, y: 0.5, scale: 2 },
          easing: 'ease-in-out',
        },
      }),
      shot('corner', artboard('target'), 5, {
        camera: { from: { x: 0, y: 0, scale: 2 }, to: { x: 0, y: 0, scale: 2 }, easing: 'linear' },
      }),
    ],
  );

  it('zooms from scale 1 to 2: the centre is twice as large on the last frame', () => {
    const first = render(doc, 0).at;
    const last = render(doc, 10).at;
    expect(first(96, 54)).toEqual(RED);
    expect(first(96 + 15, 54)).toEqual([255, 255, 255, 255]); // outside the 20 px square
    expect(first(10, 10)).toEqual(BLUE);
    expect(last(96 + 15, 54)).toEqual(RED); // inside the 40 px square it has become
    expect(last(96 + 25, 54)).toEqual([255, 255, 255, 255]);
    expect(last(10, 10)).toEqual([255, 255, 255, 255]); // the corner is out of view
  });

  it('stays on the picture: a view centred on the corner shows the top-left quarter', () => {
    const { at } = render(doc, 11);
    expect(at(40, 40)).toEqual(BLUE); // the 24 px corner square, doubled
    expect(at(52, 52)).toEqual([255, 255, 255, 255]);
    expect(at(185, 100)).toEqual(RED); // the centre square's corner at the view's far corner
  });

  it('draws a zoomed artboard at its zoomed size, so it stays sharp', () => {
    const zoom = doc.shots['shot:zoom']!;
    expect(artboardScale(doc, zoom, WIDE)).toBe(2);
    expect(artboardScale(doc, zoom, { id: '16:9', width: 1920, height: 1080 })).toBe(20);
    expect(artboardScale(doc, zoom, { id: '16:9', width: 96, height: 54 })).toBe(1);
  });
});

describe('reframing per placement', () => {
  // A 16:9 artboard: red left half, blue right half.
  const doc = story({ wide: [160, 90, '#ff0000', [[80, 0, 80, 90, '#0000ff']]] }, [
    shot('a', artboard('wide'), 10, {
      reframe: {
        '9:16': { mode: 'fit', crop: null },
        '1:1': { mode: 'custom', crop: { x: 0.75, y: 0, width: 0.25, height: 1 } },
      },
    }),
  ]);

  it('fits with black bars above and below a wide picture in a tall frame', () => {
    const { at } = render(doc, 0, TALL);
    expect(at(54, 5)).toEqual(BLACK);
    expect(at(54, 186)).toEqual(BLACK);
    expect(at(20, 96)).toEqual(RED);
    expect(at(90, 96)).toEqual(BLUE);
  });

  it('fills by default: the frame is covered, cut at the sides', () => {
    const fill = { ...doc, shots: { 'shot:a': { ...doc.shots['shot:a']!, reframe: {} } } };
    const { at, data } = render(fill, 0, TALL);
    expect(at(54, 2)).not.toEqual(BLACK);
    let black = 0;
    for (let i = 0; i < data.length; i += 4) if (!data[i] && !data[i + 2]) black++;
    expect(black).toBe(0);
    expect(at(20, 96)).toEqual(RED);
    expect(at(90, 96)).toEqual(BLUE);
  });

  it('covers the frame with a custom crop', () => {
    const square = { id: '1:1', width: 100, height: 100 };
    const { data } = render(doc, 0, square);
    let other = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] || data[i + 1] || data[i + 2] !== 255) other++;
    expect(other).toBe(0);
  });
});

describe('captions', () => {
  const long = 'Summer sale: everything in the shop at half price, this weekend only. Come early!';

  it('wraps a caption inside the 9:16 safe area, near its bottom, with nothing in the unsafe bands', () => {
    const doc = story({}, [shot('a', null, 10, { caption: long })]);
    const placement = { id: '9:16', width: 540, height: 960 };
    const { data } = render(doc, 0, placement);
    const area = safeArea(placement);
    let inside = 0;
    let lowest = 0;
    let highest = Infinity;
    for (let y = 0; y < placement.height; y++) {
      for (let x = 0; x < placement.width; x++) {
        const i = (y * placement.width + x) * 4;
        if (!data[i] && !data[i + 1] && !data[i + 2]) continue;
        const safe = x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height;
        expect({ x, y, safe }).toEqual({ x, y, safe: true });
        inside++;
        lowest = Math.max(lowest, y);
        highest = Math.min(highest, y);
      }
    }
    expect(inside).toBeGreaterThan(2000);
    // The box is black on black here: its text ends a padding and a descent above the area's edge.
    expect(lowest).toBeGreaterThan(area.y + area.height - 20);
    expect(lowest).toBeLessThan(area.y + area.height);
    // Wrapped: several lines tall, but in the lower half of the safe area.
    expect(lowest - highest).toBeGreaterThan(60);
    expect(highest).toBeGreaterThan(area.y + area.height / 2);
  });

  it('draws white text on a dark box over the picture, captions-track clips too', () => {
    const doc = story({ white: [160, 90, '#ffffff'] }, [shot('a', artboard('white'), 10)]);
    doc.timeline.tracks['track:subs'] = {
      id: 'track:subs',
      kind: 'captions',
      name: 'Captions',
      muted: false,
      solo: false,
      gainDb: 0,
      clipIds: ['clip:c'],
    };
    doc.timeline.trackOrder.push('track:subs');
    doc.timeline.clips['clip:c'] = {
      id: 'clip:c',
      trackId: 'track:subs',
      assetId: null,
      shotId: null,
      text: 'WWWWWW',
      startFrame: 5,
      durationFrames: 5,
      trimStartSamples: 0,
      gainDb: 0,
      fadeInFrames: 0,
      fadeOutFrames: 0,
    };
    const placement = { id: '16:9', width: 640, height: 360 };
    const without = render(doc, 4, placement).data;
    expect(without.every((v) => v === 255)).toBe(true);
    const { data } = render(doc, 5, placement);
    let dark = 0;
    let white = 0;
    const area = safeArea(placement);
    for (let y = Math.floor(area.y + area.height / 2); y < area.y + area.height; y++) {
      for (let x = 0; x < placement.width; x++) {
        const i = (y * placement.width + x) * 4;
        if (data[i]! < 110 && data[i] === data[i + 2]) dark++;
        if (data[i] === 255 && data[i + 1] === 255) white++;
      }
    }
    expect(dark).toBeGreaterThan(1000); // the box: white × 0.4
    expect(white).toBeGreaterThan(1000);
    // The same frame, the same pixels.
    expect(Buffer.from(render(doc, 5, placement).data).equals(Buffer.from(data))).toBe(true);
  });

  it('leaves captions out when asked (a clean plate)', () => {
    const doc = story({}, [shot('a', null, 10, { caption: long })]);
    const canvas = createCanvas(192, 108);
    const ctx = canvas.getContext('2d');
    drawStoryFrame(ctx as unknown as Context2D, doc, {
      placement: WIDE,
      frame: 0,
      pictures: createStoryPictures({ createSurface: createCanvas, image: () => undefined }),
      captions: false,
    });
    expect(allBlack(ctx.getImageData(0, 0, 192, 108).data)).toBe(true);
  });
});

describe('outside the story', () => {
  const doc = story({ red: [160, 90, '#ff0000'] }, [shot('a', artboard('red'), 10, { caption: 'Hello' })]);

  it('is black past the end, before the start and in an empty storyboard, captions and all', () => {
    expect(render(doc, 9).at(96, 20)).toEqual(RED);
    expect(allBlack(render(doc, 10).data)).toBe(true);
    expect(allBlack(render(doc, 5000).data)).toBe(true);
    expect(allBlack(render(doc, -1).data)).toBe(true);
    expect(allBlack(render(story({}, []), 0).data)).toBe(true);
  });

  it('draws a shot without a picture black, and never outside its placement box', () => {
    expect(allBlack(render(story({}, [shot('a', null, 5)]), 0).data)).toBe(true);
    const canvas = createCanvas(300, 150);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 300, 150);
    ctx.translate(10, 20);
    const pictures = createStoryPictures({ createSurface: createCanvas, image: () => undefined });
    drawStoryFrame(ctx as unknown as Context2D, doc, { placement: WIDE, frame: 0, pictures });
    const at = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data);
    expect(at(5, 5)).toEqual([0, 255, 0, 255]);
    expect(at(250, 140)).toEqual([0, 255, 0, 255]);
    expect(at(100, 60)).toEqual(RED);
  });
});

describe('pictures', () => {
  it('draws each artboard once per scale and reuses it, and again for a changed document', () => {
    const doc = story({ red: [160, 90, '#ff0000'] }, [
      shot('a', artboard('red'), 10),
      shot('b', artboard('red'), 10),
    ]);
    let surfaces = 0;
    const pictures = createStoryPictures({
      createSurface: (w, h) => {
        surfaces++;
        return createCanvas(w, h);
      },
      image: () => undefined,
    });
    for (let f = 0; f < 20; f++) render(doc, f, WIDE, pictures);
    expect(surfaces).toBe(1);
    const changed = { ...doc };
    render(changed, 0, WIDE, pictures);
    render(changed, 1, WIDE, pictures);
    expect(surfaces).toBe(2);
    pictures.clear();
    render(changed, 2, WIDE, pictures);
    expect(surfaces).toBe(3);
  });

  it('shows an image asset by its decoded image, and an artboard with images once they have loaded', () => {
    const photo = createCanvas(40, 20);
    const pctx = photo.getContext('2d');
    pctx.fillStyle = '#0000ff';
    pctx.fillRect(0, 0, 40, 20);
    const asset: Asset = {
      id: 'asset:photo',
      kind: 'image',
      sha256: 'a'.repeat(64),
      mime: 'image/png',
      byteSize: 1,
      name: 'photo.png',
      width: 40,
      height: 20,
      durationSamples: null,
      sampleRate: null,
      provenance: { type: 'imported', fileName: 'photo.png' },
    };
    const doc = story({}, [shot('a', { kind: 'asset', assetId: 'asset:photo' }, 10)], [asset]);
    let loaded = false;
    const pictures = createStoryPictures({
      createSurface: createCanvas,
      image: (id) => (loaded && id === 'asset:photo' ? photo : undefined),
    });
    expect(allBlack(render(doc, 0, WIDE, pictures).data)).toBe(true); // still loading
    loaded = true;
    expect(render(doc, 0, WIDE, pictures).at(96, 54)).toEqual(BLUE);

    // An artboard showing the photo: drawn without it while it loads, not kept, drawn again.
    const board = story({ board: [160, 90, '#ffffff'] }, [shot('b', artboard('board'), 10)], [asset]);
    const image = { ...shapeLayer('layer:photo', 'canvas:board'), type: 'image', assetId: 'asset:photo' };
    const { shape: _s, fill: _f, stroke: _k, cornerRadius: _c, ...imageLayer } = image;
    board.layers['layer:photo'] = imageLayer as Layer; // 100 × 100 at the top left
    board.canvases['canvas:board']!.layerIds.push('layer:photo');
    loaded = false;
    expect(render(board, 0, WIDE, pictures).at(20, 20)).toEqual([255, 255, 255, 255]);
    loaded = true;
    expect(render(board, 1, WIDE, pictures).at(20, 20)).toEqual(BLUE);
  });
});

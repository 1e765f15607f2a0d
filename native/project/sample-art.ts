/**
 * The sample campaign's pictures, drawn from its recipe: SVG written here and rasterised by
 * sharp into PNG, so nothing binary is kept in git and the same recipe gives the same bytes.
 */
import sharp from 'sharp';
import type { SampleImageRecipe } from './sample-recipe';

/** A drawn picture, ready to store as an image asset. */
export interface SampleImage {
  png: Uint8Array;
  width: number;
  height: number;
}

/** mulberry32: a small seeded generator, 0 ≤ x < 1. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Numbers in SVG with two decimals: short, and the same text on every machine. */
const n = (v: number) => String(Math.round(v * 100) / 100);

function svg(size: number, viewBox: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${viewBox} ${viewBox}">${body}</svg>`;
}

function beanPattern(r: Extract<SampleImageRecipe, { kind: 'bean-pattern' }>): string {
  const next = random(r.seed);
  const cell = r.size / r.columns;
  let body = '';
  for (let row = 0; row < r.columns; row++) {
    for (let col = 0; col < r.columns; col++) {
      const x = (col + 0.5 + (next() - 0.5) * 0.5) * cell;
      const y = (row + 0.5 + (next() - 0.5) * 0.5) * cell;
      const rx = cell * 0.27 * (0.85 + next() * 0.3);
      const ry = rx * 0.68;
      const angle = next() * 360;
      body +=
        `<g transform="translate(${n(x)} ${n(y)}) rotate(${n(angle)})">` +
        `<ellipse rx="${n(rx)}" ry="${n(ry)}" fill="${r.bean}"/>` +
        `<ellipse cx="${n(-rx * 0.25)}" cy="${n(-ry * 0.35)}" rx="${n(rx * 0.45)}" ry="${n(ry * 0.28)}" fill="#ffffff" fill-opacity="0.12"/>` +
        `<path d="M${n(-rx * 0.8)} 0 C${n(-rx * 0.3)} ${n(-ry * 0.5)} ${n(rx * 0.3)} ${n(ry * 0.5)} ${n(rx * 0.8)} 0" ` +
        `fill="none" stroke="${r.crease}" stroke-width="${n(rx * 0.12)}" stroke-linecap="round"/></g>`;
    }
  }
  return svg(r.size, r.size, body);
}

/** Drawn on a 100 × 100 grid, scaled to the recipe's size. */
function cup(r: Extract<SampleImageRecipe, { kind: 'cup' }>): string {
  const next = random(r.seed);
  const steam = [42, 50, 58]
    .map((x, i) => {
      const sway = 3 + next() * 2;
      const top = 12 + i * 2 + next() * 4;
      const dir = i % 2 === 0 ? 1 : -1;
      const mid = (40 + top) / 2;
      return (
        `<path d="M${x} 41 C${n(x + sway * dir)} ${n(mid + 8)} ${n(x - sway * dir)} ${n(mid - 2)} ${n(x)} ${n(top)}" ` +
        `fill="none" stroke="${r.steam}" stroke-width="2.2" stroke-linecap="round" stroke-opacity="0.55"/>`
      );
    })
    .join('');
  const body =
    `<ellipse cx="50" cy="81" rx="42" ry="9" fill="${r.shade}"/>` +
    `<ellipse cx="50" cy="80" rx="31" ry="6" fill="${r.cup}"/>` +
    `<path d="M74 55 C89 53 89 71 69 72" fill="none" stroke="${r.cup}" stroke-width="4.5" stroke-linecap="round"/>` +
    `<path d="M24 50 L76 50 C76 66 68 79 58 79 L42 79 C32 79 24 66 24 50 Z" fill="${r.cup}"/>` +
    `<path d="M66 50 L76 50 C76 66 68 79 58 79 L54 79 C62 76 68 66 66 50 Z" fill="${r.shade}"/>` +
    `<ellipse cx="50" cy="50" rx="26" ry="6" fill="${r.shade}"/>` +
    `<ellipse cx="50" cy="50.6" rx="23.5" ry="4.8" fill="${r.coffee}"/>` +
    `<ellipse cx="50" cy="50.8" rx="12" ry="2.4" fill="${r.crema}" fill-opacity="0.85"/>` +
    steam;
  return svg(r.size, 100, body);
}

/**
 * Draws one picture of the recipe.
 *
 * @example
 * const { png } = await drawSampleImage({ kind: 'cup', name: 'Cup.png', size: 400, seed: 1, … });
 */
export async function drawSampleImage(recipe: SampleImageRecipe): Promise<SampleImage> {
  const source = recipe.kind === 'bean-pattern' ? beanPattern(recipe) : cup(recipe);
  const png = await sharp(Buffer.from(source)).png({ compressionLevel: 9 }).toBuffer();
  return {
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width: recipe.size,
    height: recipe.size,
  };
}

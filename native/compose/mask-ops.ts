/**
 * The pixel engine for the generative-fill mask the user paints on an artboard: brush strokes,
 * lasso and rectangle selections, grow/shrink, feather, and the measurements the Generate panel
 * shows. Plain typed arrays, no DOM, so the renderer paints with it and the engine reads it.
 *
 * Coordinates are artboard pixels with Canvas 2D's convention: pixel (i, j) covers the square
 * [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5). Coverage is always sampled at pixel
 * centres. Anything outside the mask is clipped, never an error.
 *
 * Functions that edit a mask in place return the dirty {@link Rect}: the smallest box holding every
 * pixel they changed (or the whole mask where noted), or null when nothing changed, so a caller
 * can repaint only that area. {@link expandMask} and {@link featherMask} return a new mask.
 */

/**
 * A mask the size of an artboard: one byte per pixel, row by row, 0 = keep, 255 = fill (values
 * between are partial, from soft brushes and feathering).
 *
 * @example
 * const mask = createMask(1080, 1920);
 * const dirty = stampLine(mask, { x: 540, y: 960 }, { x: 600, y: 980 }, { size: 80, hardness: 0.5, mode: 'paint' });
 * if (dirty) repaint(dirty);
 */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** An integer pixel box: columns x … x+width-1 and rows y … y+height-1. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export type BrushMode = 'paint' | 'erase';
export type SelectionMode = 'add' | 'subtract' | 'replace';

export interface BrushOptions {
  /** Diameter in pixels. 0 paints nothing. */
  size: number;
  /** 1 = hard edge anti-aliased over about a pixel; 0 = smooth falloff from the centre to the rim. */
  hardness: number;
  /** 'paint' raises pixels to the brush's coverage; 'erase' lowers them by it. */
  mode: BrushMode;
}

const FULL = 255;
/** Pixels at or above this count as inside when a mask is treated as a plain selection. */
const INSIDE = 128;

export function createMask(width: number, height: number): Mask {
  requireDimension('createMask', 'width', width);
  requireDimension('createMask', 'height', height);
  return { width, height, data: new Uint8Array(width * height) };
}

export function cloneMask(mask: Mask): Mask {
  requireMask('cloneMask', mask);
  return { width: mask.width, height: mask.height, data: mask.data.slice() };
}

/**
 * Paints or erases one segment of a brush stroke: a round brush swept from `from` to `to`, round
 * at both ends. Start a stroke with `stampLine(mask, p, p, brush)` and continue it segment by
 * segment. Each pixel's coverage is the brush's falloff at its distance from the segment, so there
 * are no dabs and no spacing to tune, and since paint takes max(existing, coverage) and erase takes
 * min(existing, 255 − coverage), going over the same spot again in one stroke never builds up.
 *
 * @example
 * let last = pointer;
 * stampLine(mask, last, last, brush);
 * // on every pointer move:
 * const dirty = stampLine(mask, last, pointer, brush);
 * last = pointer;
 */
export function stampLine(mask: Mask, from: Point, to: Point, brush: BrushOptions): Rect | null {
  requireMask('stampLine', mask);
  requirePoint('stampLine', 'from', from);
  requirePoint('stampLine', 'to', to);
  const { size, hardness, mode } = brush;
  requireNonNegative('stampLine', 'brush.size', size);
  if (typeof hardness !== 'number' || !(hardness >= 0 && hardness <= 1)) {
    throw new Error(`stampLine: brush.hardness must be a number from 0 to 1, got ${String(hardness)}`);
  }
  requireOneOf('stampLine', 'brush.mode', mode, ['paint', 'erase']);
  const radius = size / 2;
  if (radius === 0) return null;

  // Full coverage out to `inner`, none from `outer`, a smoothstep between. Hardness 1 leaves a
  // one-pixel band around the rim (anti-aliasing); hardness 0 falls off all the way from the centre.
  const inner = Math.max(0, hardness * (radius - 0.5));
  const outer = radius + 0.5 * hardness;
  const band = outer - inner;
  const inner2 = inner * inner;
  const outer2 = outer * outer;

  const { width, height, data } = mask;
  const ax = from.x;
  const ay = from.y;
  const dx = to.x - ax;
  const dy = to.y - ay;
  const length2 = dx * dx + dy * dy;
  const erase = mode === 'erase';
  const rowFirst = Math.max(0, Math.ceil(Math.min(ay, to.y) - outer - 0.5));
  const rowLast = Math.min(height - 1, Math.floor(Math.max(ay, to.y) + outer - 0.5));
  const box = new DirtyBox(width, height);

  for (let j = rowFirst; j <= rowLast; j++) {
    const cy = j + 0.5;
    // Only the part of the segment within `outer` of this row can reach it; scanning that part's
    // x-extent widened by `outer` keeps long diagonal strokes from visiting their whole bounding box.
    let t0 = 0;
    let t1 = 1;
    if (dy !== 0) {
      const ta = (cy - outer - ay) / dy;
      const tb = (cy + outer - ay) / dy;
      t0 = Math.max(0, Math.min(ta, tb));
      t1 = Math.min(1, Math.max(ta, tb));
      if (t0 > t1) continue;
    }
    const xa = ax + dx * t0;
    const xb = ax + dx * t1;
    const colFirst = Math.max(0, Math.ceil(Math.min(xa, xb) - outer - 0.5));
    const colLast = Math.min(width - 1, Math.floor(Math.max(xa, xb) + outer - 0.5));
    const qy = cy - ay;
    const row = j * width;
    for (let i = colFirst; i <= colLast; i++) {
      const qx = i + 0.5 - ax;
      let t = length2 > 0 ? (qx * dx + qy * dy) / length2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = qx - t * dx;
      const ey = qy - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 >= outer2) continue;
      let value = FULL;
      if (d2 > inner2) {
        const u = (Math.sqrt(d2) - inner) / band;
        value = Math.round(FULL * (1 - u * u * (3 - 2 * u)));
        if (value === 0) continue;
      }
      const k = row + i;
      const old = data[k]!;
      const next = erase ? Math.min(old, FULL - value) : Math.max(old, value);
      if (next === old) continue;
      data[k] = next;
      box.add(i, j);
    }
  }
  return box.rect();
}

/**
 * Fills a lasso or other polygon (nonzero winding; a pixel is inside when its centre is), and
 * returns the box of changed pixels. 'add' sets the inside to 255, 'subtract' to 0, 'replace'
 * clears the mask first and reports the whole mask as dirty. Fewer than three points enclose nothing.
 *
 * @example
 * fillPolygon(mask, lassoPoints, event.altKey ? 'subtract' : event.shiftKey ? 'add' : 'replace');
 */
export function fillPolygon(mask: Mask, points: readonly Point[], mode: SelectionMode): Rect | null {
  requireMask('fillPolygon', mask);
  if (!Array.isArray(points)) throw new Error('fillPolygon: points must be an array of {x, y}');
  points.forEach((p, index) => requirePoint('fillPolygon', `points[${index}]`, p));
  requireOneOf('fillPolygon', 'mode', mode, ['add', 'subtract', 'replace']);
  const { width, height, data } = mask;
  if (mode === 'replace') data.fill(0);
  const value = mode === 'subtract' ? 0 : FULL;
  const box = new DirtyBox(width, height);
  const n = points.length;

  if (n >= 3) {
    let minY = Infinity;
    let maxY = -Infinity;
    for (const p of points) {
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
    const rowFirst = Math.max(0, Math.ceil(minY - 0.5));
    const rowLast = Math.min(height - 1, Math.floor(maxY - 0.5));
    const xs: number[] = [];
    const winds: number[] = [];
    for (let j = rowFirst; j <= rowLast; j++) {
      const cy = j + 0.5;
      xs.length = 0;
      winds.length = 0;
      for (let e = 0; e < n; e++) {
        const p = points[e]!;
        const q = points[(e + 1) % n]!;
        // Half-open in y, so a vertex on the scanline is counted once.
        const wind = p.y <= cy && q.y > cy ? 1 : q.y <= cy && p.y > cy ? -1 : 0;
        if (wind === 0) continue;
        const x = p.x + ((cy - p.y) * (q.x - p.x)) / (q.y - p.y);
        // Insertion sort: a scanline crosses few edges.
        let at = xs.length;
        xs.push(x);
        winds.push(wind);
        while (at > 0 && xs[at - 1]! > x) {
          xs[at] = xs[at - 1]!;
          winds[at] = winds[at - 1]!;
          at--;
        }
        xs[at] = x;
        winds[at] = wind;
      }
      let winding = 0;
      let start = 0;
      for (let c = 0; c < xs.length; c++) {
        const before = winding;
        winding += winds[c]!;
        if (before === 0 && winding !== 0) start = xs[c]!;
        else if (before !== 0 && winding === 0) {
          // Pixels whose centres lie in [start, end).
          const colFirst = Math.max(0, Math.ceil(start - 0.5));
          const colLast = Math.min(width - 1, Math.ceil(xs[c]! - 0.5) - 1);
          const row = j * width;
          for (let i = colFirst; i <= colLast; i++) {
            if (data[row + i] === value) continue;
            data[row + i] = value;
            box.add(i, j);
          }
        }
      }
    }
  }
  return mode === 'replace' ? wholeRect(mask) : box.rect();
}

/** A rectangle selection: {@link fillPolygon} with the rectangle's corners. */
export function fillRect(mask: Mask, rect: Rect, mode: SelectionMode): Rect | null {
  requireMask('fillRect', mask);
  if (typeof rect !== 'object' || rect === null)
    throw new Error('fillRect: rect must be {x, y, width, height}');
  requirePoint('fillRect', 'rect', rect);
  requireNonNegative('fillRect', 'rect.width', rect.width);
  requireNonNegative('fillRect', 'rect.height', rect.height);
  const { x, y } = rect;
  const right = x + rect.width;
  const bottom = y + rect.height;
  const corners = [
    { x, y },
    { x: right, y },
    { x: right, y: bottom },
    { x, y: bottom },
  ];
  return fillPolygon(mask, corners, mode);
}

/** Swaps keep and fill in place; the whole mask is dirty (null for an empty 0×0 mask). */
export function invertMask(mask: Mask): Rect | null {
  requireMask('invertMask', mask);
  const { data } = mask;
  for (let k = 0; k < data.length; k++) data[k] = FULL - data[k]!;
  return wholeRect(mask);
}

/** Clears the mask in place; the whole mask is dirty (null for an empty 0×0 mask). */
export function clearMask(mask: Mask): Rect | null {
  requireMask('clearMask', mask);
  mask.data.fill(0);
  return wholeRect(mask);
}

/**
 * Grows (`radius` > 0) or shrinks (`radius` < 0) the selection by a round brush of that radius,
 * returning a new mask; the input is left alone. The mask is taken as a plain selection (pixels
 * ≥ 128 are inside) and the result is inside/outside with a one-pixel anti-aliased rim, so soft
 * edges are lost; feather afterwards to get them back. Shrinking does not pull the selection away
 * from the artboard's edges: a mask painted up to the edge still reaches it. Exact Euclidean
 * distance, linear in the pixel count whatever the radius.
 *
 * @example
 * const grown = featherMask(expandMask(mask, 12), 8);
 */
export function expandMask(mask: Mask, radius: number): Mask {
  requireMask('expandMask', mask);
  requireFinite('expandMask', 'radius', radius);
  if (radius === 0) return cloneMask(mask);
  const { width, height, data } = mask;
  const grow = radius > 0;
  const r = Math.abs(radius);
  // Distances beyond r + 1 all give the same answer, so cap them: with every non-source pixel
  // starting at `cap`, the transform yields min(true distance², cap) and the numbers stay small.
  const cap = (r + 2) * (r + 2);
  const grid = new Float32Array(width * height);
  for (let k = 0; k < grid.length; k++) {
    const inside = data[k]! >= INSIDE;
    grid[k] = inside === grow ? 0 : cap;
  }
  squaredDistanceTransform(grid, width, height);

  const out = createMask(width, height);
  const result = out.data;
  for (let k = 0; k < grid.length; k++) {
    const d = Math.sqrt(grid[k]!);
    // Growing: the rim sits half a pixel beyond the nearest inside pixel's centre, pushed out by r.
    // Shrinking: half a pixel before the nearest outside pixel's centre, pulled in by r.
    const coverage = grow ? r + 1 - d : d - r;
    result[k] = coverage >= 1 ? FULL : coverage <= 0 ? 0 : Math.round(FULL * coverage);
  }
  return out;
}

/**
 * Softens the mask's edges with a blur close to a Gaussian of standard deviation `radius` / 2, so
 * an edge fades over about `radius` pixels each side. Returns a new mask; the input is left alone.
 * Three box blurs each way, linear in the pixel count whatever the radius; beyond the artboard the
 * edge pixels repeat, so a mask that reaches the edge stays solid there.
 */
export function featherMask(mask: Mask, radius: number): Mask {
  requireMask('featherMask', mask);
  requireNonNegative('featherMask', 'radius', radius);
  const { width, height, data } = mask;
  const boxes = boxRadiiForGaussian(radius / 2);
  if (width === 0 || height === 0 || boxes.every((b) => b === 0)) return cloneMask(mask);
  const source = Float32Array.from(data);
  const target = new Float32Array(data.length);
  for (const b of boxes) {
    if (b === 0) continue;
    boxBlurRows(source, target, width, height, b);
    boxBlurColumns(target, source, width, height, b);
  }
  const out = createMask(width, height);
  for (let k = 0; k < source.length; k++) {
    const v = Math.round(source[k]!);
    out.data[k] = v < 0 ? 0 : v > FULL ? FULL : v;
  }
  return out;
}

/** The box around every pixel ≥ `threshold`, or null when there are none. */
export function maskBounds(mask: Mask, threshold = 1): Rect | null {
  requireMask('maskBounds', mask);
  requireFinite('maskBounds', 'threshold', threshold);
  const { width, height, data } = mask;
  const box = new DirtyBox(width, height);
  for (let j = 0; j < height; j++) {
    const row = j * width;
    let first = -1;
    let last = -1;
    for (let i = 0; i < width; i++) {
      if (data[row + i]! >= threshold) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first >= 0) {
      box.add(first, j);
      box.add(last, j);
    }
  }
  return box.rect();
}

/** How many pixels are ≥ `threshold` (by default, the pixels a plain selection would hold). */
export function maskArea(mask: Mask, threshold = INSIDE): number {
  requireMask('maskArea', mask);
  requireFinite('maskArea', 'threshold', threshold);
  let area = 0;
  for (const v of mask.data) if (v >= threshold) area++;
  return area;
}

/** True when no pixel is marked at all, not even faintly. */
export function isEmpty(mask: Mask): boolean {
  requireMask('isEmpty', mask);
  for (const v of mask.data) if (v !== 0) return false;
  return true;
}

/** Grows to hold the pixels added to it; clamps to the mask. */
class DirtyBox {
  private minX: number;
  private minY: number;
  private maxX = -1;
  private maxY = -1;

  constructor(width: number, height: number) {
    this.minX = width;
    this.minY = height;
  }

  add(x: number, y: number): void {
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  rect(): Rect | null {
    if (this.maxX < this.minX) return null;
    return {
      x: this.minX,
      y: this.minY,
      width: this.maxX - this.minX + 1,
      height: this.maxY - this.minY + 1,
    };
  }
}

function wholeRect(mask: Mask): Rect | null {
  return mask.width > 0 && mask.height > 0 ? { x: 0, y: 0, width: mask.width, height: mask.height } : null;
}

/**
 * In place: each cell becomes min over all cells c of (distance to c)² + grid[c]. With sources at 0
 * this is the squared Euclidean distance to the nearest source. Felzenszwalb & Huttenlocher's lower
 * envelope of parabolas, once down every column and once along every row.
 */
function squaredDistanceTransform(grid: Float32Array, width: number, height: number): void {
  const longest = Math.max(width, height);
  const f = new Float64Array(longest);
  const d = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < height; j++) f[j] = grid[j * width + i]!;
    lowerEnvelope(f, d, v, z, height);
    for (let j = 0; j < height; j++) grid[j * width + i] = d[j]!;
  }
  for (let j = 0; j < height; j++) {
    const row = j * width;
    for (let i = 0; i < width; i++) f[i] = grid[row + i]!;
    lowerEnvelope(f, d, v, z, width);
    for (let i = 0; i < width; i++) grid[row + i] = d[i]!;
  }
}

function lowerEnvelope(f: Float64Array, d: Float64Array, v: Int32Array, z: Float64Array, n: number): void {
  if (n === 0) return;
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const fq = f[q]! + q * q;
    let p = v[k]!;
    let s = (fq - (f[p]! + p * p)) / (2 * (q - p));
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (fq - (f[p]! + p * p)) / (2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Radii of three box blurs that, applied one after another, approximate a Gaussian of deviation
 * `sigma`: box widths chosen so the variances, (w² − 1) / 12 each, add up to sigma².
 */
function boxRadiiForGaussian(sigma: number): number[] {
  const passes = 3;
  const ideal = Math.sqrt((12 * sigma * sigma) / passes + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const upper = lower + 2;
  const lowerCount = Math.round(
    (12 * sigma * sigma - passes * lower * lower - 4 * passes * lower - 3 * passes) / (-4 * lower - 4),
  );
  return Array.from({ length: passes }, (_, i) => ((i < lowerCount ? lower : upper) - 1) / 2);
}

function boxBlurRows(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const scale = 1 / (2 * r + 1);
  const last = width - 1;
  for (let j = 0; j < height; j++) {
    const row = j * width;
    let sum = src[row]! * (r + 1);
    for (let i = 1; i <= r; i++) sum += src[row + Math.min(i, last)]!;
    for (let i = 0; i < width; i++) {
      dst[row + i] = sum * scale;
      sum += src[row + Math.min(i + r + 1, last)]! - src[row + Math.max(i - r, 0)]!;
    }
  }
}

/** Row by row with a running sum per column, so memory is read in order. */
function boxBlurColumns(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
  r: number,
): void {
  const scale = 1 / (2 * r + 1);
  const last = height - 1;
  const sums = new Float64Array(width);
  for (let i = 0; i < width; i++) {
    let sum = src[i]! * (r + 1);
    for (let j = 1; j <= r; j++) sum += src[Math.min(j, last) * width + i]!;
    sums[i] = sum;
  }
  for (let j = 0; j < height; j++) {
    const row = j * width;
    const add = Math.min(j + r + 1, last) * width;
    const sub = Math.max(j - r, 0) * width;
    for (let i = 0; i < width; i++) {
      dst[row + i] = sums[i]! * scale;
      sums[i] = sums[i]! + src[add + i]! - src[sub + i]!;
    }
  }
}

function requireMask(fn: string, mask: Mask): void {
  const ok =
    typeof mask === 'object' &&
    mask !== null &&
    mask.data instanceof Uint8Array &&
    Number.isInteger(mask.width) &&
    Number.isInteger(mask.height) &&
    mask.width >= 0 &&
    mask.height >= 0 &&
    mask.data.length === mask.width * mask.height;
  if (!ok) throw new Error(`${fn}: mask must be {width, height, data: Uint8Array of width × height}`);
}

function requireDimension(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${fn}: ${name} must be a whole number ≥ 0, got ${String(value)}`);
  }
}

function requireFinite(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${fn}: ${name} must be a finite number, got ${String(value)}`);
  }
}

function requireNonNegative(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${fn}: ${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
}

function requirePoint(fn: string, name: string, point: Point): void {
  if (typeof point !== 'object' || point === null) throw new Error(`${fn}: ${name} must be {x, y}`);
  requireFinite(fn, `${name}.x`, point.x);
  requireFinite(fn, `${name}.y`, point.y);
}

function requireOneOf<T extends string>(fn: string, name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new Error(`${fn}: ${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  }
}

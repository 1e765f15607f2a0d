/**
 * Feeding the diffusion components in the element types their export declares. Exports differ
 * (fp32 or fp16 weights, `input_ids` as int32 or int64, `timestep` as float, half or int64), so
 * every feed is built from the session's input metadata, and every float output is read back as
 * float32 whatever its type.
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { StudioError } from '../../api/errors';

/** The element types a diffusion component may take or return. */
export type FeedType = 'float32' | 'float16' | 'float64' | 'int32' | 'int64';

const FEED_TYPES: readonly string[] = ['float32', 'float16', 'float64', 'int32', 'int64'];

/**
 * One input as the session declares it: its element type and shape (numbers for fixed axes,
 * names or -1 for dynamic ones; empty for a scalar).
 */
export interface InputInfo {
  name: string;
  type: FeedType;
  shape: readonly (number | string)[];
}

/** A component's inputs and outputs by name, with onnxruntime's metadata. */
export interface ComponentMetadata {
  readonly inputMetadata: readonly InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly InferenceSession.ValueMetadata[];
}

/**
 * The input called `name` with a type the pipeline can feed; a clear error naming the component
 * otherwise. `orOnly`: a component with a single input (the VAE halves, the text encoder) may name
 * it differently, and that input is used.
 *
 * @example
 * const timestep = inputInfo(unet, 'unet', 'timestep'); // { name: 'timestep', type: 'int64', shape: [1] }
 */
export function inputInfo(
  meta: ComponentMetadata,
  component: string,
  name: string,
  options: { orOnly?: boolean } = {},
): InputInfo {
  let value = meta.inputMetadata.find((v) => v.name === name);
  if (value === undefined && options.orOnly && meta.inputMetadata.length === 1) value = meta.inputMetadata[0];
  if (value === undefined) {
    const names = meta.inputMetadata.map((v) => `"${v.name}"`).join(', ') || 'none';
    throw new StudioError(
      'invalid_argument',
      `the ${component} model has no input "${name}" (its inputs are ${names})`,
    );
  }
  if (!value.isTensor || !FEED_TYPES.includes(value.type)) {
    const found = value.isTensor ? value.type : 'a value that is not a tensor';
    throw new StudioError(
      'invalid_argument',
      `input "${value.name}" of the ${component} model is ${found}; expected one of ${FEED_TYPES.join(', ')}`,
    );
  }
  return { name: value.name, type: value.type as FeedType, shape: value.shape };
}

/**
 * The first of `names` among the component's outputs (exports name them differently), or a clear
 * error listing what it has.
 */
export function outputName(meta: ComponentMetadata, component: string, names: readonly string[]): string {
  for (const name of names) if (meta.outputMetadata.some((v) => v.name === name)) return name;
  const found = meta.outputMetadata.map((v) => `"${v.name}"`).join(', ') || 'none';
  throw new StudioError(
    'invalid_argument',
    `the ${component} model has no output ${names.map((n) => `"${n}"`).join(' or ')} (its outputs are ${found})`,
  );
}

/** The fixed size of axis `axis`, or null when the export leaves it dynamic. */
export function fixedDim(info: { shape: readonly (number | string)[] }, axis: number): number | null {
  const dim = info.shape[axis];
  return typeof dim === 'number' && dim >= 0 ? dim : null;
}

/**
 * An onnxruntime tensor of the input's element type from float32 (or plain number) values:
 * float16 is converted bit by bit, integers are rounded.
 */
export function feed(
  info: InputInfo,
  values: Float32Array | readonly number[],
  dims: readonly number[],
): Tensor {
  const n = values.length;
  switch (info.type) {
    case 'float32':
      return new Tensor('float32', values instanceof Float32Array ? values : Float32Array.from(values), dims);
    case 'float64':
      return new Tensor('float64', Float64Array.from(values), dims);
    case 'float16': {
      const half = new Uint16Array(n);
      for (let i = 0; i < n; i++) half[i] = toHalf(values[i]!);
      return new Tensor('float16', half, dims);
    }
    case 'int32': {
      const ints = new Int32Array(n);
      for (let i = 0; i < n; i++) ints[i] = Math.round(values[i]!);
      return new Tensor('int32', ints, dims);
    }
    case 'int64': {
      const ints = new BigInt64Array(n);
      for (let i = 0; i < n; i++) ints[i] = BigInt(Math.round(values[i]!));
      return new Tensor('int64', ints, dims);
    }
  }
}

/** A float output as float32 values (float16 and float64 converted); an error for other types. */
export function readFloats(tensor: Tensor, component: string, name: string): Float32Array {
  switch (tensor.type) {
    case 'float32':
      return tensor.data as Float32Array;
    case 'float64':
      return Float32Array.from(tensor.data as Float64Array);
    case 'float16': {
      const half = tensor.data as Uint16Array;
      const out = new Float32Array(half.length);
      for (let i = 0; i < half.length; i++) out[i] = fromHalf(half[i]!);
      return out;
    }
    default:
      throw new StudioError(
        'job_failed',
        `output "${name}" of the ${component} model is ${tensor.type}; expected floating-point values`,
      );
  }
}

const scratch = new Float32Array(1);
const bits = new Uint32Array(scratch.buffer);

/**
 * IEEE 754 half-precision bits of `value`, rounded to nearest even; overflow becomes ±infinity,
 * tiny values become subnormals or ±0.
 *
 * @example
 * toHalf(1); // 0x3c00
 * toHalf(-2); // 0xc000
 */
export function toHalf(value: number): number {
  scratch[0] = value;
  const x = bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) !== 0)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) !== 0)) half += 1; // may carry into the exponent: still right
  return sign | half;
}

/**
 * The number whose half-precision bits are `half`.
 *
 * @example
 * fromHalf(0x3c00); // 1
 */
export function fromHalf(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

import { INPAINT_FAMILIES as FAMILIES, type InpaintFamily as Family } from '../api/models';
import type { InferenceSession } from 'onnxruntime-node';
import { StudioError } from '../api/errors';

/**
 * The learned inpainting families Atelier can run (MODELS.md, "Inpainting"). Each has one fixed
 * input/output signature; a model file is checked against it before use.
 */
export type InpaintFamily = Family;

export const INPAINT_FAMILIES: readonly InpaintFamily[] = FAMILIES;

/** The element types the inpainting families exchange with their models. */
export type ElementType = 'float32' | 'uint8';

/**
 * A tensor as the adapters build and read it, without onnxruntime's class, so pre- and
 * post-processing are plain functions; native/inference/sessions.ts converts at the boundary.
 *
 * @example
 * const mask: TensorData = { type: 'uint8', data: new Uint8Array(w * h), dims: [1, 1, h, w] };
 */
export type TensorData =
  | { type: 'float32'; data: Float32Array; dims: readonly number[] }
  | { type: 'uint8'; data: Uint8Array; dims: readonly number[] };

/** Named tensors: what a model is fed, or what it returns. */
export type Tensors = Record<string, TensorData>;

/**
 * One input or output of a family. A number in `shape` is a fixed size (a model may also leave
 * it symbolic, since it will be fed exactly that size); a string is a dynamic axis, which the
 * model must leave symbolic.
 */
export interface TensorSpec {
  name: string;
  type: ElementType;
  shape: readonly (number | string)[];
  /** What the values mean, for messages and the models panel. */
  meaning: string;
}

export interface FamilySignature {
  family: InpaintFamily;
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
  /** Constraint on dynamic sizes, if any (e.g. multiples of 32). */
  multipleOf?: number;
}

export const SIGNATURES: Readonly<Record<InpaintFamily, FamilySignature>> = {
  'lama-512': {
    family: 'lama-512',
    inputs: [
      { name: 'image', type: 'float32', shape: [1, 3, 512, 512], meaning: 'RGB 0..1' },
      { name: 'mask', type: 'float32', shape: [1, 1, 512, 512], meaning: '1 = hole, 0 = keep' },
    ],
    outputs: [{ name: 'output', type: 'float32', shape: [1, 3, 512, 512], meaning: 'RGB 0..255' }],
  },
  'lama-4ch': {
    family: 'lama-4ch',
    inputs: [
      {
        name: 'input',
        type: 'float32',
        shape: [1, 4, 'H', 'W'],
        meaning: 'masked RGB 0..1, then the mask (1 = hole)',
      },
    ],
    outputs: [{ name: 'output', type: 'float32', shape: [1, 3, 'H', 'W'], meaning: 'RGB 0..1' }],
    multipleOf: 32,
  },
  migan: {
    family: 'migan',
    inputs: [
      { name: 'image', type: 'uint8', shape: [1, 3, 'H', 'W'], meaning: 'RGB 0..255' },
      { name: 'mask', type: 'uint8', shape: [1, 1, 'H', 'W'], meaning: '255 = keep, 0 = hole' },
    ],
    outputs: [
      { name: 'result', type: 'uint8', shape: [1, 3, 'H', 'W'], meaning: 'RGB 0..255, already blended' },
    ],
  },
};

/**
 * What the signature check reads: an `InferenceSession` is one, so is a plain object in a test.
 *
 * @example
 * const session = await InferenceSession.create(path);
 * checkSignature('migan', session, path);
 */
export interface ModelMetadata {
  readonly inputMetadata: readonly InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly InferenceSession.ValueMetadata[];
}

/**
 * Every way the model differs from the family's signature, one sentence each naming the input
 * or output (e.g. `input "mask": expected uint8, found float32`); empty when it matches.
 * Extra outputs are allowed (they are simply not read); extra inputs are not, since nothing would
 * feed them. A shape the model leaves undeclared (empty) is not checked.
 */
export function signatureProblems(family: InpaintFamily, meta: ModelMetadata): string[] {
  const signature = SIGNATURES[family];
  const problems: string[] = [];
  compareSide('input', signature.inputs, meta.inputMetadata, problems);
  compareSide('output', signature.outputs, meta.outputMetadata, problems);
  const expected = new Set(signature.inputs.map((spec) => spec.name));
  for (const value of meta.inputMetadata) {
    if (!expected.has(value.name)) {
      problems.push(`the model has an input "${value.name}" that ${family} models do not have`);
    }
  }
  return problems;
}

/**
 * Throws a StudioError ('invalid_argument') naming every input or output that differs from the
 * family's signature; `label` (usually the model file) starts the message.
 *
 * @example
 * checkSignature('migan', session, 'migan_pipeline_v2.onnx');
 * // Error: migan_pipeline_v2.onnx does not match the migan signature: input "mask": expected uint8, found float32
 */
export function checkSignature(family: InpaintFamily, meta: ModelMetadata, label = 'the model'): void {
  const problems = signatureProblems(family, meta);
  if (problems.length > 0) {
    throw new StudioError(
      'invalid_argument',
      `${label} does not match the ${family} signature: ${problems.join('; ')}`,
    );
  }
}

/**
 * The family whose signature the model matches. When none does, the StudioError lists what the
 * model has and what each family expects, so the user can see which export they hold.
 */
export function recogniseFamily(meta: ModelMetadata, label = 'the model'): InpaintFamily {
  const matches = INPAINT_FAMILIES.filter((family) => signatureProblems(family, meta).length === 0);
  // The signatures are disjoint by input names and types, so at most one can match.
  if (matches[0] !== undefined) return matches[0];
  const expected = INPAINT_FAMILIES.map((family) => `${family} (${describeSignature(SIGNATURES[family])})`);
  throw new StudioError(
    'invalid_argument',
    `${label} is not a known inpainting model: it has ${describeMetadata(meta)}; ` +
      `expected one of ${expected.join(', ')}`,
  );
}

/** `inputs image: float32 [1,3,512,512], mask: …; outputs output: float32 […]`. */
export function describeMetadata(meta: ModelMetadata): string {
  const side = (values: readonly InferenceSession.ValueMetadata[]): string =>
    values.length === 0 ? 'none' : values.map(describeValue).join(', ');
  return `inputs ${side(meta.inputMetadata)}; outputs ${side(meta.outputMetadata)}`;
}

export function describeSignature(signature: FamilySignature): string {
  const side = (specs: readonly TensorSpec[]): string =>
    specs.map((spec) => `${spec.name}: ${spec.type} [${spec.shape.join(',')}]`).join(', ');
  return `inputs ${side(signature.inputs)}; outputs ${side(signature.outputs)}`;
}

function describeValue(value: InferenceSession.ValueMetadata): string {
  if (!value.isTensor) return `${value.name}: not a tensor`;
  return `${value.name}: ${value.type} [${value.shape.join(',')}]`;
}

function compareSide(
  side: 'input' | 'output',
  specs: readonly TensorSpec[],
  values: readonly InferenceSession.ValueMetadata[],
  problems: string[],
): void {
  for (const spec of specs) {
    const value = values.find((v) => v.name === spec.name);
    const where = `${side} "${spec.name}"`;
    if (value === undefined) {
      const names = values.map((v) => `"${v.name}"`).join(', ') || 'none';
      problems.push(`${where} is missing (the model's ${side}s are ${names})`);
      continue;
    }
    if (!value.isTensor) {
      problems.push(`${where}: expected a ${spec.type} tensor, found a value that is not a tensor`);
      continue;
    }
    if (value.type !== spec.type) problems.push(`${where}: expected ${spec.type}, found ${value.type}`);
    const shape = value.shape;
    if (shape.length === 0) continue;
    if (shape.length !== spec.shape.length) {
      problems.push(
        `${where}: expected rank ${spec.shape.length} [${spec.shape.join(',')}], ` +
          `found rank ${shape.length} [${shape.join(',')}]`,
      );
      continue;
    }
    spec.shape.forEach((want, axis) => {
      const found = shape[axis];
      const dynamic = typeof found === 'string' || (typeof found === 'number' && found < 0);
      if (typeof want === 'number') {
        if (!dynamic && found !== want) {
          problems.push(`${where}: dimension ${axis} expected ${want}, found ${String(found)}`);
        }
      } else if (!dynamic) {
        problems.push(
          `${where}: dimension ${axis} expected a dynamic size (${want}), found the fixed size ${String(found)}`,
        );
      }
    });
  }
}

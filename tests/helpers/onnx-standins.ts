/**
 * Stand-in ONNX models for the inpainting families (MODELS.md): the exact input and output names,
 * element types and ranks of the real exports, symbolic where the real model is dynamic, computing
 * something a test can check — the hole becomes {@link HOLE_VALUE}, everything else comes back as
 * it went in. Every input feeds the output. Built with onnx-proto, so no weights are downloaded.
 *
 * The names, types and shapes here are written out by hand from MODELS.md on purpose, not read
 * from native/inference/signatures.ts, so the tests compare two independent copies.
 *
 * @example
 * const dir = tempDir();
 * const path = writeModel(dir.path, 'lama.onnx', lama512StandIn());
 * const bad = writeModel(dir.path, 'bad.onnx', miganStandIn({ mask: { type: 'float32' } }));
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** What every stand-in writes into the hole, in 0..255. */
export const HOLE_VALUE = 200;

export type StandInType = 'float32' | 'uint8' | 'int64' | 'float16';

export interface ValueSpec {
  name: string;
  type: StandInType;
  shape: (number | string)[];
}

export type Overrides<K extends string> = Partial<Record<K, Partial<ValueSpec>>>;

const ELEMENT: Record<StandInType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int64: onnx.TensorProto.DataType.INT64,
  float16: onnx.TensorProto.DataType.FLOAT16,
};

interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: { name: string; i: number }[];
}

interface Constant {
  name: string;
  type: 'float32' | 'int64';
  values: number[];
  /** Empty for a scalar. */
  dims: number[];
}

/** An ONNX model (IR 8, opset 17) from plain specs; returns the serialised bytes. */
export function buildModel(graph: {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  constants?: Constant[];
  name?: string;
}): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'atelier-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: graph.name ?? 'stand-in',
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      initializer: (graph.constants ?? []).map((c) =>
        c.type === 'float32'
          ? { name: c.name, dataType: ELEMENT.float32, dims: c.dims, floatData: c.values }
          : { name: c.name, dataType: ELEMENT.int64, dims: c.dims, int64Data: c.values },
      ),
      node: graph.nodes.map((n, index) => ({
        name: `${n.op}_${index}`,
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: (n.attributes ?? []).map((a) => ({
          name: a.name,
          type: onnx.AttributeProto.AttributeType.INT,
          i: a.i,
        })),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function valueInfo(spec: ValueSpec) {
  return {
    name: spec.name,
    type: {
      tensorType: {
        elemType: ELEMENT[spec.type],
        shape: {
          dim: spec.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

function cast(from: string, to: string, type: StandInType): NodeSpec {
  return { op: 'Cast', inputs: [from], outputs: [to], attributes: [{ name: 'to', i: ELEMENT[type] }] };
}

function scalar(name: string, value: number): Constant {
  return { name, type: 'float32', values: [value], dims: [] };
}

function merge(base: ValueSpec, override: Partial<ValueSpec> | undefined): ValueSpec {
  return { ...base, ...override };
}

/**
 * LaMa, fixed 512 export: `image` float32 [1,3,512,512] 0..1, `mask` float32 [1,1,512,512]
 * 1 = hole → `output` float32 [1,3,512,512] in 0..255:
 * output = image × 255 × (1 − mask) + 200 × mask.
 */
export function lama512StandIn(overrides: Overrides<'image' | 'mask' | 'output'> = {}): Uint8Array {
  const image = merge({ name: 'image', type: 'float32', shape: [1, 3, 512, 512] }, overrides.image);
  const mask = merge({ name: 'mask', type: 'float32', shape: [1, 1, 512, 512] }, overrides.mask);
  const output = merge({ name: 'output', type: 'float32', shape: [1, 3, 512, 512] }, overrides.output);
  return buildModel({
    name: 'lama-512-stand-in',
    inputs: [image, mask],
    outputs: [output],
    constants: [scalar('one', 1), scalar('c255', 255), scalar('hole', HOLE_VALUE)],
    nodes: [
      cast(image.name, 'img', 'float32'),
      cast(mask.name, 'm', 'float32'),
      { op: 'Sub', inputs: ['one', 'm'], outputs: ['keep'] },
      { op: 'Mul', inputs: ['img', 'c255'], outputs: ['img255'] },
      { op: 'Mul', inputs: ['img255', 'keep'], outputs: ['kept'] },
      { op: 'Mul', inputs: ['m', 'hole'], outputs: ['filled'] },
      { op: 'Add', inputs: ['kept', 'filled'], outputs: ['sum'] },
      cast('sum', output.name, output.type),
    ],
  });
}

/**
 * LaMa, 4-channel export: `input` float32 [1,4,H,W] (masked RGB 0..1 + mask) → `output` float32
 * [1,3,H,W] in 0..1: output = rgb × (1 − mask) + (200 / 255) × mask.
 */
export function lama4chStandIn(overrides: Overrides<'input' | 'output'> = {}): Uint8Array {
  const input = merge({ name: 'input', type: 'float32', shape: [1, 4, 'height', 'width'] }, overrides.input);
  const output = merge(
    { name: 'output', type: 'float32', shape: [1, 3, 'height', 'width'] },
    overrides.output,
  );
  const int64 = (name: string, value: number): Constant => ({
    name,
    type: 'int64',
    values: [value],
    dims: [1],
  });
  return buildModel({
    name: 'lama-4ch-stand-in',
    inputs: [input],
    outputs: [output],
    constants: [
      scalar('one', 1),
      scalar('hole', HOLE_VALUE / 255),
      int64('zero_i', 0),
      int64('three_i', 3),
      int64('four_i', 4),
      int64('axis_i', 1),
    ],
    nodes: [
      cast(input.name, 'x', 'float32'),
      { op: 'Slice', inputs: ['x', 'zero_i', 'three_i', 'axis_i'], outputs: ['rgb'] },
      { op: 'Slice', inputs: ['x', 'three_i', 'four_i', 'axis_i'], outputs: ['m'] },
      { op: 'Sub', inputs: ['one', 'm'], outputs: ['keep'] },
      { op: 'Mul', inputs: ['rgb', 'keep'], outputs: ['kept'] },
      { op: 'Mul', inputs: ['m', 'hole'], outputs: ['filled'] },
      { op: 'Add', inputs: ['kept', 'filled'], outputs: ['sum'] },
      cast('sum', output.name, output.type),
    ],
  });
}

/**
 * MI-GAN pipeline: `image` uint8 [1,3,H,W], `mask` uint8 [1,1,H,W] 255 = keep, 0 = hole →
 * `result` uint8 [1,3,H,W]: result = where(mask == 255, image, 200), computed in float and cast
 * back.
 */
export function miganStandIn(overrides: Overrides<'image' | 'mask' | 'result'> = {}): Uint8Array {
  const image = merge({ name: 'image', type: 'uint8', shape: [1, 3, 'height', 'width'] }, overrides.image);
  const mask = merge({ name: 'mask', type: 'uint8', shape: [1, 1, 'height', 'width'] }, overrides.mask);
  const result = merge({ name: 'result', type: 'uint8', shape: [1, 3, 'height', 'width'] }, overrides.result);
  return buildModel({
    name: 'migan-stand-in',
    inputs: [image, mask],
    outputs: [result],
    constants: [scalar('one', 1), scalar('c255', 255), scalar('hole', HOLE_VALUE)],
    nodes: [
      cast(image.name, 'img', 'float32'),
      cast(mask.name, 'm255', 'float32'),
      { op: 'Div', inputs: ['m255', 'c255'], outputs: ['keep'] },
      { op: 'Sub', inputs: ['one', 'keep'], outputs: ['m'] },
      { op: 'Mul', inputs: ['img', 'keep'], outputs: ['kept'] },
      { op: 'Mul', inputs: ['m', 'hole'], outputs: ['filled'] },
      { op: 'Add', inputs: ['kept', 'filled'], outputs: ['sum'] },
      cast('sum', result.name, result.type),
    ],
  });
}

/** A model that is none of the families: `x` float32 [1,'n'] → `y` = x + x. */
export function unrelatedStandIn(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'x', type: 'float32', shape: [1, 'n'] }],
    outputs: [{ name: 'y', type: 'float32', shape: [1, 'n'] }],
    nodes: [{ op: 'Add', inputs: ['x', 'x'], outputs: ['y'] }],
  });
}

/** A well-formed ModelProto with no graph: parses, but is no model. */
export function graphlessModel(): Uint8Array {
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }] }).finish();
}

/** Writes the bytes to `dir/name` and returns the path. */
export function writeModel(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * How many channels a UNet's `sample` input takes, read from the ONNX file's protobuf without
 * loading the model: 9 for an inpainting UNet, 4 for a text-to-image one. Listing the models
 * folder must not load gigabytes of weights, so the reader walks the message headers and seeks
 * past everything else (the weights, above all), reading only the graph's small input records.
 *
 * The fields it reads (onnx.proto3): ModelProto.graph = 7; GraphProto.input = 11;
 * ValueInfoProto.name = 1, .type = 2; TypeProto.tensor_type = 1; Tensor.shape = 2;
 * TensorShapeProto.dim = 1; Dimension.dim_value = 1, .dim_param = 2.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { isStudioError, StudioError } from '../../api/errors';

const CHUNK = 1 << 16;
/** An input record larger than this is no tensor description: not an ONNX file we understand. */
const MAX_VALUE_INFO = 1 << 20;

/** Buffered reads at any offset of a file, for a reader that mostly skips. */
class FileReader {
  private buf = Buffer.alloc(0);
  private start = 0;
  pos = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  private async fill(need: number): Promise<void> {
    if (this.pos >= this.start && this.pos + need <= this.start + this.buf.length) return;
    const length = Math.min(Math.max(need, CHUNK), this.size - this.pos);
    const buf = Buffer.alloc(Math.max(0, length));
    const { bytesRead } = await this.handle.read(buf, 0, buf.length, this.pos);
    this.buf = buf.subarray(0, bytesRead);
    this.start = this.pos;
  }

  async varint(): Promise<number> {
    await this.fill(10);
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const at = this.pos - this.start;
      if (at >= this.buf.length) throw truncated();
      const byte = this.buf[at]!;
      this.pos += 1;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw truncated();
  }

  async bytes(length: number): Promise<Buffer> {
    await this.fill(length);
    const at = this.pos - this.start;
    if (at + length > this.buf.length) throw truncated();
    this.pos += length;
    return this.buf.subarray(at, at + length);
  }

  /** Skips a field's value of wire type `wire`. */
  async skip(wire: number): Promise<void> {
    if (wire === 0) await this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const length = await this.varint(); // read before `pos` is: the varint moves it
      this.pos += length;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`wire type ${wire}`);
    if (this.pos > this.size) throw truncated();
  }
}

function truncated(): Error {
  return new Error('the file ends inside a record');
}

/** A protobuf message held in memory (a small one: an input's description). */
function* fields(buf: Buffer): Generator<{ field: number; wire: number; value: number | Buffer }> {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw truncated();
      const byte = buf[pos++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw truncated();
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 2) {
      const length = varint();
      if (pos + length > buf.length) throw truncated();
      yield { field, wire, value: buf.subarray(pos, pos + length) };
      pos += length;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`wire type ${wire}`);
  }
}

function sub(buf: Buffer, field: number): Buffer[] {
  const out: Buffer[] = [];
  for (const f of fields(buf)) if (f.field === field && f.wire === 2) out.push(f.value as Buffer);
  return out;
}

/** An input's name and dimensions (numbers, names for symbolic axes, null when unset). */
function valueInfo(buf: Buffer): { name: string; dims: (number | string | null)[] } {
  const name = sub(buf, 1)[0]?.toString('utf8') ?? '';
  const tensor = sub(buf, 2).flatMap((type) => sub(type, 1))[0];
  const shape = tensor ? sub(tensor, 2)[0] : undefined;
  const dims = (shape ? sub(shape, 1) : []).map((dim) => {
    for (const f of fields(dim)) {
      if (f.field === 1 && f.wire === 0) return f.value as number;
      if (f.field === 2 && f.wire === 2) return (f.value as Buffer).toString('utf8');
    }
    return null;
  });
  return { name, dims };
}

/**
 * The channels of the UNet's `sample` input (its second dimension).
 *
 * @throws StudioError `invalid_argument` naming the file when it is no ONNX model, has no `sample`
 * input or a `sample` whose channels are not a number; `not_found` when it is missing.
 * @example
 * await readUnetChannels('/models/sd15-inpaint/unet/model.onnx'); // 9
 * await readUnetChannels('/models/sd-turbo/unet/model.onnx');      // 4
 */
export async function readUnetChannels(path: string): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new StudioError('not_found', `${path} is missing`);
  }
  const bad = (why: string) => new StudioError('invalid_argument', `${path} is not an SD UNet: ${why}`);
  try {
    const { size } = await handle.stat();
    const reader = new FileReader(handle, size);
    while (reader.pos < size) {
      const tag = await reader.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field !== 7 || wire !== 2) {
        await reader.skip(wire);
        continue;
      }
      const graphLength = await reader.varint();
      const end = reader.pos + graphLength;
      // Inside the graph: only the inputs are read; nodes and weights are skipped.
      while (reader.pos < end) {
        const inner = await reader.varint();
        const innerWire = inner & 7;
        if (Math.floor(inner / 8) !== 11 || innerWire !== 2) {
          await reader.skip(innerWire);
          continue;
        }
        const length = await reader.varint();
        if (length > MAX_VALUE_INFO) throw bad('an input record is too large');
        const input = valueInfo(await reader.bytes(length));
        if (input.name !== 'sample') continue;
        const channels = input.dims[1];
        if (typeof channels !== 'number') {
          throw bad(`its sample input's channels are ${channels === null ? 'unset' : `"${channels}"`}`);
        }
        return channels;
      }
      throw bad('it has no input named sample');
    }
    throw bad('it has no graph');
  } catch (error) {
    if (isStudioError(error)) throw error;
    throw bad(`its protobuf cannot be read (${(error as Error).message})`);
  } finally {
    await handle.close();
  }
}

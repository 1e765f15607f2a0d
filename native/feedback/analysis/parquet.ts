// A Parquet file written as rows stream by, column by column into typed buffers, so millions of
// rows never sit in memory as JS values. hyparquet-writer serialises the page headers and the
// footer (thrift) and compresses (snappy); the values are encoded here: strings with a dictionary
// per row group (RLE_DICTIONARY) or PLAIN, numbers PLAIN, nulls as definition levels. Each column
// chunk of a row group is one data page (v2), snappy-compressed; no statistics (they are optional).
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ColumnChunk, Encoding, FileMetaData, RowGroup, SchemaElement } from 'hyparquet';
import { ByteWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';

export type ColumnType = 'STRING' | 'DOUBLE' | 'INT32';

/** One column's values of the current row group. */
interface ColumnBuffer {
  readonly name: string;
  readonly type: ColumnType;
  /** The encoded pages of the row group (dictionary page first, if any), and their sizes. */
  finish(rows: number): EncodedChunk;
}

interface EncodedChunk {
  pages: Uint8Array[];
  encodings: Encoding[];
  /** Byte offset of the data page within `pages`' concatenation; 0 without a dictionary. */
  dataOffset: number;
  hasDictionary: boolean;
  uncompressed: number;
  compressed: number;
}

/** A growing byte buffer. */
class Bytes {
  buf: Buffer;
  length = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** A string as PLAIN BYTE_ARRAY: its UTF-8 length (4 bytes, little-endian) and bytes. */
  byteArray(text: string): void {
    this.ensure(4 + text.length * 3);
    const n = this.buf.write(text, this.length + 4, 'utf8');
    this.buf.writeUInt32LE(n, this.length);
    this.length += 4 + n;
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

/** Definition levels (0 null, 1 value) of an optional column, as a bitmap. */
class Nulls {
  bits = new Uint8Array(1 << 14);
  count = 0;

  set(row: number, present: boolean): void {
    const byte = row >>> 3;
    if (byte >= this.bits.length) {
      const next = new Uint8Array(this.bits.length * 2);
      next.set(this.bits);
      this.bits = next;
    }
    if ((row & 7) === 0) this.bits[byte] = 0;
    if (present) this.bits[byte]! |= 1 << (row & 7);
    else this.count++;
  }

  /** RLE/bit-packed hybrid, bit width 1: one RLE run when nothing is null, else one bit-packed run. */
  encode(rows: number): Uint8Array {
    const out = new Bytes(16 + (rows >>> 3));
    if (this.count === 0) {
      varint(out, rows * 2);
      out.buf[out.length++] = 1;
    } else {
      const groups = Math.ceil(rows / 8);
      varint(out, groups * 2 + 1);
      out.buf.set(this.bits.subarray(0, groups), out.length);
      // The padding bits of the last group are zero already (each byte is cleared when started).
      out.length += groups;
    }
    return out.view().slice();
  }

  reset(): void {
    this.count = 0;
  }
}

function varint(out: Bytes, value: number): void {
  out.ensure(10);
  while (value > 0x7f) {
    out.buf[out.length++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out.buf[out.length++] = value;
}

/** Dictionary indexes with RLE/bit-packed hybrid encoding, preceded by their bit width. */
function encodeIndexes(indexes: Int32Array, count: number, distinct: number): Uint8Array {
  const width = distinct <= 1 ? 0 : 32 - Math.clz32(distinct - 1);
  const bytesPerValue = Math.ceil(width / 8);
  const out = new Bytes(16 + Math.ceil((count * width) / 8) + 16);
  out.buf[out.length++] = width;
  let i = 0;
  while (i < count) {
    const value = indexes[i]!;
    let run = 1;
    while (i + run < count && indexes[i + run] === value) run++;
    if (run >= 8 || width === 0) {
      varint(out, run * 2);
      out.ensure(bytesPerValue);
      for (let b = 0; b < bytesPerValue; b++) out.buf[out.length++] = (value >>> (8 * b)) & 0xff;
      i += run;
      continue;
    }
    // A bit-packed run of groups of 8, until a run of 8 equal values starts a group.
    let end = i;
    while (end < count) {
      const v = indexes[end]!;
      let same = 1;
      while (same < 8 && end + same < count && indexes[end + same] === v) same++;
      if (same >= 8) break;
      end += 8;
    }
    const groups = Math.ceil((Math.min(end, count) - i) / 8);
    varint(out, groups * 2 + 1);
    out.ensure(groups * width + 8);
    let acc = 0;
    let bits = 0;
    for (let k = 0; k < groups * 8; k++) {
      const v = i + k < count ? indexes[i + k]! : 0;
      acc += v * 2 ** bits; // width ≤ 31: stays exact below 2^53
      bits += width;
      while (bits >= 8) {
        out.buf[out.length++] = acc & 0xff;
        acc = Math.floor(acc / 256);
        bits -= 8;
      }
    }
    i += groups * 8;
  }
  return out.view().slice();
}

function compress(bytes: Uint8Array): Uint8Array {
  return snappyCompress(bytes);
}

/**
 * A data page (v2): header, levels (never compressed), values (compressed unless `compressed` is
 * false: numbers barely shrink under snappy and cost the most time to compress, so those pages
 * say so in their v2 header and are stored as they are).
 */
function dataPage(
  rows: number,
  nulls: number,
  levels: Uint8Array,
  values: Uint8Array,
  encoding: Encoding,
  compressed = true,
): { page: Uint8Array; uncompressed: number } {
  const data = compressed ? compress(values) : values;
  const header = new ByteWriter(64);
  writePageHeader(header, {
    type: 'DATA_PAGE_V2',
    uncompressed_page_size: levels.length + values.length,
    compressed_page_size: levels.length + data.length,
    data_page_header_v2: {
      num_values: rows,
      num_nulls: nulls,
      num_rows: rows,
      encoding,
      definition_levels_byte_length: levels.length,
      repetition_levels_byte_length: 0,
      is_compressed: compressed,
    },
  });
  const head = header.getBytes();
  const page = new Uint8Array(head.length + levels.length + data.length);
  page.set(head, 0);
  page.set(levels, head.length);
  page.set(data, head.length + levels.length);
  return { page, uncompressed: head.length + levels.length + values.length };
}

function dictionaryPage(count: number, values: Uint8Array): { page: Uint8Array; uncompressed: number } {
  const data = compress(values);
  const header = new ByteWriter(64);
  writePageHeader(header, {
    type: 'DICTIONARY_PAGE',
    uncompressed_page_size: values.length,
    compressed_page_size: data.length,
    dictionary_page_header: { num_values: count, encoding: 'PLAIN' },
  });
  const head = header.getBytes();
  const page = new Uint8Array(head.length + data.length);
  page.set(head, 0);
  page.set(data, head.length);
  return { page, uncompressed: head.length + values.length };
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/** Strings with a dictionary per row group. */
export class DictionaryStrings implements ColumnBuffer {
  readonly type = 'STRING';
  private index = new Map<string, number>();
  private values: string[] = [];
  /** The last value added and its index in `values` (null: none yet in this row group). */
  private last: unknown = null;
  private lastIndex = 0;
  private indexes = new Int32Array(1 << 14);
  private count = 0;
  private readonly nulls = new Nulls();
  private row = 0;

  constructor(readonly name: string) {}

  add(value: string | null): void {
    if (value === null || value === undefined) {
      this.nulls.set(this.row++, false);
      return;
    }
    let at: number | undefined;
    // Runs of one value (a session's labels) skip the lookup.
    if (value === this.last) at = this.lastIndex;
    else {
      const text = asString(value);
      at = this.index.get(text);
      if (at === undefined) {
        at = this.values.length;
        this.index.set(text, at);
        this.values.push(text);
      }
      this.last = value;
      this.lastIndex = at;
    }
    if (this.count === this.indexes.length) {
      const next = new Int32Array(this.indexes.length * 2);
      next.set(this.indexes);
      this.indexes = next;
    }
    this.indexes[this.count++] = at;
    this.nulls.set(this.row++, true);
  }

  finish(rows: number): EncodedChunk {
    if (this.values.length === 0) {
      // Nothing but nulls: no dictionary to write.
      const p = dataPage(rows, this.nulls.count, this.nulls.encode(rows), new Uint8Array(0), 'PLAIN');
      this.row = 0;
      this.nulls.reset();
      return {
        pages: [p.page],
        encodings: ['PLAIN'],
        dataOffset: 0,
        hasDictionary: false,
        uncompressed: p.uncompressed,
        compressed: p.page.length,
      };
    }
    const dict = new Bytes();
    for (const value of this.values) dict.byteArray(value);
    const d = dictionaryPage(this.values.length, dict.view());
    const p = dataPage(
      rows,
      this.nulls.count,
      this.nulls.encode(rows),
      encodeIndexes(this.indexes, this.count, this.values.length),
      'RLE_DICTIONARY',
    );
    this.index = new Map();
    this.values = [];
    this.last = null;
    this.count = 0;
    this.row = 0;
    this.nulls.reset();
    return {
      pages: [d.page, p.page],
      encodings: ['PLAIN', 'RLE_DICTIONARY'],
      dataOffset: d.page.length,
      hasDictionary: true,
      uncompressed: d.uncompressed + p.uncompressed,
      compressed: d.page.length + p.page.length,
    };
  }
}

/** Strings written as they are (PLAIN), for columns where nearly every value differs. */
export class PlainStrings implements ColumnBuffer {
  readonly type = 'STRING';
  private readonly bytes = new Bytes(1 << 20);
  private readonly nulls = new Nulls();
  private row = 0;

  constructor(readonly name: string) {}

  add(value: string | null): void {
    if (value === null || value === undefined) {
      this.nulls.set(this.row++, false);
      return;
    }
    this.bytes.byteArray(asString(value));
    this.nulls.set(this.row++, true);
  }

  finish(rows: number): EncodedChunk {
    const p = dataPage(rows, this.nulls.count, this.nulls.encode(rows), this.bytes.view(), 'PLAIN');
    this.bytes.reset();
    this.row = 0;
    this.nulls.reset();
    return {
      pages: [p.page],
      encodings: ['PLAIN'],
      dataOffset: 0,
      hasDictionary: false,
      uncompressed: p.uncompressed,
      compressed: p.page.length,
    };
  }
}

/** Typed arrays write in the platform's byte order; Parquet's is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Numbers, PLAIN: DOUBLE (8 bytes) or INT32 (4 bytes, whole numbers in range only). */
export class Numbers implements ColumnBuffer {
  private values: Float64Array | Int32Array;
  private count = 0;
  private readonly nulls = new Nulls();
  private row = 0;

  constructor(
    readonly name: string,
    readonly type: 'DOUBLE' | 'INT32',
  ) {
    this.values = type === 'DOUBLE' ? new Float64Array(1 << 13) : new Int32Array(1 << 13);
  }

  add(value: number | null): void {
    if (value === null || value === undefined) {
      this.nulls.set(this.row++, false);
      return;
    }
    if (typeof value !== 'number') throw new Error(`parquet expected number value, got ${String(value)}`);
    if (this.type === 'INT32' && (!Number.isSafeInteger(value) || value < -2147483648 || value > 2147483647))
      throw new Error(`parquet expected int32 value, got ${value}`);
    if (this.count === this.values.length) {
      const next = this.type === 'DOUBLE' ? new Float64Array(this.count * 2) : new Int32Array(this.count * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.count++] = value;
    this.nulls.set(this.row++, true);
  }

  /** The values' bytes, little-endian. */
  private bytes(): Uint8Array {
    const size = this.values.BYTES_PER_ELEMENT;
    const bytes = new Uint8Array(this.values.buffer, 0, this.count * size);
    if (LITTLE_ENDIAN) return bytes;
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += size)
      for (let b = 0; b < size; b++) out[i + b] = bytes[i + size - 1 - b]!;
    return out;
  }

  finish(rows: number): EncodedChunk {
    const p = dataPage(rows, this.nulls.count, this.nulls.encode(rows), this.bytes(), 'PLAIN', false);
    this.count = 0;
    this.row = 0;
    this.nulls.reset();
    return {
      pages: [p.page],
      encodings: ['PLAIN'],
      dataOffset: 0,
      hasDictionary: false,
      uncompressed: p.uncompressed,
      compressed: p.page.length,
    };
  }
}

export type ParquetColumn = DictionaryStrings | PlainStrings | Numbers;

/**
 * A Parquet file of optional columns: fill each column's `add` once per row, then `endRow()`;
 * a row group is written every `groupSize` rows.
 */
export class ParquetStream {
  private readonly fd: number;
  private offset = 0;
  private rows = 0;
  private total = 0;
  private readonly groups: RowGroup[] = [];
  private readonly schema: SchemaElement[];

  constructor(
    path: string,
    readonly columns: readonly ParquetColumn[],
    private readonly groupSize = 100_000,
  ) {
    const specs: ColumnSource[] = columns.map((c) => ({
      name: c.name,
      type: c.type,
      data: [],
      nullable: true,
    }));
    this.schema = schemaFromColumnData({ columnData: specs });
    this.fd = openSync(path, 'wx');
    this.write(Buffer.from('PAR1', 'latin1'));
  }

  private write(bytes: Uint8Array): void {
    writeSync(this.fd, bytes);
    this.offset += bytes.length;
  }

  endRow(): void {
    if (++this.rows >= this.groupSize) this.flush();
  }

  private flush(): void {
    if (this.rows === 0) return;
    const start = this.offset;
    let uncompressed = 0;
    const chunks: ColumnChunk[] = [];
    for (const column of this.columns) {
      const chunk = column.finish(this.rows);
      const at = this.offset;
      const joined = Buffer.concat(chunk.pages);
      this.write(joined);
      uncompressed += chunk.uncompressed;
      chunks.push({
        file_offset: BigInt(at),
        meta_data: {
          type: column.type === 'STRING' ? 'BYTE_ARRAY' : column.type,
          encodings: chunk.encodings,
          path_in_schema: [column.name],
          codec: 'SNAPPY',
          num_values: BigInt(this.rows),
          total_uncompressed_size: BigInt(chunk.uncompressed),
          total_compressed_size: BigInt(chunk.compressed),
          data_page_offset: BigInt(at + chunk.dataOffset),
          dictionary_page_offset: chunk.hasDictionary ? BigInt(at) : undefined,
        },
      });
    }
    this.groups.push({
      columns: chunks,
      total_byte_size: BigInt(uncompressed),
      num_rows: BigInt(this.rows),
      total_compressed_size: BigInt(this.offset - start),
    });
    this.total += this.rows;
    this.rows = 0;
  }

  close(): void {
    try {
      this.flush();
      const footer = new ByteWriter();
      const metadata: FileMetaData = {
        version: 2,
        created_by: 'atelier',
        schema: this.schema,
        num_rows: BigInt(this.total),
        row_groups: this.groups,
        metadata_length: 0,
      };
      delete (metadata as Partial<FileMetaData>).metadata_length;
      writeMetadata(footer, metadata);
      footer.appendUint32(0x31524150); // PAR1
      this.write(footer.getBytes());
    } finally {
      closeSync(this.fd);
    }
  }
}

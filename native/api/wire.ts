import { StudioError, type StudioErrorData } from './errors';

/**
 * The WebSocket protocol of web mode. A message is a JSON text frame, or — when it carries
 * bytes (an image dropped into the browser, a thumbnail) — a binary frame:
 *
 *   [4 bytes: header length, big-endian][header: UTF-8 JSON][blob 0][blob 1]…
 *
 * where each Uint8Array in the value is replaced in the header by `{"$bytes":[offset,length]}`
 * pointing into the blob area. No base64, no copies beyond one per direction.
 */
export type WireRequest = { id: number; method: string; args?: unknown };
export type WireResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: StudioErrorData };
export type WireEvent = { event: string; payload: unknown };
export type WireMessage = WireRequest | WireResponse | WireEvent;

const BYTES_KEY = '$bytes';

export function encodeMessage(message: WireMessage): string | Uint8Array {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const header = JSON.stringify(message, function (this: unknown, _key, value: unknown) {
    if (value instanceof Uint8Array) {
      blobs.push(value);
      const ref = { [BYTES_KEY]: [offset, value.byteLength] };
      offset += value.byteLength;
      return ref;
    }
    return value;
  });
  if (blobs.length === 0) return header;
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(4 + head.byteLength + offset);
  new DataView(out.buffer).setUint32(0, head.byteLength);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const blob of blobs) {
    out.set(blob, at);
    at += blob.byteLength;
  }
  return out;
}

/** Parses a frame; throws StudioError('bad_message') naming what is wrong. */
export function decodeMessage(frame: string | Uint8Array): unknown {
  if (typeof frame === 'string') {
    try {
      return JSON.parse(frame);
    } catch {
      throw new StudioError('bad_message', 'message is not valid JSON');
    }
  }
  if (frame.byteLength < 4) throw new StudioError('bad_message', 'binary message is shorter than its header');
  const headLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  if (4 + headLength > frame.byteLength) {
    throw new StudioError('bad_message', 'binary message header is longer than the message');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + headLength));
  } catch {
    throw new StudioError('bad_message', 'binary message header is not UTF-8');
  }
  const blobArea = frame.subarray(4 + headLength);
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, BYTES_KEY)) {
        const ref = (value as Record<string, unknown>)[BYTES_KEY];
        if (
          Object.keys(value).length !== 1 ||
          !Array.isArray(ref) ||
          ref.length !== 2 ||
          !ref.every((n) => Number.isInteger(n) && n >= 0) ||
          ref[0] + ref[1] > blobArea.byteLength
        ) {
          throw new StudioError('bad_message', 'binary message has a malformed bytes reference');
        }
        return blobArea.slice(ref[0], ref[0] + ref[1]);
      }
      return value;
    });
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw new StudioError('bad_message', 'binary message header is not valid JSON');
  }
}

/** Checks the shape of a request from a client; throws StudioError('bad_message'). */
export function asRequest(value: unknown): WireRequest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new StudioError('bad_message', 'message must be an object {id, method, args}');
  }
  const { id, method } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(id)) throw new StudioError('bad_message', 'message.id must be an integer');
  if (typeof method !== 'string') throw new StudioError('bad_message', 'message.method must be a string');
  return value as WireRequest;
}

import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, asRequest } from '../../../../native/api/wire';
import type { StudioError } from '../../../../native/api/errors';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as StudioError).code;
  }
  return 'no error';
}

describe('wire format', () => {
  it('sends plain values as JSON text', () => {
    const frame = encodeMessage({ id: 1, method: 'app.info' });
    expect(typeof frame).toBe('string');
    expect(decodeMessage(frame)).toEqual({ id: 1, method: 'app.info' });
  });

  it('carries bytes in a binary frame and restores them exactly', () => {
    const a = new Uint8Array([0, 1, 2, 255]);
    const b = new Uint8Array(70_000).map((_, i) => i % 251);
    const frame = encodeMessage({ id: 2, method: 'jobs.submit', args: { a, nested: [{ b }] } });
    expect(frame).toBeInstanceOf(Uint8Array);
    const back = decodeMessage(frame) as { args: { a: Uint8Array; nested: { b: Uint8Array }[] } };
    expect(back.args.a).toEqual(a);
    expect(back.args.nested[0]!.b).toEqual(b);
  });

  it('refuses malformed frames with bad_message', () => {
    expect(code(() => decodeMessage('{not json'))).toBe('bad_message');
    expect(code(() => decodeMessage(new Uint8Array([0, 0])))).toBe('bad_message');
    expect(code(() => decodeMessage(new Uint8Array([0, 0, 1, 0, 123])))).toBe('bad_message');
    const head = new TextEncoder().encode('{"x":{"$bytes":[0,999]}}');
    const frame = new Uint8Array(4 + head.length);
    new DataView(frame.buffer).setUint32(0, head.length);
    frame.set(head, 4);
    expect(code(() => decodeMessage(frame))).toBe('bad_message');
  });

  it('checks the request envelope', () => {
    expect(code(() => asRequest([1]))).toBe('bad_message');
    expect(code(() => asRequest({ id: 'x', method: 'a.b' }))).toBe('bad_message');
    expect(code(() => asRequest({ id: 1, method: 5 }))).toBe('bad_message');
    expect(asRequest({ id: 3, method: 'app.info' }).id).toBe(3);
  });
});

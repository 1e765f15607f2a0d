import { describe, expect, it } from 'vitest';
import { thumbnailJob } from '../../../../native/media/thumbnail-job';
import { StudioError } from '../../../../native/api/errors';
import { encodeAs, gradientPng, pngClaiming } from '../../../helpers/images';

const ctx = { progress: () => {} };
const run = (name: string, bytes: Uint8Array, maxSize = 100) =>
  thumbnailJob.run({ source: { type: 'bytes', name, bytes }, maxSize }, ctx);

async function refusal(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

describe('thumbnail job', () => {
  it('reads PNG, JPEG, WebP and GIF (first frame) and keeps the aspect ratio', async () => {
    const png = await gradientPng(400, 200);
    for (const [format, bytes] of [
      ['png', png],
      ['jpeg', await encodeAs(png, 'jpeg')],
      ['webp', await encodeAs(png, 'webp')],
      ['gif', await encodeAs(png, 'gif')],
    ] as const) {
      const result = await run(`a.${format}`, bytes);
      expect(result.source).toMatchObject({ width: 400, height: 200, format });
      expect([result.width, result.height]).toEqual([100, 50]);
    }
  });

  it('never enlarges a small image', async () => {
    const result = await run('small.png', await gradientPng(20, 10), 256);
    expect([result.width, result.height]).toEqual([20, 10]);
  });

  it('keeps the colours: the thumbnail of a gradient is dark on the left and bright on the right', async () => {
    const { default: sharp } = await import('sharp');
    const result = await run('g.png', await gradientPng(256, 64), 64);
    const { data, info } = await sharp(result.bytes).raw().toBuffer({ resolveWithObject: true });
    const red = (x: number) => data[(8 * info.width + x) * info.channels]!;
    expect(red(0)).toBeLessThan(16);
    expect(red(info.width - 1)).toBeGreaterThan(240);
  });

  it('refuses a text file renamed .png, naming the file', async () => {
    const e = await refusal(run('notes.png', new TextEncoder().encode('hello, not an image')));
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toMatch(/^notes\.png: not an image/);
  });

  it('refuses a PNG whose header claims 30000×30000 before decoding it', async () => {
    const e = await refusal(run('bomb.png', pngClaiming(30000, 30000)));
    expect(e.code).toBe('too_large');
    expect(e.message).toBe('bomb.png: 30000×30000 is 900 megapixels, over the 100-megapixel limit');
  });

  it('refuses a truncated PNG with a clear message', async () => {
    const png = await gradientPng(300, 300);
    const e = await refusal(run('cut.png', png.subarray(0, Math.floor(png.length / 2))));
    expect(e.message).toMatch(/^cut\.png: /);
  });

  it('refuses a missing file by path, naming it', async () => {
    const e = await refusal(
      thumbnailJob.run({ source: { type: 'path', path: '/nonexistent/x/missing.png' }, maxSize: 64 }, ctx),
    );
    expect(e.code).toBe('not_found');
    expect(e.message).toMatch(/^missing\.png: cannot read the file/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileAccess } from '../../../../native/project/file-access';
import type { StudioError } from '../../../../native/api/errors';
import { tempDir } from '../../../helpers/temp';

const outer = tempDir();
const root = join(outer.path, 'home');

beforeAll(() => {
  mkdirSync(join(root, 'photos', 'trip'), { recursive: true });
  writeFileSync(join(root, 'photos', 'a.png'), 'x');
  writeFileSync(join(root, 'photos', 'b.JPG'), 'xy');
  writeFileSync(join(root, 'photos', 'notes.txt'), 'z');
  writeFileSync(join(root, 'photos', '.hidden.png'), 'h');
  writeFileSync(join(outer.path, 'secret.txt'), 'outside');
  symlinkSync(outer.path, join(root, 'escape'));
  symlinkSync(join(root, 'photos'), join(root, 'inside-link'));
  symlinkSync(join(outer.path, 'not-yet.atelier'), join(root, 'dangling.atelier'));
});
afterAll(() => outer.cleanup());

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (e: StudioError) => e.code,
  );
}

describe('FileAccess', () => {
  const files = new FileAccess(root);

  it('lists folders first, then files, filtered by extension, without hidden files', async () => {
    const listing = await files.list(join(root, 'photos'), { extensions: ['png', 'jpg'] });
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['trip', 'dir'],
      ['a.png', 'file'],
      ['b.JPG', 'file'],
    ]);
    expect(listing.parent).toBe(root);
    const all = await files.list(join(root, 'photos'), { showHidden: true });
    expect(all.entries.map((e) => e.name)).toContain('.hidden.png');
  });

  it('has no parent at the root, and starts at the root when home is outside it', async () => {
    expect((await files.list(root)).parent).toBeNull();
    expect(await files.roots()).toEqual({ root, start: root });
  });

  it('refuses paths that climb out of the root', async () => {
    expect(await code(files.list(join(root, '..')))).toBe('forbidden');
    expect(await code(files.list('../../etc'))).toBe('forbidden');
    expect(await code(files.list('/etc'))).toBe('forbidden');
    expect(await code(files.resolve(join(root, 'photos', '..', '..', 'secret.txt')))).toBe('forbidden');
  });

  it('refuses symbolic links that lead outside, follows those that stay inside', async () => {
    expect(await code(files.list(join(root, 'escape')))).toBe('forbidden');
    expect(await code(files.resolve(join(root, 'escape', 'secret.txt')))).toBe('forbidden');
    expect((await files.list(join(root, 'inside-link'))).entries.length).toBeGreaterThan(0);
    // A dangling link would let a save write outside the root.
    expect(await code(files.resolve(join(root, 'dangling.atelier')))).toBe('forbidden');
    expect(await code(files.resolveSave(root, 'dangling.atelier'))).toBe('forbidden');
  });

  it('resolves a new file name in an allowed folder, and names bad paths', async () => {
    expect(await files.resolve(join(root, 'photos', 'new.atelier'))).toBe(
      join(root, 'photos', 'new.atelier'),
    );
    expect(await code(files.resolve(join(root, 'nope', 'new.atelier')))).toBe('not_found');
    expect(await code(files.list(join(root, 'photos', 'a.png')))).toBe('invalid_argument');
    expect(await code(files.resolve('a\0b'))).toBe('invalid_argument');
  });
});

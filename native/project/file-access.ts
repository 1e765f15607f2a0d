import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StudioError } from '../api/errors';
import type { FileEntry, FilesList, FilesRoots } from '../api/schemas';

const MAX_ENTRIES = 2000;

/**
 * Which workstation files a client may see. Web mode confines its in-app file browser (and
 * every path a call names) to one root folder — the user's home unless configured — so a
 * browser tab cannot read or write outside it, through `..` or through a symbolic link.
 */
export class FileAccess {
  private resolvedRoot: string | null = null;

  constructor(readonly root: string = homedir()) {}

  /** The root with links resolved; looked up on first use, so a missing root is a clear error per call. */
  private get rootReal(): Promise<string> {
    if (this.resolvedRoot) return Promise.resolve(this.resolvedRoot);
    return realpath(this.root).then(
      (real) => (this.resolvedRoot = real),
      () => {
        throw new StudioError('not_found', `the file root ${this.root} does not exist`);
      },
    );
  }

  async roots(): Promise<FilesRoots> {
    const root = await this.rootReal;
    const home = await realpath(homedir()).catch(() => root);
    return { root, start: isInside(root, home) ? home : root };
  }

  /**
   * Resolves a path (absolute, or relative to the root) and checks that it stays inside the
   * root once symbolic links are followed. For a path that does not exist yet (a file about to
   * be saved), its folder must exist and be inside.
   */
  async resolve(path: string): Promise<string> {
    const root = await this.rootReal;
    if (path.includes('\0'))
      throw new StudioError('invalid_argument', 'a path cannot contain a NUL character');
    const wanted = resolve(root, path);
    let real: string;
    try {
      real = await realpath(wanted);
    } catch {
      // Not there (yet): a dangling symbolic link could point anywhere, so refuse links outright.
      const link = await lstat(wanted).catch(() => null);
      if (link?.isSymbolicLink()) {
        throw new StudioError('forbidden', `${path} is a link to something that does not exist`);
      }
      const parent = await realpath(dirname(wanted)).catch(() => {
        throw new StudioError('not_found', `${path} does not exist`);
      });
      real = join(parent, basename(wanted));
    }
    if (!isInside(root, real)) {
      throw new StudioError('forbidden', `${path} is outside the folder this studio may use (${root})`);
    }
    return real;
  }

  /** Where "save as `name` in `dir`" would write, and whether a file is already there. */
  async resolveSave(dir: string, name: string): Promise<{ path: string; exists: boolean }> {
    const folder = await this.resolve(dir);
    const path = await this.resolve(join(folder, name));
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    return { path, exists };
  }

  async list(
    path: string,
    options: { extensions?: string[]; showHidden?: boolean } = {},
  ): Promise<FilesList> {
    const root = await this.rootReal;
    const dir = await this.resolve(path);
    const info = await stat(dir).catch(() => null);
    if (!info) throw new StudioError('not_found', `${path} does not exist`);
    if (!info.isDirectory()) throw new StudioError('invalid_argument', `${path} is not a folder`);
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      throw new StudioError('forbidden', `cannot read ${path} (${error.code ?? 'error'})`);
    });
    const wanted = options.extensions ? new Set(options.extensions) : null;
    const entries: FileEntry[] = [];
    let truncated = false;
    for (const name of names.sort((a, b) => a.localeCompare(b))) {
      if (!options.showHidden && name.startsWith('.')) continue;
      const full = join(dir, name);
      const entry = await describe(full, name);
      if (!entry) continue;
      if (entry.kind === 'file' && wanted && !wanted.has(extensionOf(name))) continue;
      if (entries.length >= MAX_ENTRIES) {
        truncated = true;
        break;
      }
      entries.push(entry);
    }
    entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'dir' ? -1 : 1));
    return { path: dir, parent: dir === root ? null : dirname(dir), entries, truncated };
  }
}

async function describe(full: string, name: string): Promise<FileEntry | null> {
  try {
    const link = await lstat(full);
    const info = link.isSymbolicLink() ? await stat(full) : link;
    if (!info.isDirectory() && !info.isFile()) return null;
    return {
      name,
      path: full,
      kind: info.isDirectory() ? 'dir' : 'file',
      size: info.isFile() ? info.size : 0,
      modifiedMs: Math.round(info.mtimeMs),
    };
  } catch {
    return null; // a dangling link or a file removed while listing
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

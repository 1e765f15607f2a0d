/**
 * Where an export works until it is done: a hidden folder beside each target, on the same file
 * system, so the finished file is renamed into place in one step and a cancelled or failed
 * export leaves nothing but that folder — which the export removes, or, when its process was
 * killed, the job supervisor does (see `exportLeftovers`).
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StudioError } from '../api/errors';
import { storageError } from '../project/project-file';

/** The token a job's work folders carry: the job id's body (`job:abc` → `abc`). */
export function workToken(jobId: string): string {
  return jobId.replace(/^job:/, '');
}

/**
 * The work folder of an export to `target`: `.<name>.<token>.exporting` beside it.
 *
 * @example
 * exportWorkDir('/ads/spring.mp4', 'k3J9') // '/ads/.spring.mp4.k3J9.exporting'
 */
export function exportWorkDir(target: string, token: string): string {
  return join(dirname(target), `.${basename(target)}.${token}.exporting`);
}

/** Removes work folders, retrying while a just-killed ffmpeg still holds files in them. */
export async function removeWorkDirs(dirs: readonly string[]): Promise<void> {
  await Promise.all(
    dirs.map((dir) =>
      rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => {}),
    ),
  );
}

/** What is at `path` now. */
async function kindOf(path: string): Promise<'file' | 'folder' | 'other' | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
  } catch {
    return null;
  }
}

/**
 * Checks a target before any work: a video goes to a file (a folder of that name is refused),
 * stills go into a folder (a file of that name is refused); the parent folder is created.
 * Then makes the work folder.
 */
export async function prepareTarget(target: string, kind: 'file' | 'folder', workDir: string): Promise<void> {
  const now = await kindOf(target);
  const name = basename(target);
  if (now !== null && now !== kind) {
    throw new StudioError(
      'invalid_argument',
      kind === 'file'
        ? `${name} is a folder: name the video file to write`
        : `${name} is a file: stills are written into a folder`,
      'path',
    );
  }
  try {
    await mkdir(dirname(target), { recursive: true });
    await removeStaleWorkDirs(target, workDir);
    await mkdir(workDir);
  } catch (error) {
    throw storageError('export', target, error);
  }
}

/**
 * Work folders of earlier exports to the same target that never finished (the studio quit, or
 * the machine stopped, mid-export): removed before this one starts, so they do not pile up
 * beside the user's files.
 */
async function removeStaleWorkDirs(target: string, workDir: string): Promise<void> {
  const prefix = `.${basename(target)}.`;
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  const stale = names.filter(
    (n) => n.startsWith(prefix) && n.endsWith('.exporting') && n !== basename(workDir),
  );
  await removeWorkDirs(stale.map((n) => join(dirname(target), n)));
}

/** Moves a finished video from its work folder onto the target (replacing an older file). */
export async function commitFile(finished: string, target: string): Promise<void> {
  try {
    await rename(finished, target);
  } catch (error) {
    throw storageError('export', target, error);
  }
}

/**
 * Moves finished stills into the target folder: the whole folder at once when the target is
 * new, else file by file (same names replaced, other files left alone).
 */
export async function commitFolder(finished: string, target: string): Promise<void> {
  try {
    if ((await kindOf(target)) === null) {
      await rename(finished, target);
      return;
    }
    for (const name of await readdir(finished)) await rename(join(finished, name), join(target, name));
  } catch (error) {
    throw storageError('export', target, error);
  }
}

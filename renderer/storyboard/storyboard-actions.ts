import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { MAX_IMPORT_BYTES } from '../../native/api/jobs';
import { assetFrames } from '../../native/model/clip-edit';
import type { CommandArgs } from '../../native/model/commands/index';
import type { Document, Shot } from '../../native/model/document';
import type { CanvasId, ShotId } from '../../native/model/ids';
import { dispatch, gesture } from '../app/project-actions';
import { useStudio } from '../state/store';
import { copyOfShot, newShot, shotNames } from './new-shot';
import { insertionIndex, steppedIndex } from './shot-order';

export type ShotPatch = CommandArgs<'shot.update'>['patch'];

const docNow = (): Document | null => useStudio.getState().project?.doc ?? null;

/** The storyboard's length in frames: every shot's duration, end to end. */
export function totalFrames(doc: Document): number {
  return doc.shotOrder.reduce((sum, id) => sum + (doc.shots[id]?.durationFrames ?? 0), 0);
}

/** The artboard "Add shot" uses: the one last shown on the Canvas (`selected`), else the first. */
export function defaultArtboard(doc: Document, selected: string | null): Shot['source'] {
  const id = selected && doc.canvases[selected] ? selected : doc.canvasOrder[0];
  return id ? { kind: 'canvas', canvasId: id as CanvasId } : null;
}

/** Adds a shot of `source` after `after` (else at the end); its id, or null when refused. */
export function addShot(studio: StudioApi, source: Shot['source'], after: ShotId | null): ShotId | null {
  const doc = docNow();
  if (!doc) return null;
  const shot = newShot(doc, source, shotNames(doc, 1)[0]!);
  const index = insertionIndex(doc.shotOrder, after);
  return dispatch(studio, { type: 'shot.add', args: { shot, index } }) ? shot.id : null;
}

/** The file types "Add clip…" offers. */
export const VIDEO_EXTENSIONS = ['mp4', 'm4v', 'mov', 'webm', 'mkv', 'avi'];

/**
 * Video files into the storyboard: each becomes a clip asset and a shot showing it for the
 * clip's whole length, after `after` (else at the end), one after the other; each one undo
 * step ("Add clip"). A file the engine refuses is reported by name and skipped. Returns the ids
 * of the shots added.
 */
export async function addClipShots(
  studio: StudioApi,
  files: readonly File[],
  after: ShotId | null,
): Promise<ShotId[]> {
  const { notify } = useStudio.getState();
  const added: ShotId[] = [];
  let previous = after;
  for (const file of files) {
    const name = file.name || 'clip';
    if (file.size > MAX_IMPORT_BYTES) {
      notify(
        'error',
        `${name}: ${Math.round(file.size / 1048576)} MB is over the ${MAX_IMPORT_BYTES / 1048576} MB limit`,
      );
      continue;
    }
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const asset = await studio.project.importVideo({ source: { type: 'bytes', name, bytes } });
      const doc = docNow();
      if (!doc) break;
      const shot = newShot(
        doc,
        { kind: 'asset', assetId: asset.id },
        name.replace(/\.[^.]+$/, '').slice(0, 200) || 'Clip',
      );
      shot.durationFrames = assetFrames(asset, doc.timeline.fps) ?? shot.durationFrames;
      gesture.begin('Add clip');
      if (!doc.assets[asset.id]) gesture.update({ type: 'asset.add', args: { asset } });
      gesture.update({ type: 'shot.add', args: { shot, index: insertionIndex(doc.shotOrder, previous) } });
      gesture.commit(studio);
      if (docNow()?.shots[shot.id]) {
        added.push(shot.id);
        previous = shot.id;
      }
    } catch (error) {
      const text = isStudioError(error) ? error.message : String(error);
      notify('error', text.startsWith(`${name}: `) ? text : `${name}: ${text}`);
    }
  }
  return added;
}

/** One shot per artboard, in the Canvas's order, after `after`: one undo step, "Add shots". */
export function addShotsForArtboards(studio: StudioApi, after: ShotId | null): ShotId[] {
  const doc = docNow();
  if (!doc || doc.canvasOrder.length === 0) return [];
  const names = shotNames(doc, doc.canvasOrder.length);
  const start = insertionIndex(doc.shotOrder, after);
  const shots = doc.canvasOrder.map((canvasId, i) => newShot(doc, { kind: 'canvas', canvasId }, names[i]!));
  gesture.begin('Add shots');
  shots.forEach((shot, i) => gesture.update({ type: 'shot.add', args: { shot, index: start + i } }));
  gesture.commit(studio);
  const added = docNow();
  return shots.filter((s) => added?.shots[s.id]).map((s) => s.id);
}

/** A copy of a shot right after it; the copy's id, or null. */
export function duplicateShot(studio: StudioApi, shotId: ShotId): ShotId | null {
  const doc = docNow();
  const shot = doc?.shots[shotId];
  if (!doc || !shot) return null;
  const copy = copyOfShot(shot);
  const index = insertionIndex(doc.shotOrder, shotId);
  return dispatch(studio, { type: 'shot.add', args: { shot: copy, index } }) ? copy.id : null;
}

/** Deletes a shot; the shot now in its place (the next, else the previous), for the focus. */
export function deleteShot(studio: StudioApi, shotId: ShotId): ShotId | null {
  const doc = docNow();
  if (!doc?.shots[shotId]) return null;
  const at = doc.shotOrder.indexOf(shotId);
  const neighbour = doc.shotOrder[at + 1] ?? doc.shotOrder[at - 1] ?? null;
  return dispatch(studio, { type: 'shot.remove', args: { shotId } }) ? neighbour : null;
}

/** Moves a shot one place earlier (-1) or later (+1); false at either end. */
export function stepShot(studio: StudioApi, shotId: ShotId, step: -1 | 1): boolean {
  const doc = docNow();
  if (!doc) return false;
  const index = steppedIndex(doc.shotOrder, shotId, step);
  return index !== null && dispatch(studio, { type: 'shot.reorder', args: { shotId, index } });
}

export function updateShot(studio: StudioApi, shotId: ShotId, patch: ShotPatch): boolean {
  return dispatch(studio, { type: 'shot.update', args: { shotId, patch } });
}

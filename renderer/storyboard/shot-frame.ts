import type { StudioApi } from '../../native/api/contract';
import type { Document, Shot } from '../../native/model/document';
import { blankCanvas } from '../../native/model/factory';
import { newId, type CanvasId, type ShotId } from '../../native/model/ids';
import { frameEngine, generateFrame } from '../app/fill-actions';
import { licenceConfirmed } from '../app/licence';
import { placements } from '../app/placements';
import { gesture } from '../app/project-actions';
import { promptProblem } from '../app/prompt-settings';
import { useStudio } from '../state/store';
import { fixedFrame } from '../research/study-logic';

/** A shot without a picture gets an artboard of this placement for its frame (a vertical story). */
export const FRAME_PLACEMENT = placements.find((p) => p.id === 'story') ?? placements[0]!;

/**
 * Where a shot's generated frame goes: the artboard it shows, a new artboard (it shows nothing),
 * or nowhere (it shows an image or a video clip, which a frame does not replace).
 */
export type FrameTarget =
  | { kind: 'artboard'; canvasId: CanvasId; name: string; width: number; height: number }
  | { kind: 'new'; name: string; width: number; height: number }
  | null;

export function frameTarget(doc: Document, shot: Shot): FrameTarget {
  const source = shot.source;
  if (source?.kind === 'asset') return null;
  const canvas = source ? doc.canvases[source.canvasId] : undefined;
  if (canvas) {
    return {
      kind: 'artboard',
      canvasId: canvas.id,
      name: canvas.name,
      width: canvas.width,
      height: canvas.height,
    };
  }
  return { kind: 'new', name: shot.name, width: FRAME_PLACEMENT.width, height: FRAME_PLACEMENT.height };
}

/**
 * "Generate frame…" on a shot: into the artboard it shows; for a shot with no picture, into a new
 * artboard named after it, of the story placement, which the shot then shows (two undo steps:
 * "Add artboard", "Change shot"). The Canvas then shows that artboard with the Generate panel on
 * frames, where the variants arrive. Nothing is made when the prompt is missing or the licence
 * question is declined. Resolves with whether the frame was asked for.
 */
export async function generateShotFrame(studio: StudioApi, shotId: ShotId): Promise<boolean> {
  const state = useStudio.getState();
  const doc = state.project?.doc;
  const shot = doc?.shots[shotId];
  if (!doc || !shot) return false;
  const target = frameTarget(doc, shot);
  if (!target) {
    state.notify(
      'error',
      `${shot.name} shows an image or a clip: choose an artboard or “No picture” for a frame`,
    );
    return false;
  }
  if (state.fillJobId) {
    state.notify('error', 'A fill or a frame is being made: wait for it, or cancel it in the Generate panel');
    return false;
  }
  const refused = fixedFrame(state.study)?.refused;
  if (refused) {
    state.notify('error', refused);
    return false;
  }
  const engine = frameEngine();
  const problem = engine
    ? promptProblem(null, state.frameSettings.prompt, 'frame')
    : 'Add a Stable Diffusion model (SD-Turbo or SD 1.5 inpainting) in the Models panel first';
  if (problem) {
    state.notify('error', problem);
    return false;
  }
  // Asked before anything is made: declined, the storyboard stays as it was.
  const confirmLicence = await licenceConfirmed(engine!);
  if (confirmLicence === null) return false;

  let canvasId: CanvasId;
  if (target.kind === 'artboard') {
    canvasId = target.canvasId;
  } else {
    canvasId = newId('canvas') as CanvasId;
    const canvas = blankCanvas(canvasId, target.name, target.width, target.height, FRAME_PLACEMENT.id);
    // One undo step: the artboard and the shot showing it.
    gesture.begin('Add artboard for frame');
    gesture.update({ type: 'canvas.add', args: { canvas } });
    gesture.update({
      type: 'shot.update',
      args: { shotId, patch: { source: { kind: 'canvas', canvasId } } },
    });
    gesture.commit(studio);
    const shown = useStudio.getState().project?.doc.shots[shotId]?.source;
    if (shown?.kind !== 'canvas' || shown.canvasId !== canvasId) return false;
  }
  const now = useStudio.getState();
  now.selectCanvas(canvasId);
  now.setView('canvas');
  now.setPanel('generate');
  now.setGenerateMode('frame');
  return generateFrame(studio, canvasId, confirmLicence);
}

import type { StudioApi } from '../../native/api/contract';
import { InpaintResultSchema, type JobInfo } from '../../native/api/jobs';
import type { Layer } from '../../native/model/document';
import { newId, type CanvasId } from '../../native/model/ids';
import type { StagedVariant, Staging } from '../state/fill-slice';
import { useStudio } from '../state/store';
import { beforeLeaving, gesture, settled } from './project-actions';
import { licenceConfirmed } from './licence';
import { errorText, logUiEvent } from './feedback';

const message = errorText;

const log = logUiEvent;

// Variants still waiting when their project closes: logged in it as abandoned, before it goes.
beforeLeaving(async (studio) => {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  await Promise.all(reject(studio, staging, staging.variants, 'abandoned'));
  discardQuietly();
});

/** The artboard each fill was asked for (the user may look at another one by the time it ends). */
const fillCanvas = new Map<string, string>();

/** Generate (or Regenerate): an artboard's mask (the shown one by default), filled in the job process. */
let requesting = false;
export async function generateFill(
  studio: StudioApi,
  regenerateOf: string | null = null,
  canvasId: string | null = useStudio.getState().selectedCanvasId,
): Promise<boolean> {
  const { fillSettings: s, notify, fillJobId } = useStudio.getState();
  // One fill at a time: a second press while one is asked for or running does nothing.
  if (!canvasId || requesting || fillJobId) return false;
  requesting = true;
  try {
    const confirmLicence = await licenceConfirmed(s.engine);
    if (confirmLicence === null) return false;
    // A stroke still being stored must reach the engine first: it fills the mask it has.
    await settled();
    const { jobId } = await studio.project.generateFill({
      canvasId,
      engine: s.engine,
      variants: s.variants,
      seed: s.randomSeed ? null : s.seed,
      regenerateOf: regenerateOf as `job:${string}` | null,
      confirmLicence,
    });
    fillCanvas.set(jobId, canvasId);
    useStudio.getState().setFillJob(jobId);
    return true;
  } catch (error) {
    notify('error', message(error));
    return false;
  } finally {
    requesting = false;
  }
}

/** A job update: the running fill, once done, puts its variants over the canvas. */
export async function fillJobUpdated(studio: StudioApi, info: JobInfo): Promise<void> {
  const state = useStudio.getState();
  if (info.id !== state.fillJobId) return;
  // A failure is reported with every other job's (engine-sync).
  if (info.state === 'failed' || info.state === 'cancelled') return state.setFillJob(null);
  if (info.state !== 'done') return;
  const parsed = InpaintResultSchema.safeParse(info.result);
  state.setFillJob(null);
  if (!parsed.success) return state.notify('error', 'The fill returned something the studio cannot show');
  const canvasId = fillCanvas.get(info.id);
  fillCanvas.delete(info.id);
  if (!canvasId || !state.project?.doc.canvases[canvasId]) return;
  let variants: StagedVariant[];
  try {
    variants = await Promise.all(
      parsed.data.variants.map(async (v, index) => ({
        image: await createImageBitmap(new Blob([v.png as BlobPart], { type: 'image/png' })),
        seed: v.seed,
        engine: v.engine,
        index,
      })),
    );
  } catch (error) {
    state.notify('error', `The fill's results could not be shown: ${message(error)}`);
    return;
  }
  // Variants still waiting are replaced: that is a decision too.
  const waiting = useStudio.getState().staging;
  if (waiting) reject(studio, waiting, waiting.variants, 'superseded');
  discardQuietly();
  useStudio.getState().setStaging({
    jobId: info.id,
    canvasId,
    box: parsed.data.box,
    variants,
    current: 0,
    shownAt: performance.now(),
  });
  logShown(studio);
}

function logShown(studio: StudioApi): void {
  const staging = useStudio.getState().staging;
  const v = staging?.variants[staging.current];
  if (!staging || !v) return;
  log(studio, {
    type: 'variant.shown',
    name: v.engine,
    targetIds: [staging.jobId],
    args: { index: v.index, seed: v.seed },
  });
}

/** Previous / next variant in the strip. */
export function showVariant(studio: StudioApi, step: 1 | -1): void {
  const { staging, setStaging } = useStudio.getState();
  if (!staging || staging.variants.length < 2) return;
  const current = (staging.current + step + staging.variants.length) % staging.variants.length;
  setStaging({ ...staging, current });
  logShown(studio);
}

const decisionMs = (staging: Staging) => Math.round(performance.now() - staging.shownAt);

function reject(
  studio: StudioApi,
  staging: Staging,
  variants: StagedVariant[],
  reason: string,
): Promise<unknown>[] {
  return variants.map((v) =>
    log(studio, {
      type: 'variant.rejected',
      name: v.engine,
      targetIds: [staging.jobId],
      args: { index: v.index, seed: v.seed, reason },
      durationMs: decisionMs(staging),
    }),
  );
}

/** Drops the staged variants without a word (a new fill replaces them). */
function discardQuietly(): void {
  const { staging, setStaging } = useStudio.getState();
  if (!staging) return;
  setStaging(null);
  for (const v of staging.variants) v.image.close();
}

/** Discard the shown variant (the strip goes on with the rest). */
export function discardVariant(studio: StudioApi): void {
  const { staging, setStaging } = useStudio.getState();
  const v = staging?.variants[staging.current];
  if (!staging || !v) return;
  reject(studio, staging, [v], 'discarded');
  const rest = staging.variants.filter((x) => x !== v);
  if (rest.length === 0) setStaging(null);
  else setStaging({ ...staging, variants: rest, current: Math.min(staging.current, rest.length - 1) });
  v.image.close();
  if (rest.length > 0) logShown(studio);
}

export function discardAll(studio: StudioApi): void {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  reject(studio, staging, staging.variants, 'discarded');
  discardQuietly();
}

/** Asks again for the variants' artboard; they go when the request is taken. */
export async function regenerate(studio: StudioApi): Promise<void> {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  if (!(await generateFill(studio, staging.jobId, staging.canvasId))) return;
  if (useStudio.getState().staging !== staging) return;
  reject(studio, staging, staging.variants, 'regenerated');
  discardQuietly();
}

/**
 * Accept the shown variant, or all of them: each becomes an image layer over the mask's box,
 * above the selected layer (the source is never changed), and the mask is cleared — one undo step.
 */
export async function acceptVariants(studio: StudioApi, all = false): Promise<void> {
  const state = useStudio.getState();
  const staging = state.staging;
  if (!staging || !state.project?.doc.canvases[staging.canvasId]) return;
  const chosen = all ? staging.variants : [staging.variants[staging.current]!];
  const decided = decisionMs(staging);
  // Taken off the screen at once: a second Enter, or Esc, has nothing left to act on.
  state.setStaging(null);
  try {
    const stored = [];
    for (const v of chosen) {
      stored.push({
        v,
        ...(await studio.project.acceptVariant({ jobId: staging.jobId as `job:${string}`, index: v.index })),
      });
    }
    const canvas = useStudio.getState().project?.doc.canvases[staging.canvasId];
    if (!canvas) throw new Error('the artboard is gone');
    // On top, where the preview showed it: the fill was made from everything the artboard shows.
    let index = canvas.layerIds.length;
    const layerIds: string[] = [];
    gesture.begin(all ? 'Accept all variants' : 'Accept variant');
    for (const { asset, box } of stored) {
      const layer: Layer = {
        id: newId('layer'),
        canvasId: canvas.id as CanvasId,
        parentId: null,
        name: `Fill ${stored.find((x) => x.asset === asset)!.v.index + 1}`,
        visible: true,
        locked: false,
        opacity: 1,
        blendMode: 'normal',
        transform: { ...box, rotation: 0, flipX: false, flipY: false },
        type: 'image',
        assetId: asset.id,
      };
      gesture.update({ type: 'asset.add', args: { asset } });
      gesture.update({ type: 'layer.add', args: { layer, index: index++ } });
      layerIds.push(layer.id);
    }
    // The mask has done its work (as in IOPaint) — if it is still the one the fill used;
    // undo brings it back with the layer gone.
    if (canvas.maskAssetId && canvas.maskAssetId === stored[0]?.maskAssetId) {
      gesture.update({ type: 'mask.set', args: { canvasId: canvas.id as CanvasId, assetId: null } });
    }
    gesture.commit(studio);
    stored.forEach(({ v, asset }, i) =>
      log(studio, {
        type: 'variant.accepted',
        name: v.engine,
        targetIds: [layerIds[i]!, asset.id, staging.jobId],
        args: { index: v.index, seed: v.seed, all },
        durationMs: decided,
      }),
    );
    reject(
      studio,
      staging,
      staging.variants.filter((v) => !chosen.includes(v)),
      'superseded',
    );
    for (const v of staging.variants) v.image.close();
    useStudio.getState().selectLayers(layerIds);
  } catch (error) {
    // Nothing was added: the variants come back to choose from.
    if (!useStudio.getState().staging) useStudio.getState().setStaging(staging);
    useStudio.getState().notify('error', `The variant was not added: ${message(error)}`);
  }
}

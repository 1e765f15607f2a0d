import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { InpaintResultSchema, type JobInfo } from '../../native/api/jobs';
import type { UiEventSchema } from '../../native/api/project';
import type { z } from 'zod';

type UiEvent = z.input<typeof UiEventSchema>;
import type { Layer } from '../../native/model/document';
import { newId, type CanvasId } from '../../native/model/ids';
import type { StagedVariant, Staging } from '../state/fill-slice';
import { useStudio } from '../state/store';
import { gesture, settled } from './project-actions';

const message = (error: unknown) => (isStudioError(error) ? error.message : String(error));

function log(studio: StudioApi, event: UiEvent): void {
  // The research log is best effort from here: a refused entry must not stop the designer.
  void studio.feedback.log(event as Parameters<StudioApi['feedback']['log']>[0]).catch(() => {});
}

/** The artboard each fill was asked for (the user may look at another one by the time it ends). */
const fillCanvas = new Map<string, string>();

/** Generate (or Regenerate): the shown artboard's mask, filled in the job process. */
export async function generateFill(studio: StudioApi, regenerateOf: string | null = null): Promise<void> {
  const { selectedCanvasId, fillSettings: s, notify } = useStudio.getState();
  if (!selectedCanvasId) return;
  // A stroke still being stored must reach the engine first: it fills the mask it has.
  await settled();
  try {
    const { jobId } = await studio.project.generateFill({
      canvasId: selectedCanvasId,
      engine: s.engine,
      variants: s.variants,
      seed: s.randomSeed ? null : s.seed,
      regenerateOf: regenerateOf as `job:${string}` | null,
    });
    fillCanvas.set(jobId, selectedCanvasId);
    useStudio.getState().setFillJob(jobId);
  } catch (error) {
    notify('error', message(error));
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
  const variants: StagedVariant[] = await Promise.all(
    parsed.data.variants.map(async (v, index) => ({
      image: await createImageBitmap(new Blob([v.png as BlobPart], { type: 'image/png' })),
      seed: v.seed,
      engine: v.engine,
      index,
    })),
  );
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

function reject(studio: StudioApi, staging: Staging, variants: StagedVariant[], reason: string): void {
  for (const v of variants) {
    log(studio, {
      type: 'variant.rejected',
      name: v.engine,
      targetIds: [staging.jobId],
      args: { index: v.index, seed: v.seed, reason },
      durationMs: decisionMs(staging),
    });
  }
}

/** Drops the staged variants without a word (a new fill replaces them). */
function discardQuietly(): void {
  const { staging, setStaging } = useStudio.getState();
  if (!staging) return;
  for (const v of staging.variants) v.image.close();
  setStaging(null);
}

/** Discard the shown variant (the strip goes on with the rest). */
export function discardVariant(studio: StudioApi): void {
  const { staging, setStaging } = useStudio.getState();
  const v = staging?.variants[staging.current];
  if (!staging || !v) return;
  reject(studio, staging, [v], 'discarded');
  v.image.close();
  const rest = staging.variants.filter((x) => x !== v);
  if (rest.length === 0) return setStaging(null);
  setStaging({ ...staging, variants: rest, current: Math.min(staging.current, rest.length - 1) });
  logShown(studio);
}

export function discardAll(studio: StudioApi): void {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  reject(studio, staging, staging.variants, 'discarded');
  discardQuietly();
}

export function regenerate(studio: StudioApi): void {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  reject(studio, staging, staging.variants, 'regenerated');
  discardQuietly();
  void generateFill(studio, staging.jobId);
}

/**
 * Accept the shown variant, or all of them: each becomes an image layer over the mask's box,
 * above the selected layer (the source is never changed), and the mask is cleared — one undo step.
 */
export async function acceptVariants(studio: StudioApi, all = false): Promise<void> {
  const state = useStudio.getState();
  const staging = state.staging;
  const doc = state.project?.doc;
  const canvas = staging && doc?.canvases[staging.canvasId];
  if (!staging || !doc || !canvas) return;
  const chosen = all ? staging.variants : [staging.variants[staging.current]!];
  const decided = decisionMs(staging);
  try {
    const stored = [];
    for (const v of chosen)
      stored.push({
        v,
        ...(await studio.project.acceptVariant({ jobId: staging.jobId as `job:${string}`, index: v.index })),
      });
    // Above the selected top-level layer, else on top.
    const selected = state.selectedLayerIds
      .map((id) => canvas.layerIds.indexOf(id as never))
      .filter((i) => i >= 0);
    let index = selected.length > 0 ? Math.max(...selected) + 1 : canvas.layerIds.length;
    const layerIds: string[] = [];
    gesture.begin(all ? 'Accept all variants' : 'Accept variant');
    for (const { v, asset, box } of stored) {
      const layer: Layer = {
        id: newId('layer'),
        canvasId: canvas.id as CanvasId,
        parentId: null,
        name: `Fill ${v.index + 1}`,
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
      log(studio, {
        type: 'variant.accepted',
        name: v.engine,
        targetIds: [layer.id, asset.id, staging.jobId],
        args: { index: v.index, seed: v.seed, all },
        durationMs: decided,
      });
    }
    // The mask has done its work (as in IOPaint); undo brings it back with the layer gone.
    if (canvas.maskAssetId) {
      gesture.update({ type: 'mask.set', args: { canvasId: canvas.id as CanvasId, assetId: null } });
    }
    gesture.commit(studio);
    reject(
      studio,
      staging,
      staging.variants.filter((v) => !chosen.includes(v)),
      'superseded',
    );
    discardQuietly();
    useStudio.getState().selectLayers(layerIds);
  } catch (error) {
    useStudio.getState().notify('error', `The variant was not added: ${message(error)}`);
  }
}

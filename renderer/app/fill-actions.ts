import type { ArgsIn, StudioApi } from '../../native/api/contract';
import { InpaintResultSchema, type JobInfo } from '../../native/api/jobs';
import { takesPrompt, type FillEngine } from '../../native/api/models';
import type { Layer } from '../../native/model/document';
import { newId, type CanvasId } from '../../native/model/ids';
import type { PromptSettings, StagedVariant, Staging } from '../state/fill-slice';
import { useStudio } from '../state/store';
import { beforeLeaving, gesture, settled } from './project-actions';
import { licenceConfirmed } from './licence';
import { errorText, logUiEvent } from './feedback';
import {
  consistencyArg,
  readConsistency,
  writeConsistency,
  type FrameConsistency,
} from './frame-consistency';
import { diffusionModels, familyOf, promptProblem } from './prompt-settings';
import { fixedFill, fixedFrame } from '../research/study-logic';

type GenerateFillArgs = ArgsIn<'project.generateFill'>;
type GenerateFrameArgs = ArgsIn<'project.generateFrame'>;

const message = errorText;

const log = logUiEvent;

// Variants still waiting when their project closes: logged in it as abandoned, before it goes.
beforeLeaving(async (studio) => {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  await Promise.all(reject(studio, staging, staging.variants, 'abandoned'));
  discardQuietly();
});

/**
 * What each running or finished generation was asked for, by job id: its artboard (the user may
 * look at another one by the time it ends) and its request, which Regenerate sends again as it
 * was (the same prompt and engine; a random seed stays random).
 */
type Asked = 'canvasId' | 'regenerateOf' | 'confirmLicence';
type Request =
  | { kind: 'fill'; canvasId: string; args: Omit<GenerateFillArgs, Asked> & { engine: FillEngine } }
  | { kind: 'frame'; canvasId: string; args: Omit<GenerateFrameArgs, Asked> };
const requests = new Map<string, Request>();

/** What a prompted request carries (null steps or guidance: the model's own). */
function promptArgs(s: PromptSettings) {
  return {
    prompt: s.prompt.trim(),
    negativePrompt: s.negativePrompt.trim(),
    steps: s.steps,
    guidance: s.guidance,
  };
}

/** Sends a fill or frame request to the engine; the job's variants arrive in the staging strip. */
let requesting = false;
async function submit(
  studio: StudioApi,
  request: Request,
  regenerateOf: string | null,
  /** The licence question, when the caller asked it already. */
  confirmed?: boolean,
): Promise<boolean> {
  const { notify, fillJobId, models } = useStudio.getState();
  // One generation at a time: a second press while one is asked for or running does nothing.
  if (requesting || fillJobId) return false;
  const problem = promptProblem(
    familyOf(models?.models, request.args.engine),
    request.args.prompt ?? '',
    request.kind,
  );
  if (problem) {
    notify('error', problem);
    return false;
  }
  requesting = true;
  try {
    const confirmLicence = confirmed ?? (await licenceConfirmed(request.args.engine));
    if (confirmLicence === null) return false;
    // A stroke still being stored must reach the engine first: it fills the mask it has.
    await settled();
    const common = {
      canvasId: request.canvasId,
      regenerateOf: regenerateOf as `job:${string}` | null,
      confirmLicence,
    };
    const { jobId } =
      request.kind === 'fill'
        ? await studio.project.generateFill({ ...request.args, ...common })
        : await studio.project.generateFrame({ ...request.args, ...common });
    requests.set(jobId, request);
    useStudio.getState().setFillJob(jobId);
    return true;
  } catch (error) {
    notify('error', message(error));
    return false;
  } finally {
    requesting = false;
  }
}

/**
 * Generate (or Regenerate): an artboard's mask (the shown one by default), filled in the job
 * process with the Generate panel's engine (a Stable Diffusion one paints what its prompt says).
 */
export function generateFill(
  studio: StudioApi,
  regenerateOf: string | null = null,
  canvasId: string | null = useStudio.getState().selectedCanvasId,
): Promise<boolean> {
  const s = useStudio.getState().fillSettings;
  if (!canvasId) return Promise.resolve(false);
  // A study participant's condition fixes the engine and the number of variants (the engine
  // enforces it too; asking for them here keeps the request and the log plain).
  const fixed = fixedFill(useStudio.getState().study);
  const engine = fixed?.engine ?? s.engine;
  const prompted = isPromptEngine(engine) ? promptArgs(s) : {};
  return submit(
    studio,
    {
      kind: 'fill',
      canvasId,
      args: {
        engine,
        variants: fixed?.variants ?? s.variants,
        seed: s.randomSeed ? null : s.seed,
        ...prompted,
      },
    },
    regenerateOf,
  );
}

/**
 * The model a frame is made with: the one a study's condition fixes, else the one chosen, else
 * the first Stable Diffusion model listed.
 */
export function frameEngine(): `model:${string}` | null {
  const { frameSettings, models, study } = useStudio.getState();
  // A study participant's condition may fix it (see fixedFrame).
  const fixed = fixedFrame(study)?.engine;
  if (fixed) return fixed;
  const first = diffusionModels(models?.models)[0];
  return frameSettings.engine ?? (first ? `model:${first.id}` : null);
}

/**
 * Generate frame: a picture for the whole artboard (the shown one by default) from the frame
 * settings' prompt, in the artboard's aspect; with "Keep consistent" on, from the project's
 * consistent seed and reference prompt. Its variants wait in the staging strip like a fill's.
 * `confirmLicence`: the licence question, when the caller asked it already.
 */
export function generateFrame(
  studio: StudioApi,
  canvasId: string | null = useStudio.getState().selectedCanvasId,
  confirmLicence?: boolean,
): Promise<boolean> {
  const { frameSettings: s, project, notify, study } = useStudio.getState();
  if (!canvasId || !project) return Promise.resolve(false);
  // A study participant's condition fixes the model and the variants, as for a fill (the engine
  // enforces it too), or allows no frames at all.
  const fixed = fixedFrame(study);
  if (fixed?.refused) {
    notify('error', fixed.refused);
    return Promise.resolve(false);
  }
  const engine = frameEngine();
  if (!engine) {
    notify('error', 'Add a Stable Diffusion model (SD-Turbo or SD 1.5 inpainting) in the Models panel first');
    return Promise.resolve(false);
  }
  const consistency = consistencyArg(frameConsistency(project.doc.id));
  return submit(
    studio,
    {
      kind: 'frame',
      canvasId,
      args: {
        engine,
        variants: fixed?.variants ?? s.variants,
        seed: s.randomSeed ? null : s.seed,
        consistency,
        ...promptArgs(s),
      },
    },
    null,
    confirmLicence,
  );
}

/** Whether an engine takes the prompt fields (a Stable Diffusion model of the models folder). */
function isPromptEngine(engine: string): boolean {
  const family = familyOf(useStudio.getState().models?.models, engine);
  return family !== null && takesPrompt(family);
}

/** A project's "Keep consistent" settings: this session's, else the ones kept in the browser. */
export function frameConsistency(projectId: string): FrameConsistency {
  return (
    useStudio.getState().frameConsistency[projectId] ??
    readConsistency(globalThis.localStorage as Storage | undefined, projectId)
  );
}

/** Changes a project's "Keep consistent" settings, here and in the browser's storage. */
export function setFrameConsistency(projectId: string, value: FrameConsistency): void {
  useStudio.getState().setFrameConsistency(projectId, value);
  writeConsistency(globalThis.localStorage as Storage | undefined, projectId, value);
}

/** A job update: the running fill, once done, puts its variants over the canvas. */
export async function fillJobUpdated(studio: StudioApi, info: JobInfo): Promise<void> {
  const state = useStudio.getState();
  if (info.id !== state.fillJobId) return;
  // A failure is reported with every other job's (engine-sync).
  if (info.state === 'failed' || info.state === 'cancelled') {
    requests.delete(info.id);
    return state.setFillJob(null);
  }
  if (info.state !== 'done') return;
  const parsed = InpaintResultSchema.safeParse(info.result);
  state.setFillJob(null);
  if (!parsed.success) return state.notify('error', 'The fill returned something the studio cannot show');
  const request = requests.get(info.id);
  // Only this job's request can be asked again now: its variants replace any still shown.
  for (const id of requests.keys()) if (id !== info.id) requests.delete(id);
  const canvasId = request?.canvasId;
  if (!request || !canvasId || !state.project?.doc.canvases[canvasId]) return;
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
    state.notify('error', `The ${request.kind}'s results could not be shown: ${message(error)}`);
    return;
  }
  // Variants still waiting are replaced: that is a decision too.
  const waiting = useStudio.getState().staging;
  if (waiting) reject(studio, waiting, waiting.variants, 'superseded');
  discardQuietly();
  useStudio.getState().setStaging({
    jobId: info.id,
    kind: request.kind,
    canvasId,
    box: parsed.data.box,
    variants,
    current: 0,
    shownAt: performance.now(),
  });
  logShown(studio);
  // Research mode, a condition with `results: inline` (IOPaint's way, against InvokeAI's
  // staging area): the result lands on the artboard at once, as a layer in one undo step, with
  // no strip to choose from; Undo takes it back and Generate makes another. Only the first
  // variant is placed; the others were never offered: rejected with the reason "inline" (one of
  // the log's safe words).
  if (fixedFill(useStudio.getState().study)?.results === 'inline') {
    await acceptVariants(studio, false, 'inline');
  }
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

/** Asks again what the variants were made from (the same prompt); they go when the request is taken. */
export async function regenerate(studio: StudioApi): Promise<void> {
  const staging = useStudio.getState().staging;
  if (!staging) return;
  const request = requests.get(staging.jobId);
  const asked = request
    ? await submit(studio, request, staging.jobId)
    : await generateFill(studio, staging.jobId, staging.canvasId);
  if (!asked) return;
  if (useStudio.getState().staging !== staging) return;
  reject(studio, staging, staging.variants, 'regenerated');
  discardQuietly();
}

/**
 * Accept the shown variant, or all of them: each becomes an image layer over the mask's box (a
 * frame's: the whole artboard), on top (the source is never changed), and the mask a fill used
 * is cleared — one undo step.
 */
export async function acceptVariants(
  studio: StudioApi,
  all = false,
  /** Why the variants not accepted go: the chosen one replaced them, or (inline results) never offered. */
  othersReason: 'superseded' | 'inline' = 'superseded',
): Promise<void> {
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
        name: `${staging.kind === 'frame' ? 'Frame' : 'Fill'} ${stored.find((x) => x.asset === asset)!.v.index + 1}`,
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
    // The mask has done its work (as in IOPaint) — if it is still the one the fill used (a frame
    // used none); undo brings it back with the layer gone.
    const usedMask = stored[0]?.maskAssetId ?? null;
    if (usedMask !== null && canvas.maskAssetId === usedMask) {
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
      othersReason,
    );
    for (const v of staging.variants) v.image.close();
    useStudio.getState().selectLayers(layerIds);
  } catch (error) {
    // Nothing was added: the variants come back to choose from.
    if (!useStudio.getState().staging) useStudio.getState().setStaging(staging);
    useStudio.getState().notify('error', `The variant was not added: ${message(error)}`);
  }
}

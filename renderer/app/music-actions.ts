import type { StudioApi } from '../../native/api/contract';
import { MusicResultSchema, type JobInfo } from '../../native/api/jobs';
import type { Clip, Document, Track } from '../../native/model/document';
import { newId, type ClipId, type TrackId } from '../../native/model/ids';
import { secondsToFrames } from '../../native/model/time';
import { assetFrames, freeSpot } from '../../native/model/clip-edit';
import type { MusicStaging, MusicVariant } from '../state/music-slice';
import { useStudio } from '../state/store';
import { beforeLeaving, gesture } from './project-actions';
import { licenceConfirmed } from './licence';
import { errorText, logUiEvent } from './feedback';

const message = errorText;

const log = logUiEvent;

/** The storyboard's length in seconds (the shots' durations), or null without shots. */
export function storyboardSeconds(doc: Document): number | null {
  const frames = doc.shotOrder.reduce((sum, id) => sum + (doc.shots[id]?.durationFrames ?? 0), 0);
  return frames > 0 ? frames / doc.timeline.fps : null;
}

/** The length a new soundtrack gets: the one typed, else the storyboard's, else 30 s. */
export function soundtrackSeconds(): number {
  const { musicSettings, project } = useStudio.getState();
  return musicSettings.seconds ?? (project ? storyboardSeconds(project.doc) : null) ?? 30;
}

// Pieces still waiting when their project closes: logged in it as abandoned, before it goes.
beforeLeaving(async (studio) => {
  const staging = useStudio.getState().musicStaging;
  if (!staging) return;
  await Promise.all(reject(studio, staging, staging.variants, 'abandoned'));
  drop();
});

let requesting = false;
/** Generate (or Regenerate): `variants` pieces of exactly the chosen length, composed in the job process. */
export async function generateMusic(studio: StudioApi, regenerateOf: string | null = null): Promise<boolean> {
  const { musicSettings: s, musicJobId, notify, setMusicJob } = useStudio.getState();
  if (requesting || musicJobId) return false;
  requesting = true;
  try {
    const confirmLicence = await licenceConfirmed(s.engine);
    if (confirmLicence === null) return false;
    const { jobId } = await studio.project.generateMusic({
      confirmLicence,
      prompt: s.prompt,
      seconds: soundtrackSeconds(),
      engine: s.engine,
      variants: s.variants,
      seed: s.randomSeed ? null : s.seed,
      regenerateOf: regenerateOf as `job:${string}` | null,
    });
    setMusicJob(jobId);
    return true;
  } catch (error) {
    notify('error', message(error));
    return false;
  } finally {
    requesting = false;
  }
}

/** A job update: the running soundtrack, once done, is offered as variants to preview. */
export function musicJobUpdated(studio: StudioApi, info: JobInfo): void {
  const state = useStudio.getState();
  if (info.id !== state.musicJobId) return;
  if (info.state === 'failed' || info.state === 'cancelled') return state.setMusicJob(null);
  if (info.state !== 'done') return;
  state.setMusicJob(null);
  const parsed = MusicResultSchema.safeParse(info.result);
  if (!parsed.success)
    return state.notify('error', 'The soundtrack returned something the studio cannot play');
  const waiting = state.musicStaging;
  if (waiting) reject(studio, waiting, waiting.variants, 'superseded');
  drop();
  const variants: MusicVariant[] = parsed.data.variants.map((v, index) => ({
    index,
    seed: v.seed,
    bpm: v.bpm,
    key: v.key,
    seconds: v.durationSamples / 48_000,
    url: URL.createObjectURL(new Blob([v.wav as BlobPart], { type: 'audio/wav' })),
  }));
  const engine = parsed.data.engine === 'musicgen' ? 'musicgen' : 'composer';
  useStudio.getState().setMusicStaging({ jobId: info.id, engine, variants, shownAt: performance.now() });
  for (const v of variants) {
    log(studio, {
      type: 'variant.shown',
      name: engine,
      targetIds: [info.id],
      args: { index: v.index, seed: v.seed },
    });
  }
}

const decisionMs = (staging: MusicStaging) => Math.round(performance.now() - staging.shownAt);

function reject(studio: StudioApi, staging: MusicStaging, variants: MusicVariant[], reason: string) {
  return variants.map((v) =>
    log(studio, {
      type: 'variant.rejected',
      name: staging.engine,
      targetIds: [staging.jobId],
      args: { index: v.index, seed: v.seed, reason },
      durationMs: decisionMs(staging),
    }),
  );
}

function drop(): void {
  const { musicStaging, setMusicStaging } = useStudio.getState();
  if (!musicStaging) return;
  setMusicStaging(null);
  for (const v of musicStaging.variants) URL.revokeObjectURL(v.url);
}

export function discardMusicVariant(studio: StudioApi, variant: MusicVariant): void {
  const { musicStaging, setMusicStaging } = useStudio.getState();
  if (!musicStaging) return;
  reject(studio, musicStaging, [variant], 'discarded');
  const rest = musicStaging.variants.filter((v) => v !== variant);
  URL.revokeObjectURL(variant.url);
  setMusicStaging(rest.length > 0 ? { ...musicStaging, variants: rest } : null);
}

export function discardAllMusic(studio: StudioApi): void {
  const staging = useStudio.getState().musicStaging;
  if (!staging) return;
  reject(studio, staging, staging.variants, 'discarded');
  drop();
}

export async function regenerateMusic(studio: StudioApi): Promise<void> {
  const staging = useStudio.getState().musicStaging;
  if (!staging) return;
  if (!(await generateMusic(studio, staging.jobId))) return;
  if (useStudio.getState().musicStaging !== staging) return;
  reject(studio, staging, staging.variants, 'regenerated');
  drop();
}

/**
 * Accept a piece: stored as an audio asset (with its peaks and how it was made) and placed as a
 * clip at the start of the music track (a music track is added if there is none) — one undo step.
 */
export async function acceptMusic(studio: StudioApi, variant: MusicVariant): Promise<void> {
  const state = useStudio.getState();
  const staging = state.musicStaging;
  if (!staging || !state.project) return;
  if (accepting) return;
  const decided = decisionMs(staging);
  const others = staging.variants.filter((v) => v !== variant);
  accepting = true;
  try {
    const { asset } = await studio.project.acceptMusic({
      jobId: staging.jobId as `job:${string}`,
      index: variant.index,
    });
    // Stored: the variants have done their work (a failure above keeps them to choose from).
    if (useStudio.getState().musicStaging === staging) drop();
    const doc = useStudio.getState().project?.doc;
    if (!doc) return;
    gesture.begin('Add soundtrack');
    let track: Track | undefined = doc.timeline.trackOrder
      .map((id) => doc.timeline.tracks[id]!)
      .find((t) => t.kind === 'music');
    if (!track) {
      track = {
        id: newId('track') as TrackId,
        kind: 'music',
        name: 'Music',
        muted: false,
        solo: false,
        gainDb: 0,
        clipIds: [],
      };
      gesture.update({ type: 'track.add', args: { track } });
    }
    const fps = doc.timeline.fps;
    // Whole frames inside the audio, as every clip of an asset is measured.
    const durationFrames = assetFrames(asset, fps) ?? Math.max(1, secondsToFrames(variant.seconds, fps));
    const clip: Clip = {
      id: newId('clip') as ClipId,
      trackId: track.id,
      assetId: asset.id,
      shotId: null,
      text: null,
      // At the start of the cut, or after what is already on the music track.
      startFrame: freeSpot(doc.timeline, track.id, 0, durationFrames),
      durationFrames,
      trimStartSamples: 0,
      gainDb: 0,
      fadeInFrames: 0,
      fadeOutFrames: 0,
    };
    gesture.update({ type: 'asset.add', args: { asset } });
    gesture.update({ type: 'clip.add', args: { clip } });
    gesture.commit(studio);
    log(studio, {
      type: 'variant.accepted',
      name: staging.engine,
      targetIds: [staging.jobId, asset.id, clip.id],
      args: { index: variant.index, seed: variant.seed },
      durationMs: decided,
    });
    reject(studio, staging, others, 'superseded');
  } catch (error) {
    state.notify('error', `The soundtrack was not added: ${message(error)}`);
  } finally {
    accepting = false;
  }
}

/** One Use at a time: a second click while the first is stored does nothing. */
let accepting = false;

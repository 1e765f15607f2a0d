/**
 * Audio in a project: importing audio files (probed and decoded with ffmpeg, their waveform
 * peaks computed once and stored beside them) and soundtracks from the built-in composer
 * (variants asked for as a job, kept until accepted or the project closes; logged like fills).
 */
import { randomInt } from 'node:crypto';
import { basename } from 'node:path';
import { StudioError } from '../api/errors';
import type { StudioHandlers } from '../api/dispatch';
import { jobResult, type JobInfo, type JobResult, type JobSpec } from '../api/jobs';
import type { AudioPeaks } from '../api/project';
import type { FileAccess } from './file-access';
import type { ProjectSession } from './session';
import { playableAudio, probeAudio, type AudioSource } from '../media/audio-input';
import { computePeaks, decodePeaks, encodePeaks, peaksFromSource, type Peaks } from '../media/peaks';
import { decodeWav } from '../music/wav';
import { MUSICGEN_MAX_SECONDS } from '../music/musicgen';
import type { Licence } from '../api/models';
import { promptFields } from './prompt-log';

type SoundtrackHandlers = Pick<
  StudioHandlers,
  'project.importAudio' | 'project.audioPeaks' | 'project.generateMusic' | 'project.acceptMusic'
>;

export interface SoundtrackServiceOptions {
  /** The open project, or a StudioError when there is none. */
  open(): ProjectSession;
  /** The open project, or null. */
  current(): ProjectSession | null;
  /** Runs work after the project's other calls, one at a time. */
  serial<T>(work: () => T | Promise<T>): Promise<T>;
  files: FileAccess;
  submitJob(spec: JobSpec): { id: string };
  getJob(jobId: string): JobInfo | null;
  cancelJob(jobId: string): void;
  /** MusicGen folders of the models folder (absent: the composer only). */
  resolveMusic?(id: string): Promise<{ id: string; name: string; dir: string; licence: Licence }>;
}

interface PendingMusic {
  session: ProjectSession;
  /** The MusicGen model, or null for the composer. */
  model: { id: string } | null;
  prompt: string;
  seconds: number;
  seeds: number[];
  requestedAt: number;
  result?: JobResult<'music'>;
}

const MIME_BY_CONTAINER: Record<string, string> = { wav: 'audio/wav' };

function peaksOut(peaks: Peaks): AudioPeaks {
  return {
    bucketsPerSecond: peaks.bucketsPerSecond,
    sampleRate: peaks.sampleRate,
    durationSamples: peaks.durationSamples,
    max: peaks.max.map((m) => new Uint8Array(m.buffer, m.byteOffset, m.byteLength)),
  };
}

export class SoundtrackService {
  private readonly music = new Map<string, PendingMusic>();

  constructor(private readonly options: SoundtrackServiceOptions) {}

  /** The project is closing: pieces still being composed are logged as abandoned and cancelled. */
  abandon(session: ProjectSession | null): void {
    for (const [jobId, pending] of this.music) {
      if (!pending.result && pending.session === session) {
        try {
          session.logEvent({
            type: 'generation.failed',
            name: pending.model ? 'musicgen' : 'composer',
            targetIds: [jobId],
            args: { reason: 'abandoned', code: null },
            durationMs: Math.max(0, Date.now() - pending.requestedAt),
          });
        } catch {
          // A project that cannot log any more is closing anyway.
        }
        this.options.cancelJob(jobId);
      }
    }
    this.music.clear();
  }

  /** A job changed: a soundtrack that ended is logged in its project as finished or failed. */
  jobUpdated(info: JobInfo): void {
    const pending = this.music.get(info.id);
    if (!pending || pending.result || !['done', 'failed', 'cancelled'].includes(info.state)) return;
    const durationMs = Math.max(0, (info.endedAt ?? Date.now()) - pending.requestedAt);
    if (info.state === 'done') {
      const result = jobResult('music', info);
      if (result) pending.result = result;
      else this.music.delete(info.id);
    } else {
      this.music.delete(info.id);
    }
    void this.options
      .serial(() => {
        if (pending.session !== this.options.current()) return;
        pending.session.logEvent(
          info.state === 'done'
            ? {
                type: 'generation.finished',
                name: pending.model ? 'musicgen' : 'composer',
                targetIds: [info.id],
                args: {
                  variants: pending.result?.variants.length ?? 0,
                  // MusicGen runs on the CPU in the job process (transformers.js' onnxruntime).
                  provider: pending.model ? 'cpu' : 'builtin',
                  bpm: pending.result?.variants[0]?.bpm ?? null,
                },
                durationMs,
              }
            : {
                type: 'generation.failed',
                name: pending.model ? 'musicgen' : 'composer',
                targetIds: [info.id],
                args: {
                  reason: info.state === 'cancelled' ? 'cancelled' : 'failed',
                  code: info.error?.code ?? null,
                },
                durationMs,
              },
        );
      })
      .catch(() => {});
  }

  /** The MusicGen model an engine names; refused in client work until its licence is confirmed. */
  private async musicModel(engine: string, session: ProjectSession, confirmed: boolean) {
    const id = engine.slice('model:'.length);
    if (!this.options.resolveMusic)
      throw new StudioError('unavailable', 'learned music models are not available here');
    const model = await this.options.resolveMusic(id);
    if (session.doc.commercial && !model.licence.commercialUse && !confirmed) {
      throw new StudioError(
        'conflict',
        `"${model.name}" is licensed ${model.licence.name}, which does not allow commercial use, ` +
          'and this project is marked commercial: confirm to use it anyway',
        'confirmLicence',
      );
    }
    return model;
  }

  handlers(): SoundtrackHandlers {
    const { open, serial } = this.options;
    return {
      'project.importAudio': ({ source }) =>
        serial(async () => {
          const session = open();
          const confined: AudioSource =
            source.type === 'path'
              ? { ...source, path: await this.options.files.resolve(source.path) }
              : source;
          const name = confined.type === 'path' ? basename(confined.path) : confined.name;
          // Checked before anything is stored: an audio stream, its length, its size.
          const probe = await probeAudio(confined);
          const playable = await playableAudio(confined, { probe });
          const peaks = await peaksFromSource({ type: 'bytes', name, bytes: playable.bytes });
          const asset = session.importAsset({
            bytes: playable.bytes,
            name,
            kind: 'audio',
            mime: playable.mime,
            durationSamples: peaks.durationSamples,
            sampleRate: peaks.sampleRate,
            provenance: { type: 'imported', fileName: name },
          });
          session.storeDerived('peaks', asset.sha256, encodePeaks(peaks));
          return asset;
        }),
      'project.audioPeaks': ({ sha256 }) =>
        serial(async () => {
          const session = open();
          const stored = session.readDerived('peaks', sha256);
          if (stored) {
            try {
              return peaksOut(decodePeaks(stored));
            } catch {
              // Damaged: worked out again below and stored in its place.
            }
          }
          // Not there (a file from elsewhere): worked out once from the audio, then kept.
          const audio = session.readAssetWithType(sha256);
          if (!audio || !audio.mime.startsWith('audio/')) {
            throw new StudioError('not_found', 'no such audio in this project', 'sha256');
          }
          const peaks = await peaksFromSource({ type: 'bytes', name: 'audio', bytes: audio.bytes });
          session.storeDerived('peaks', sha256, encodePeaks(peaks));
          return peaksOut(peaks);
        }),
      'project.generateMusic': ({ prompt, seconds, engine, variants, seed, regenerateOf, confirmLicence }) =>
        serial(async () => {
          const session = open();
          const model = engine === 'builtin' ? null : await this.musicModel(engine, session, confirmLicence);
          if (model && seconds > MUSICGEN_MAX_SECONDS) {
            throw new StudioError(
              'invalid_argument',
              `MusicGen makes at most ${MUSICGEN_MAX_SECONDS} s; use the built-in composer for ${seconds} s`,
              'seconds',
            );
          }
          const base = seed ?? randomInt(0, 2 ** 31 - 1);
          const seeds = Array.from({ length: variants }, (_, i) => (base + i) % 2 ** 31);
          const job = this.options.submitJob({
            kind: 'music',
            args: { model: model && { id: model.id, dir: model.dir }, prompt, seconds, seeds },
          });
          this.music.set(job.id, {
            session,
            model: model && { id: model.id },
            prompt,
            seconds,
            seeds,
            requestedAt: Date.now(),
          });
          session.logEvent({
            type: regenerateOf ? 'generation.regenerated' : 'generation.requested',
            name: model ? 'musicgen' : 'composer',
            targetIds: [job.id],
            // The prompt's hash and length; its text only where the project allows it.
            ...promptFields({ prompt }, session.doc.logPrompts, {
              engine: model ? 'model' : 'builtin',
              ...(model
                ? { family: 'musicgen', commercialUse: false, licenceConfirmed: confirmLicence }
                : {}),
              seconds,
              variants,
              seed: base,
              ...(regenerateOf ? { regenerateOf } : {}),
            }),
          });
          return { jobId: job.id as `job:${string}`, seeds };
        }),
      'project.acceptMusic': ({ jobId, index }) =>
        serial(() => {
          const session = open();
          const origin = this.music.get(jobId);
          if (!origin || origin.session !== session)
            throw new StudioError('not_found', `no soundtrack ${jobId} in this project`, 'jobId');
          if (!origin.result) {
            const state = this.options.getJob(jobId)?.state;
            throw new StudioError(
              'conflict',
              state === 'failed' || state === 'cancelled'
                ? `the soundtrack ${jobId} ${state === 'failed' ? 'failed' : 'was cancelled'}`
                : `the soundtrack ${jobId} has not finished`,
              'jobId',
            );
          }
          const variant = origin.result.variants[index];
          if (!variant)
            throw new StudioError('invalid_argument', `the soundtrack has no variant ${index + 1}`, 'index');
          const asset = session.importAsset({
            bytes: variant.wav,
            name: `Soundtrack ${index + 1}.wav`,
            kind: 'audio',
            mime: MIME_BY_CONTAINER.wav!,
            durationSamples: variant.durationSamples,
            sampleRate: 48_000,
            provenance: {
              type: 'generated',
              modelId: origin.model ? `model:${origin.model.id}` : 'builtin:composer',
              modelSha256: null,
              parameters: {
                engine: origin.model ? 'musicgen' : 'builtin',
                prompt: origin.prompt,
                seconds: origin.seconds,
                bpm: variant.bpm,
                key: variant.key,
                beatsPerBar: variant.beatsPerBar,
                beatOffsetSeconds: variant.beats[0] ?? 0,
                // Where the first whole bar starts (after any pickup): the downbeats.
                barOffsetSeconds: variant.bars[0] ?? null,
                jobId,
              },
              seed: variant.seed,
              maskAssetId: null,
              parentAssetIds: [],
            },
          });
          const wav = decodeWav(variant.wav);
          const [left, right = left] = wav.channels;
          session.storeDerived(
            'peaks',
            asset.sha256,
            encodePeaks(computePeaks(left!, right!, wav.sampleRate)),
          );
          return { asset };
        }),
    };
  }
}

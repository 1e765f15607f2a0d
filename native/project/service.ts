import sharp from 'sharp';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { StudioError } from '../api/errors';
import type { StudioHandlers } from '../api/dispatch';
import type { ProjectState, ProjectStatus, RecoveryEntryInfo } from '../api/project';
import type { Edit } from '../model/editor';
import type { FileAccess } from './file-access';
import type { RecentProjects } from './recent';
import { PROJECT_EXTENSION, ProjectSession, type SessionOptions } from './session';
import { openImage } from '../media/image-input';
import { jobResult, type JobInfo, type JobResult, type JobSpec } from '../api/jobs';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { FAMILY_LABELS, modelIdOf, type FillEngine, type Licence } from '../api/models';
import type { ExecutionProviderName } from '../api/schemas';
import type { ResolvedDiffusion, ResolvedModel } from '../inference/models-service';
import { diffusionDefaults } from '../inference/diffusion/folder-model';
import { promptFields, promptSha256 } from './prompt-log';
import { SoundtrackService } from './soundtrack-service';
import { clipHandlers } from './clip-service';
import { exportAssets } from '../video/export-assets';
import { ensureSampleProject } from './sample';

const IMAGE_MIME: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tiff: 'image/tiff',
  heif: 'image/heif',
};

type ProjectHandlers = Pick<
  StudioHandlers,
  | 'project.new'
  | 'project.open'
  | 'project.openSample'
  | 'project.current'
  | 'project.edit'
  | 'project.save'
  | 'project.saveAs'
  | 'project.close'
  | 'project.recoverable'
  | 'project.recover'
  | 'project.discardRecovery'
  | 'project.importImage'
  | 'project.importMask'
  | 'project.generateFill'
  | 'project.generateFrame'
  | 'project.acceptVariant'
  | 'project.importAudio'
  | 'project.audioPeaks'
  | 'project.importVideo'
  | 'project.videoMedia'
  | 'project.generateMusic'
  | 'project.acceptMusic'
  | 'project.asset'
  | 'project.exportImage'
  | 'project.exportAll'
  | 'project.exportVideo'
  | 'feedback.log'
>;

export interface ProjectServiceOptions {
  session: SessionOptions;
  files: FileAccess;
  recent: RecentProjects;
  /** Seconds between autosaves of unsaved work. */
  autosaveSeconds: () => Promise<number>;
  onStatus: (status: ProjectStatus | null) => void;
  /** Queues heavy work (exports, fills) in the job process. */
  submitJob: (spec: JobSpec) => { id: string };
  /** A job's state and result, while the supervisor keeps it. */
  getJob: (jobId: string) => JobInfo | null;
  cancelJob: (jobId: string) => void;
  /** The models folder: a `model:<id>` engine is resolved here (absent: built-in engines only). */
  models?: {
    resolve(id: string): Promise<ResolvedModel>;
    resolveMusic(id: string): Promise<{ id: string; name: string; dir: string; licence: Licence }>;
    /** A Stable Diffusion folder, or null when `id` is a model of another kind. */
    resolveDiffusion(id: string): Promise<ResolvedDiffusion | null>;
    ran(id: string, provider: ExecutionProviderName): void;
  };
  /** A running study (absent: no research mode). */
  study?: StudyHooks;
}

/**
 * Research mode's hold on the studio (native/study): who is working and under which condition.
 * Outside a study both answer "nothing".
 */
export interface StudyHooks {
  /** The participant and condition each new session logs, and what it may log (see SessionOptions.logFilter). */
  session(): Pick<SessionOptions, 'participantId' | 'condition' | 'logFilter'>;
  /**
   * What the participant's condition imposes on `project.generateFill` (and on
   * `project.generateFrame`, where the engine is a diffusion model); null for nothing.
   */
  fill(): { engine?: FillEngine; variants?: number } | null;
}

/**
 * A fill (or a storyboard frame) asked for in a project: logged into that project when it ends;
 * its variants kept until it closes.
 */
interface PendingFill {
  session: ProjectSession;
  /** A fill of the artboard's mask, or a frame covering the artboard (no mask). */
  kind: 'fill' | 'frame';
  canvasId: string;
  engine: string;
  /** What the log and provenance call the engine: the built-in engine, or the model's family. */
  engineName: string;
  /** The model of a `model:<id>` engine; no SHA-256 for a folder model (its id names it). */
  model: { id: string; sha256: string | null; family: string } | null;
  seeds: number[];
  /** The mask the fill repaints; null for a frame. */
  maskAssetId: string | null;
  /** A Stable Diffusion generation: what its provenance records besides the model and seed. */
  prompted: {
    prompt: string;
    negativePrompt: string;
    referencePrompt: string | null;
    steps: number;
    guidance: number;
  } | null;
  /** The images the artboard showed when the fill was asked for: the variants are made from them. */
  sourceAssetIds: string[];
  requestedAt: number;
  /** The job's result once done (kept here: the Jobs panel may clear finished jobs). */
  result?: JobResult<'inpaint'>;
}

/** A file name from an artboard name: no path separators or characters file systems refuse. */
export function fileNameOf(name: string): string {
  const visible = [...name].filter((ch) => ch.charCodeAt(0) >= 32).join('');
  const cleaned = visible
    .replace(/[\\/:*?"<>|]/g, '-')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 120);
  return cleaned || 'artboard';
}

/**
 * The open project of this studio (one at a time, like a document window). Calls run one after
 * another, so edits apply in the order the UI sent them and a save never overlaps an edit.
 */
export class ProjectService {
  private session: ProjectSession | null = null;
  /** The fills of the open project, by job, running or done. */
  private readonly fills = new Map<string, PendingFill>();
  private readonly soundtracks: SoundtrackService;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ProjectServiceOptions) {
    ProjectSession.pruneRecovery(options.session.userDataDir);
    this.soundtracks = new SoundtrackService({
      open: () => this.open(),
      current: () => this.session,
      serial: (work) => this.serial(work),
      files: options.files,
      submitJob: options.submitJob,
      getJob: options.getJob,
      cancelJob: options.cancelJob,
      ...(options.models ? { resolveMusic: (id: string) => options.models!.resolveMusic(id) } : {}),
    });
  }

  /** The options of a new session: a study's participant and condition, if one is running. */
  private sessionOptions(): SessionOptions {
    return { ...this.options.session, ...this.options.study?.session() };
  }

  /**
   * Research mode: makes the participant's task project (with this studio's session options,
   * participant and condition included) the open one, as `project.new` would.
   */
  adopt(make: (options: SessionOptions) => ProjectSession | Promise<ProjectSession>): Promise<ProjectState> {
    return this.serial(async () => {
      this.assertReplaceable();
      return this.replace(await make(this.sessionOptions()));
    });
  }

  /** Research mode: works with the open project (or null) in turn with the UI's calls, then announces its status. */
  inTurn<T>(work: (session: ProjectSession | null) => T | Promise<T>): Promise<T> {
    return this.serial(async () => {
      const result = await work(this.session);
      this.announce();
      return result;
    });
  }

  /** Research mode: closes the open project (saved first by the caller; unsaved edits are dropped). */
  closeCurrent(): Promise<void> {
    return this.serial(() => {
      if (!this.session) return;
      this.abandonFills();
      this.session.close({ discard: true });
      this.session = null;
      if (this.timer) clearTimeout(this.timer);
      this.announce();
    });
  }

  private serial<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }

  private open(): ProjectSession {
    if (!this.session) throw new StudioError('conflict', 'no project is open');
    return this.session;
  }

  /**
   * Refuses what would take a study participant's work out of the study's data folder (saving
   * it elsewhere, closing or replacing their task project): while their session runs, the study
   * service alone opens and closes projects (adopt, closeCurrent).
   */
  private assertNoStudySession(what: string): void {
    const participant = this.options.study?.session().participantId ?? null;
    if (participant !== null) {
      throw new StudioError(
        'conflict',
        `a study session is running: ${what} is not available until ${participant}'s session ends (their work stays in the study's data folder)`,
      );
    }
  }

  private status(session: ProjectSession): ProjectStatus {
    return {
      path: session.path,
      title: session.title,
      dirty: session.dirty,
      revision: session.revision,
      undoLabels: session.editor.undoLabels,
      redoLabels: session.editor.redoLabels,
      problem: session.problem,
    };
  }

  private state(session: ProjectSession): ProjectState {
    return { ...this.status(session), document: session.doc };
  }

  private announce(): void {
    this.options.onStatus(this.session ? this.status(this.session) : null);
  }

  /**
   * A project with unsaved changes must be saved or discarded before another takes its place.
   * Checked before the next session is made, so refusing never costs the other one anything
   * (a recovery store, above all).
   */
  private assertReplaceable(): void {
    if (this.session?.dirty) {
      throw new StudioError(
        'conflict',
        `"${this.session.title}" has unsaved changes: save or discard them first`,
      );
    }
  }

  private replace(next: ProjectSession): ProjectState {
    this.abandonFills();
    this.session?.close();
    this.session = next;
    this.startAutosave();
    this.announce();
    return this.state(next);
  }

  private startAutosave(): void {
    if (this.timer) clearTimeout(this.timer);
    const tick = async () => {
      const seconds = await this.options.autosaveSeconds().catch(() => 30);
      this.timer = setTimeout(() => {
        void this.serial(() => {
          if (this.session?.dirty) this.session.tryAutosave();
        }).finally(tick);
      }, seconds * 1000);
      this.timer.unref();
    };
    void tick();
  }

  private async projectPath(path: string): Promise<string> {
    const resolved = await this.options.files.resolve(path);
    if (!resolved.endsWith(PROJECT_EXTENSION)) {
      throw new StudioError(
        'invalid_argument',
        `${basename(path)}: project files end in ${PROJECT_EXTENSION}`,
      );
    }
    return resolved;
  }

  private recoveryEntries(): (RecoveryEntryInfo & { recoveryPath: string })[] {
    const live = this.session?.recoveryFile;
    return ProjectSession.listRecoverable(this.options.session.userDataDir)
      .filter((e) => e.recoveryPath !== live)
      .map((e) => ({
        id: basename(e.recoveryPath),
        recoveryPath: e.recoveryPath,
        name: e.name,
        originalPath: e.originalPath,
        autosavedAt: e.autosavedAt,
      }));
  }

  private findRecovery(id: string): string {
    const entry = this.recoveryEntries().find((e) => e.id === id);
    if (!entry) throw new StudioError('not_found', 'that unsaved work is no longer there to recover');
    return entry.recoveryPath;
  }

  /** Queues the export of one artboard, with the bytes of the images it shows; logs it. */
  private exportJob(
    canvasId: string,
    path: string,
    format: 'png' | 'jpeg' | 'webp',
    scale: 1 | 2,
    quality: number,
  ) {
    const session = this.open();
    const doc = session.doc;
    if (!doc.canvases[canvasId]) throw new StudioError('not_found', `no artboard ${canvasId}`);
    const images = this.artboardImages(session, canvasId);
    const job = this.options.submitJob({
      kind: 'export-image',
      args: { document: doc, canvasId, format, scale, quality, images, path },
    });
    session.logEvent({
      type: 'export',
      name: format,
      targetIds: [canvasId],
      args: { format, scale, quality },
    });
    return { jobId: job.id, path };
  }

  /** Refuses a model whose licence forbids client work in a commercial project, unless confirmed. */
  private checkLicence(name: string, licence: Licence, commercial: boolean, confirmed: boolean): void {
    if (commercial && !licence.commercialUse && !confirmed) {
      throw new StudioError(
        'conflict',
        `"${name}" is licensed ${licence.name}, which does not allow commercial use, ` +
          'and this project is marked commercial: confirm to use it anyway',
        'confirmLicence',
      );
    }
  }

  /**
   * The Stable Diffusion folder a `model:<id>` engine names, checked and its licence confirmed
   * where needed; null for a built-in engine or a model of another kind.
   */
  private async diffusionModel(
    engine: string,
    commercial: boolean,
    confirmed: boolean,
  ): Promise<ResolvedDiffusion | null> {
    const id = modelIdOf(engine);
    if (id === null || !this.options.models) return null;
    const model = await this.options.models.resolveDiffusion(id);
    if (model) this.checkLicence(model.name, model.licence, commercial, confirmed);
    return model;
  }

  /**
   * The model a `model:<id>` engine names, ready to load; null for a built-in engine. A model whose
   * licence does not allow commercial use is refused in a commercial project unless the user has
   * confirmed it (the UI asks first).
   */
  private async fillModel(
    engine: string,
    commercial: boolean,
    confirmed: boolean,
  ): Promise<ResolvedModel | null> {
    const id = modelIdOf(engine);
    if (id === null) return null;
    if (!this.options.models) throw new StudioError('unavailable', 'learned models are not available here');
    const model = await this.options.models.resolve(id);
    this.checkLicence(model.manifest.name, model.manifest.licence, commercial, confirmed);
    return model;
  }

  /**
   * Queues a Stable Diffusion fill or frame, remembers it for acceptVariant and logs the request:
   * the prompts' hashes and lengths always, their text only where the project allows it.
   */
  private submitDiffusion(
    session: ProjectSession,
    model: ResolvedDiffusion,
    request: {
      kind: 'fill' | 'frame';
      canvasId: string;
      engine: string;
      seeds: number[];
      maskAssetId: string | null;
      mask: Uint8Array | null;
      sourceAssetIds: string[];
      /** As the user typed them (logged, and recorded in provenance). */
      prompts: { prompt: string; negativePrompt: string; referencePrompt?: string };
      /** What the model is given. */
      modelPrompt: string;
      steps: number | null;
      guidance: number | null;
      regenerateOf: string | null;
      confirmLicence: boolean;
      logArgs: Record<string, unknown>;
    },
  ): { jobId: `job:${string}`; seeds: number[] } {
    const doc = session.doc;
    const defaults = diffusionDefaults(model.family, request.kind);
    const steps = request.steps ?? defaults.steps;
    const guidance = request.guidance ?? defaults.guidance;
    const job = this.options.submitJob({
      kind: 'diffusion',
      args: {
        mode: request.kind,
        document: doc,
        canvasId: request.canvasId,
        images: request.kind === 'fill' ? this.artboardImages(session, request.canvasId) : {},
        mask: request.mask,
        model: { id: model.id, dir: model.dir, family: model.family, providers: model.providers },
        prompt: request.modelPrompt,
        negativePrompt: request.prompts.negativePrompt,
        steps,
        guidance,
        seeds: request.seeds,
      },
    });
    this.fills.set(job.id, {
      session,
      kind: request.kind,
      canvasId: request.canvasId,
      engine: request.engine,
      engineName: model.family,
      model: { id: model.id, sha256: null, family: model.family },
      seeds: request.seeds,
      maskAssetId: request.maskAssetId,
      prompted: {
        prompt: request.prompts.prompt,
        negativePrompt: request.prompts.negativePrompt,
        referencePrompt: request.prompts.referencePrompt ?? null,
        steps,
        guidance,
      },
      sourceAssetIds: request.sourceAssetIds,
      requestedAt: Date.now(),
    });
    session.logEvent({
      type: request.regenerateOf ? 'generation.regenerated' : 'generation.requested',
      name: model.family,
      targetIds: [request.canvasId, ...(request.maskAssetId === null ? [] : [request.maskAssetId]), job.id],
      ...promptFields(request.prompts, doc.logPrompts, {
        engine: 'model',
        mode: request.kind,
        family: model.family,
        commercialUse: model.licence.commercialUse,
        licenceConfirmed: request.confirmLicence && !model.licence.commercialUse,
        modelSha256: null,
        variants: request.seeds.length,
        seed: request.seeds[0]!,
        steps,
        guidance,
        ...request.logArgs,
        ...(request.regenerateOf ? { regenerateOf: request.regenerateOf } : {}),
      }),
    });
    return { jobId: job.id as `job:${string}`, seeds: request.seeds };
  }

  /** The encoded images an artboard shows, by SHA-256, for a job that draws it. */
  private artboardImages(session: ProjectSession, canvasId: string): Record<string, Uint8Array> {
    const doc = session.doc;
    const images: Record<string, Uint8Array> = {};
    for (const layer of Object.values(doc.layers)) {
      if (layer.canvasId !== canvasId || layer.type !== 'image') continue;
      const sha256 = doc.assets[layer.assetId]!.sha256;
      const bytes = session.readAsset(sha256);
      if (bytes) images[sha256] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return images;
  }

  /**
   * The open project is closing: fills still running are logged as abandoned (in its own log,
   * before it closes) and cancelled; finished ones are forgotten with it.
   */
  private abandonFills(): void {
    this.soundtracks.abandon(this.session);
    for (const [jobId, fill] of this.fills) {
      if (!fill.result && fill.session === this.session) {
        try {
          fill.session.logEvent({
            type: 'generation.failed',
            name: fill.engineName,
            targetIds: [fill.canvasId, jobId],
            args: { reason: 'abandoned', code: null },
            durationMs: Math.max(0, Date.now() - fill.requestedAt),
          });
        } catch {
          // A project that cannot log any more is closing anyway.
        }
        this.options.cancelJob(jobId);
      }
    }
    this.fills.clear();
  }

  /** A job changed: a fill that ended is logged, in its own project, as finished (with its latency) or failed. */
  jobUpdated(info: JobInfo): void {
    this.soundtracks.jobUpdated(info);
    const fill = this.fills.get(info.id);
    if (!fill || fill.result || !['done', 'failed', 'cancelled'].includes(info.state)) return;
    const durationMs = Math.max(0, (info.endedAt ?? Date.now()) - fill.requestedAt);
    if (info.state === 'done') {
      const result = info.kind === 'diffusion' ? jobResult('diffusion', info) : jobResult('inpaint', info);
      if (result) {
        fill.result = result;
        if (fill.model && result.provider !== 'builtin') {
          this.options.models?.ran(fill.model.id, result.provider as ExecutionProviderName);
        }
      } else this.fills.delete(info.id);
    } else {
      this.fills.delete(info.id);
    }
    void this.serial(() => {
      if (fill.session !== this.session) return; // closed meanwhile: logged as abandoned then
      if (info.state === 'done') {
        fill.session.logEvent({
          type: 'generation.finished',
          name: fill.engineName,
          targetIds: [fill.canvasId, info.id],
          args: {
            variants: fill.result?.variants.length ?? 0,
            provider: fill.result?.provider ?? 'builtin',
            engines: [...new Set(fill.result?.variants.map((v) => v.engine) ?? [])],
          },
          durationMs,
        });
      } else {
        fill.session.logEvent({
          type: 'generation.failed',
          name: fill.engineName,
          targetIds: [fill.canvasId, info.id],
          // The error's code (a closed list) rather than its message, which may name files.
          args: {
            reason: info.state === 'cancelled' ? 'cancelled' : 'failed',
            code: info.error?.code ?? null,
          },
          durationMs,
        });
      }
    }).catch(() => {});
  }

  /** Ends the session at shutdown; unsaved work stays in the recovery store. */
  shutdown(): void {
    this.abandonFills();
    if (this.timer) clearTimeout(this.timer);
    if (this.session?.dirty) this.session.tryAutosave();
    this.session?.close();
    this.session = null;
  }

  handlers(): ProjectHandlers {
    const { recent } = this.options;
    return {
      'project.new': (args) =>
        this.serial(() => {
          this.assertNoStudySession('a new project');
          this.assertReplaceable();
          return this.replace(
            ProjectSession.createNew(this.sessionOptions(), {
              name: args.name,
              commercial: args.commercial,
              fps: args.fps,
              canvas: args.placement && {
                name: args.placement.name,
                width: args.placement.width,
                height: args.placement.height,
                placement: args.placement.id,
              },
            }),
          );
        }),
      'project.open': ({ path }) =>
        this.serial(async () => {
          this.assertNoStudySession('opening another project');
          const resolved = await this.projectPath(path);
          this.assertReplaceable();
          const state = this.replace(ProjectSession.open(resolved, this.sessionOptions()));
          await recent.add(resolved);
          return state;
        }),
      'project.openSample': () =>
        this.serial(async () => {
          this.assertNoStudySession('opening the sample project');
          this.assertReplaceable();
          // Built in a temporary folder (a crash half-way leaves nothing to offer for recovery)
          // and without the study's participant: the sample's own history is no one's work.
          const sample = await ensureSampleProject(join(this.options.session.userDataDir, 'samples'), {
            appVersion: this.options.session.appVersion,
          });
          const session = ProjectSession.open(sample.path, this.sessionOptions());
          session.problem = sample.problem;
          // Not added to Recent: it lives in the user data folder, which web mode's file root
          // may not include; the welcome screen always offers it.
          return this.replace(session);
        }),
      'project.current': () => this.serial(() => (this.session ? this.state(this.session) : null)),
      'project.edit': ({ edit, revision }) =>
        this.serial(() => {
          const session = this.open();
          if (revision !== session.revision) {
            throw new StudioError(
              'conflict',
              `the studio is out of step with the engine (revision ${revision}, engine ${session.revision}): reload`,
            );
          }
          const result = session.apply(edit as Edit);
          if (!result.ok) throw new StudioError('invalid_argument', result.reason);
          const status = this.status(session);
          this.options.onStatus(status);
          return status;
        }),
      'project.save': () =>
        this.serial(async () => {
          const session = this.open();
          const { path } = session.save();
          await recent.add(path);
          this.announce();
          return this.status(session);
        }),
      'project.saveAs': ({ path }) =>
        this.serial(async () => {
          this.assertNoStudySession('Save As');
          const session = this.open();
          const resolved = await this.projectPath(path);
          await session.saveAs(resolved);
          await recent.add(resolved);
          this.announce();
          return this.status(session);
        }),
      'project.close': (args) =>
        this.serial(() => {
          const session = this.session;
          if (!session) return { closed: false };
          this.assertNoStudySession('closing the project');
          if (session.dirty && !args?.discard) {
            throw new StudioError(
              'conflict',
              `"${session.title}" has unsaved changes: save or discard them first`,
            );
          }
          this.abandonFills();
          session.close({ discard: true });
          this.session = null;
          if (this.timer) clearTimeout(this.timer);
          this.announce();
          return { closed: true };
        }),
      'project.recoverable': () =>
        this.serial(() => this.recoveryEntries().map(({ recoveryPath: _p, ...info }) => info)),
      'project.recover': ({ id }) =>
        this.serial(() => {
          this.assertNoStudySession('recovering another project');
          this.assertReplaceable();
          return this.replace(ProjectSession.recover(this.findRecovery(id), this.sessionOptions()));
        }),
      'project.discardRecovery': ({ id }) =>
        this.serial(() => {
          ProjectSession.discardRecovery(this.findRecovery(id), this.options.session.userDataDir);
          return this.recoveryEntries().map(({ recoveryPath: _p, ...info }) => info);
        }),
      'project.importImage': ({ source }) =>
        this.serial(async () => {
          const session = this.open();
          const confined =
            source.type === 'path'
              ? { ...source, path: await this.options.files.resolve(source.path) }
              : source;
          // Checked before anything is stored: format, size on disk, pixel count (header only).
          const image = await openImage(confined);
          return session.importAsset({
            bytes: image.bytes,
            name: image.name,
            kind: 'image',
            mime: IMAGE_MIME[image.format] ?? 'application/octet-stream',
            width: image.width,
            height: image.height,
            provenance: { type: 'imported', fileName: image.name },
          });
        }),
      'project.importMask': ({ canvasId, bytes }) =>
        this.serial(async () => {
          const session = this.open();
          const canvas = session.doc.canvases[canvasId];
          if (!canvas) throw new StudioError('invalid_argument', `no artboard ${canvasId}`, 'canvasId');
          const image = await openImage({ type: 'bytes', name: 'mask.png', bytes });
          if (image.format !== 'png')
            throw new StudioError('invalid_argument', `bytes: a mask must be a PNG, not ${image.format}`);
          if (image.width !== canvas.width || image.height !== canvas.height) {
            throw new StudioError(
              'invalid_argument',
              `the mask is ${image.width}×${image.height} but the artboard is ${canvas.width}×${canvas.height}`,
              'bytes',
            );
          }
          // The header passed; decoding it all catches a file cut short or damaged inside.
          try {
            await sharp(image.bytes).raw().toBuffer();
          } catch (error) {
            throw new StudioError(
              'invalid_argument',
              `the mask PNG is damaged: ${(error as Error).message}`,
              'bytes',
            );
          }
          return session.importAsset({
            bytes: image.bytes,
            name: `Mask of ${fileNameOf(canvas.name)}.png`,
            kind: 'image',
            mime: 'image/png',
            width: image.width,
            height: image.height,
            provenance: { type: 'painted' },
          });
        }),
      'project.generateFill': (args) =>
        this.serial(async () => {
          const { canvasId, seed, regenerateOf, confirmLicence } = args;
          // A study participant's condition decides the engine and the number of variants,
          // whatever the UI asked for; the log records what was really used.
          const forced = this.options.study?.fill() ?? null;
          const engine = forced?.engine ?? args.engine;
          const variants = forced?.variants ?? args.variants;
          const override =
            engine !== args.engine || variants !== args.variants ? { conditionOverride: true } : {};
          const session = this.open();
          const sd = await this.diffusionModel(engine, session.doc.commercial, confirmLicence);
          // A text-to-image export may come without its image encoder: it makes frames, not fills.
          if (sd && !existsSync(join(sd.dir, 'vae_encoder', 'model.onnx'))) {
            throw new StudioError(
              'invalid_argument',
              `"${sd.name}" has no image encoder (vae_encoder/model.onnx), so it cannot fill a mask; it can make storyboard frames`,
              'engine',
            );
          }
          if (sd && args.prompt.trim() === '') {
            throw new StudioError(
              'invalid_argument',
              `type a prompt: ${FAMILY_LABELS[sd.family]} paints into the mask what the prompt describes`,
              'prompt',
            );
          }
          const model = sd ? null : await this.fillModel(engine, session.doc.commercial, confirmLicence);
          const doc = session.doc;
          const canvas = doc.canvases[canvasId];
          if (!canvas) throw new StudioError('invalid_argument', `no artboard ${canvasId}`, 'canvasId');
          const maskAsset = canvas.maskAssetId ? doc.assets[canvas.maskAssetId] : undefined;
          const mask = maskAsset ? session.readAsset(maskAsset.sha256) : null;
          if (!maskAsset || !mask) {
            throw new StudioError(
              'invalid_argument',
              'paint a mask over the area to fill first (B)',
              'canvasId',
            );
          }
          const { data } = await sharp(mask).greyscale().raw().toBuffer({ resolveWithObject: true });
          let area = 0;
          for (let i = 0; i < data.length; i++) if (data[i]! >= 128) area++;
          if (area === 0)
            throw new StudioError(
              'invalid_argument',
              'the mask is empty: paint the area to fill first',
              'canvasId',
            );
          const base = seed ?? randomInt(0, 2 ** 31 - 1);
          const seeds = Array.from({ length: variants }, (_, i) => (base + i) % 2 ** 31);
          const sourceAssetIds = [
            ...new Set(
              Object.values(doc.layers).flatMap((l) =>
                l.canvasId === canvasId && l.type === 'image' ? [l.assetId] : [],
              ),
            ),
          ];
          const maskArea = {
            maskAreaPx: area,
            maskAreaPct: Math.round((area / (canvas.width * canvas.height)) * 10000) / 100,
          };
          if (sd) {
            return this.submitDiffusion(session, sd, {
              kind: 'fill',
              canvasId,
              engine,
              seeds,
              maskAssetId: maskAsset.id,
              mask: new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength),
              sourceAssetIds,
              prompts: { prompt: args.prompt, negativePrompt: args.negativePrompt },
              modelPrompt: args.prompt,
              steps: args.steps,
              guidance: args.guidance,
              regenerateOf,
              confirmLicence,
              logArgs: { ...maskArea, ...override },
            });
          }
          const job = this.options.submitJob({
            kind: 'inpaint',
            args: {
              document: doc,
              canvasId,
              images: this.artboardImages(session, canvasId),
              mask: new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength),
              engine,
              model: model && {
                id: model.manifest.id,
                path: model.path,
                family: model.manifest.family,
                providers: model.providers,
              },
              seeds,
            },
          });
          const engineName = model ? model.manifest.family : engine;
          const modelSha256 = model?.manifest.files[0]!.sha256 ?? null;
          this.fills.set(job.id, {
            session,
            kind: 'fill',
            canvasId,
            engine,
            engineName,
            model: model && {
              id: model.manifest.id,
              sha256: modelSha256!,
              family: model.manifest.family,
            },
            seeds,
            maskAssetId: maskAsset.id,
            prompted: null,
            sourceAssetIds,
            requestedAt: Date.now(),
          });
          session.logEvent({
            type: regenerateOf ? 'generation.regenerated' : 'generation.requested',
            name: engineName,
            targetIds: [canvasId, maskAsset.id, job.id],
            args: {
              engine: model ? 'model' : engine,
              ...(model
                ? {
                    family: model.manifest.family,
                    commercialUse: model.manifest.licence.commercialUse,
                    licenceConfirmed: confirmLicence && !model.manifest.licence.commercialUse,
                  }
                : {}),
              modelSha256,
              variants,
              seed: base,
              ...maskArea,
              ...override,
              ...(regenerateOf ? { regenerateOf } : {}),
            },
          });
          return { jobId: job.id as `job:${string}`, seeds };
        }),
      'project.generateFrame': (args) =>
        this.serial(async () => {
          const { canvasId, consistency } = args;
          // A study participant's condition decides the variants, and the model where it fixes a
          // diffusion model (as for fills); a condition fixing another engine allows no frames.
          const forced = this.options.study?.fill() ?? null;
          if (forced?.engine !== undefined && modelIdOf(forced.engine) === null) {
            throw new StudioError(
              'conflict',
              `this study fixes the fill engine (${forced.engine}), which makes no storyboard frames: frames are not available during the study session`,
              'engine',
            );
          }
          const engine = (forced?.engine as `model:${string}` | undefined) ?? args.engine;
          const variants = forced?.variants ?? args.variants;
          const override =
            engine !== args.engine || variants !== args.variants ? { conditionOverride: true } : {};
          const session = this.open();
          const doc = session.doc;
          const canvas = doc.canvases[canvasId];
          if (!canvas) throw new StudioError('invalid_argument', `no artboard ${canvasId}`, 'canvasId');
          const sd = await this.diffusionModel(engine, doc.commercial, args.confirmLicence);
          if (!sd && forced?.engine !== undefined) {
            if (this.options.models) await this.options.models.resolve(modelIdOf(engine)!);
            throw new StudioError(
              'conflict',
              `this study fixes the fill engine (${engine}), which is no Stable Diffusion model: frames are not available during the study session`,
              'engine',
            );
          }
          if (!sd) {
            // A model of another kind (or none at all): resolving it says which.
            if (this.options.models) await this.options.models.resolve(modelIdOf(engine)!);
            throw new StudioError(
              'invalid_argument',
              `${engine.slice('model:'.length)} is no Stable Diffusion model: frames are made with SD-Turbo or SD 1.5 inpainting`,
              'engine',
            );
          }
          const base = consistency?.seed ?? args.seed ?? randomInt(0, 2 ** 31 - 1);
          const seeds = Array.from({ length: variants }, (_, i) => (base + i) % 2 ** 31);
          const reference = consistency?.referencePrompt ?? '';
          return this.submitDiffusion(session, sd, {
            kind: 'frame',
            canvasId,
            engine,
            seeds,
            maskAssetId: null,
            mask: null,
            sourceAssetIds: [],
            prompts: {
              prompt: args.prompt,
              negativePrompt: args.negativePrompt,
              ...(consistency ? { referencePrompt: reference } : {}),
            },
            // The shot's own words first: CLIP keeps only the first 75 tokens, and a long
            // reference must not push them out.
            modelPrompt: reference ? `${args.prompt}, ${reference}` : args.prompt,
            steps: args.steps,
            guidance: args.guidance,
            regenerateOf: args.regenerateOf,
            confirmLicence: args.confirmLicence,
            logArgs: {
              width: canvas.width,
              height: canvas.height,
              consistent: consistency !== null,
              ...override,
            },
          });
        }),
      'project.acceptVariant': ({ jobId, index }) =>
        this.serial(() => {
          const session = this.open();
          const origin = this.fills.get(jobId);
          // Only this project's own fills: a job from elsewhere has no place here.
          if (!origin || origin.session !== session)
            throw new StudioError('not_found', `no fill ${jobId} in this project`, 'jobId');
          const result = origin.result;
          if (!result) {
            const state = this.options.getJob(jobId)?.state;
            throw new StudioError(
              'conflict',
              state === 'failed' || state === 'cancelled'
                ? `the fill ${jobId} ${state === 'failed' ? 'failed' : 'was cancelled'}`
                : `the fill ${jobId} has not finished`,
              'jobId',
            );
          }
          const variant = result.variants[index];
          if (!variant)
            throw new StudioError('invalid_argument', `the fill has no variant ${index + 1}`, 'index');
          const maskAssetId =
            origin.maskAssetId && session.doc.assets[origin.maskAssetId] ? origin.maskAssetId : null;
          const prompted = origin.prompted;
          const asset = session.importAsset({
            bytes: variant.png,
            name: `${origin.kind === 'frame' ? 'Frame' : 'Fill'} ${index + 1}.png`,
            kind: 'image',
            mime: 'image/png',
            width: result.box.width,
            height: result.box.height,
            provenance: {
              type: 'generated',
              modelId: origin.model ? `model:${origin.model.id}` : `builtin:${variant.engine}`,
              modelSha256: origin.model?.sha256 ?? null,
              parameters: {
                engine: origin.engine,
                ...(origin.model ? { family: origin.model.family } : {}),
                ...(prompted
                  ? {
                      mode: origin.kind,
                      // The document is the designer's own: it keeps the prompt as typed. The
                      // log's event fields keep it only where the project allows (prompt-log.ts);
                      // the replay payload inside the project file holds the document's edits as
                      // they are, and exports leave that payload out.
                      prompt: prompted.prompt,
                      negativePrompt: prompted.negativePrompt,
                      promptSha256: promptSha256(prompted.prompt),
                      ...(prompted.referencePrompt === null
                        ? {}
                        : { referencePrompt: prompted.referencePrompt }),
                      steps: prompted.steps,
                      guidance: prompted.guidance,
                    }
                  : {}),
                variants: result.variants.length,
                jobId,
              },
              seed: variant.seed,
              maskAssetId: maskAssetId as `asset:${string}` | null,
              // Those still in the document (an undo may have taken one away since).
              parentAssetIds: origin.sourceAssetIds.filter(
                (id) => session.doc.assets[id],
              ) as `asset:${string}`[],
            },
          });
          return { asset, box: result.box, maskAssetId: origin.maskAssetId };
        }),
      'project.asset': ({ sha256 }) =>
        this.serial(() => {
          // Any asset stored with this project, in the document or about to be (an import in flight).
          const found = this.open().readAssetWithType(sha256);
          if (!found) throw new StudioError('not_found', 'no such asset in this project');
          const { bytes } = found;
          return {
            mime: found.mime,
            bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          };
        }),
      'project.exportImage': ({ canvasId, path, format, scale, quality }) =>
        this.serial(async () => {
          const resolved = await this.options.files.resolve(path);
          return { jobs: [this.exportJob(canvasId, resolved, format, scale, quality)] };
        }),
      'project.exportAll': ({ dir, format, scale, quality }) =>
        this.serial(async () => {
          const folder = await this.options.files.resolve(dir);
          const doc = this.open().doc;
          const taken = new Set<string>();
          const jobs = doc.canvasOrder.map((canvasId) => {
            const base = fileNameOf(doc.canvases[canvasId]!.name);
            let name = base;
            for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
            taken.add(name.toLowerCase());
            return this.exportJob(
              canvasId,
              join(folder, `${name}.${format === 'jpeg' ? 'jpg' : format}`),
              format,
              scale,
              quality,
            );
          });
          if (jobs.length === 0)
            throw new StudioError('invalid_argument', 'this project has no artboards to export');
          return { jobs };
        }),
      ...this.soundtracks.handlers(),
      ...clipHandlers({
        open: () => this.open(),
        serial: (work) => this.serial(work),
        files: this.options.files,
      }),
      'project.exportVideo': ({ placements, format, dir, loudnessLufs }) =>
        this.serial(async () => {
          const session = this.open();
          const folder = await this.options.files.resolve(dir);
          const doc = session.doc;
          if (doc.shotOrder.length === 0)
            throw new StudioError('invalid_argument', 'the storyboard has no shots to export');
          const base = fileNameOf(session.title);
          const outputs = placements.map((placement) => ({
            placement,
            path: join(
              folder,
              `${base}-${placement.replace(':', 'x')}${format === 'stills' ? '' : `.${format}`}`,
            ),
          }));
          const { images, videos, audio } = exportAssets(doc, (sha) => {
            const bytes = session.readAsset(sha);
            return bytes && new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          });
          const job = this.options.submitJob({
            kind: 'export-video',
            args: {
              document: doc,
              format,
              targets: outputs.map((o) => ({ placement: o.placement, path: o.path })),
              loudnessLufs,
              images,
              videos,
              audio,
            },
          });
          session.logEvent({
            type: 'export',
            name: format,
            targetIds: doc.shotOrder,
            args: { format, placements, loudnessLufs },
          });
          return { jobId: job.id as `job:${string}`, outputs };
        }),
      'feedback.log': (event) =>
        this.serial(() => {
          const session = this.open();
          session.logEvent(event);
          return { seq: session.log.lastSeq };
        }),
    };
  }
}

import { z } from 'zod';
import { BytesSchema, ExecutionProviderNameSchema, StudioErrorDataSchema } from './schemas';
import {
  DiffusionFamilySchema,
  FillEngineSchema,
  LicenceSchema,
  InpaintFamilySchema,
  ModelIdSchema,
  ModelJobResultSchema,
} from './models';
import { DocumentSchema } from '../model/document';
import { PlacementIdSchema } from '../model/placements';

/** The largest file the studio accepts as raw bytes (drag and drop, paste). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** Where an image comes from: a path on the workstation, or bytes dropped into the browser. */
/** A seed for a generator: the same seed gives the same result. */
export const SeedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export const ImageSourceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.strictObject({
    type: z.literal('bytes'),
    name: z.string().min(1).max(255),
    bytes: BytesSchema.refine((b) => b.byteLength > 0, 'the file is empty').refine(
      (b) => b.byteLength <= MAX_IMPORT_BYTES,
      `the file is over ${MAX_IMPORT_BYTES / 1048576} MB`,
    ),
  }),
]);
export type ImageSource = z.infer<typeof ImageSourceSchema>;

export const ThumbnailArgsSchema = z.strictObject({
  source: ImageSourceSchema,
  /** Longest side of the thumbnail, in pixels. */
  maxSize: z.number().int().min(16).max(2048).default(256),
});
export type ThumbnailArgs = z.infer<typeof ThumbnailArgsSchema>;

export const ThumbnailResultSchema = z.strictObject({
  source: z.strictObject({
    width: z.number().int(),
    height: z.number().int(),
    format: z.string(),
    name: z.string(),
  }),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mime: z.literal('image/png'),
  bytes: BytesSchema,
});
export type ThumbnailResult = z.infer<typeof ThumbnailResultSchema>;

export const ImageFormatSchema = z.enum(['png', 'jpeg', 'webp']);
export type ImageFormat = z.infer<typeof ImageFormatSchema>;

/** Export one artboard to an image file, drawn by native/compose. */
export const ExportImageArgsSchema = z.strictObject({
  document: DocumentSchema,
  canvasId: z.string().min(1),
  format: ImageFormatSchema,
  /** 1× or 2× the artboard's pixels. */
  scale: z.union([z.literal(1), z.literal(2)]),
  /** JPEG and WebP quality, 1–100. */
  quality: z.number().int().min(1).max(100).default(90),
  /** The decoded bytes of the images the artboard shows, by SHA-256. */
  images: z.record(z.string().regex(/^[0-9a-f]{64}$/), BytesSchema),
  /** Where to write the file (already checked by the engine). */
  path: z.string().min(1).max(4096),
});
export { FillEngineSchema, type FillEngine } from './models';

/** A learned model the fill runs, resolved by the engine from the models folder (never from a client). */
export const InpaintModelSchema = z.strictObject({
  id: ModelIdSchema,
  /** The ONNX file to load. */
  path: z.string().min(1).max(4096),
  family: InpaintFamilySchema,
  /** Tried in order; CPU is always the last resort. */
  providers: z.array(ExecutionProviderNameSchema).min(1).max(6),
});

export const InpaintArgsSchema = z.strictObject({
  document: DocumentSchema,
  canvasId: z.string().min(1),
  /** The images the artboard shows, by SHA-256 (the fill works on what is seen). */
  images: z.record(z.string().regex(/^[0-9a-f]{64}$/), BytesSchema),
  /** The artboard's mask, a PNG (white = fill). */
  mask: BytesSchema,
  engine: FillEngineSchema,
  /** The model of a `model:<id>` engine; null for the built-in engines. */
  model: InpaintModelSchema.nullable().default(null),
  /** One variant per seed. */
  seeds: z.array(SeedSchema).min(1).max(8),
});
export const InpaintResultSchema = z.strictObject({
  /** The box of the artboard the variants cover (the mask's box). */
  box: z.strictObject({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
  }),
  variants: z.array(
    z.strictObject({
      /** The filled pixels of the box, transparent where the mask keeps the picture. */
      png: BytesSchema,
      seed: z.number().int(),
      engine: z.string(),
      ms: z.number(),
    }),
  ),
  /** Where the work ran: 'builtin' for the classical engines, else the execution provider. */
  provider: z.string(),
});

/** A Stable Diffusion folder of the models folder, resolved by the engine (never named by a client). */
export const DiffusionModelSchema = z.strictObject({
  id: ModelIdSchema,
  /** The export folder (diffusers layout). */
  dir: z.string().min(1).max(4096),
  family: DiffusionFamilySchema,
  /** Tried in order; CPU is always the last resort. */
  providers: z.array(ExecutionProviderNameSchema).min(1).max(6),
});

/**
 * A prompted generation with a Stable Diffusion model, one variant per seed (consecutive seeds run
 * in one pass that shares the text encoding):
 * - `fill`: the artboard's mask repainted (crop → generate → blend); the result is shaped like an
 *   inpaint job's, so the staging strip and acceptVariant take it unchanged.
 * - `frame`: a picture generated at a size the model supports, in the artboard's aspect, and
 *   fitted to cover the artboard; each variant's box is the whole artboard.
 */
export const DiffusionArgsSchema = z
  .strictObject({
    mode: z.enum(['fill', 'frame']),
    document: DocumentSchema,
    canvasId: z.string().min(1),
    /** The images the artboard shows, by SHA-256 (a fill repaints what is seen; empty for a frame). */
    images: z.record(z.string().regex(/^[0-9a-f]{64}$/), BytesSchema),
    /** The artboard's mask, a PNG (white = fill); null for a frame. */
    mask: BytesSchema.nullable(),
    model: DiffusionModelSchema,
    /** What the model is given (for a consistent frame: the reference prompt, then the shot's). */
    prompt: z.string().trim().min(1).max(2100),
    negativePrompt: z.string().max(1000),
    steps: z.number().int().min(1).max(100),
    guidance: z.number().min(0).max(20),
    seeds: z.array(SeedSchema).min(1).max(8),
  })
  .refine((args) => args.mode === 'frame' || args.mask !== null, {
    message: 'a fill needs the artboard’s mask',
    path: ['mask'],
  });
export type DiffusionArgs = z.infer<typeof DiffusionArgsSchema>;

export const ExportImageResultSchema = z.strictObject({
  path: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  byteSize: z.number().int().positive(),
});

/** What a storyboard exports to: H.264 + AAC, VP9 + Opus, or one PNG per shot. */
export const VideoFormatSchema = z.enum(['mp4', 'webm', 'stills']);
export type VideoFormat = z.infer<typeof VideoFormatSchema>;

/** A frame side of a custom video size: even (4:2:0 video halves it), 16 to 4096 pixels. */
const VideoSide = z.number().int().min(16).max(4096).multipleOf(2, 'video sizes must be even');

/**
 * One output of a video export: a placement of the storyboard (its size and per-shot reframing)
 * or a custom size (shots fill it), and where it goes — a file for mp4 and webm, a folder for
 * stills.
 */
export const ExportVideoTargetSchema = z.strictObject({
  placement: z.union([PlacementIdSchema, z.strictObject({ width: VideoSide, height: VideoSide })]),
  path: z.string().min(1).max(4096),
});
export type ExportVideoTarget = z.infer<typeof ExportVideoTargetSchema>;

/** The loudness an export is normalised to by default, in LUFS (what streaming platforms play at). */
export const DEFAULT_LOUDNESS_LUFS = -14;

/**
 * Export the storyboard as video (or stills) for one or more placements in one job: the audio is
 * mixed once, each target is drawn by native/compose and encoded by ffmpeg, and the files appear
 * only when every target is done. The frame rate is the document's.
 */
export const ExportVideoArgsSchema = z.strictObject({
  document: DocumentSchema,
  format: VideoFormatSchema,
  targets: z
    .array(ExportVideoTargetSchema)
    .min(1)
    .max(8)
    .refine((t) => new Set(t.map((x) => x.path)).size === t.length, 'two targets name the same path'),
  /** Integrated loudness to normalise the mix to (BS.1770-4), or null to keep the mix's level. */
  loudnessLufs: z.number().min(-40).max(-5).nullable().default(DEFAULT_LOUDNESS_LUFS),
  /** The encoded bytes of the images the shots show, by SHA-256. */
  images: z.record(z.string().regex(/^[0-9a-f]{64}$/), BytesSchema),
  /** The files of the video clips the shots show, by SHA-256. */
  videos: z.record(z.string().regex(/^[0-9a-f]{64}$/), BytesSchema).default({}),
  /** The encoded bytes of the audio clips' assets, by SHA-256. */
  audio: z.record(z.string().regex(/^[0-9a-f]{64}$/), BytesSchema),
});
export type ExportVideoArgs = z.infer<typeof ExportVideoArgsSchema>;

export const ExportVideoResultSchema = z.strictObject({
  outputs: z.array(
    z.strictObject({
      path: z.string(),
      /** The placement id, or null for a custom size. */
      placement: PlacementIdSchema.nullable(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      /** Video frames encoded, or stills written. */
      frames: z.number().int().min(0),
      durationSeconds: z.number().min(0),
      /** The file's size, or all the stills' together. */
      byteSize: z.number().int().min(0),
    }),
  ),
  /** What loudness normalising found and did; null for stills or when it was off. */
  loudness: z
    .strictObject({
      inputLufs: z.number().nullable(),
      outputLufs: z.number().nullable(),
      gainDb: z.number(),
      truePeakDb: z.number().nullable(),
    })
    .nullable(),
});
export type ExportVideoResult = z.infer<typeof ExportVideoResultSchema>;

/** A soundtrack from the built-in composer, one piece per seed. */
export const MusicArgsSchema = z.strictObject({
  /** A MusicGen export folder of the models folder (resolved by the engine); null for the composer. */
  model: z
    .strictObject({ id: ModelIdSchema, dir: z.string().min(1).max(4096) })
    .nullable()
    .default(null),
  prompt: z.string().max(1000),
  seconds: z.number().min(1).max(600),
  seeds: z.array(SeedSchema).min(1).max(4),
});
export const MusicResultSchema = z.strictObject({
  variants: z.array(
    z.strictObject({
      /** 48 kHz stereo 16-bit WAV, exactly the requested length. */
      wav: BytesSchema,
      seed: z.number().int(),
      bpm: z.number(),
      key: z.string(),
      beatsPerBar: z.number().int(),
      /** Seconds from the start. */
      beats: z.array(z.number()),
      bars: z.array(z.number()),
      sections: z.array(z.strictObject({ name: z.string(), start: z.number(), end: z.number() })),
      /** The prompt words the composer understood. */
      understood: z.array(z.string()),
      durationSamples: z.number().int(),
      ms: z.number(),
    }),
  ),
  engine: z.string(),
});

/** The models folder a model job works in (always the engine's own, see models.* in StudioApi). */
const ModelsFolder = { folder: z.string().min(1).max(4096) };
export const ModelAddJobArgsSchema = z.strictObject({
  ...ModelsFolder,
  path: z.string().min(1).max(4096),
  name: z.string().trim().min(1).max(200).optional(),
  licence: LicenceSchema.optional(),
});
export const ModelDownloadJobArgsSchema = z.strictObject({
  ...ModelsFolder,
  url: z.url().max(2048),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().trim().min(1).max(200).optional(),
  licence: LicenceSchema.optional(),
});
export const ModelVerifyJobArgsSchema = z.strictObject({ ...ModelsFolder, id: ModelIdSchema });

/**
 * Every job the studio can run: a closed union on `kind` (STYLE.md 4). Each kind is declared
 * here (arguments and result) and implemented by the native module that owns it.
 */
export const JobSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('thumbnail'), args: ThumbnailArgsSchema }),
  z.strictObject({ kind: z.literal('export-image'), args: ExportImageArgsSchema }),
  z.strictObject({ kind: z.literal('export-video'), args: ExportVideoArgsSchema }),
  z.strictObject({ kind: z.literal('inpaint'), args: InpaintArgsSchema }),
  z.strictObject({ kind: z.literal('diffusion'), args: DiffusionArgsSchema }),
  z.strictObject({ kind: z.literal('music'), args: MusicArgsSchema }),
  z.strictObject({ kind: z.literal('model-add'), args: ModelAddJobArgsSchema }),
  z.strictObject({ kind: z.literal('model-download'), args: ModelDownloadJobArgsSchema }),
  z.strictObject({ kind: z.literal('model-verify'), args: ModelVerifyJobArgsSchema }),
]);
export type JobSpec = z.infer<typeof JobSpecSchema>;
export type JobSpecInput = z.input<typeof JobSpecSchema>;
export type JobKind = JobSpec['kind'];
export type JobArgs<K extends JobKind> = Extract<JobSpec, { kind: K }>['args'];

export const jobResultSchemas = {
  thumbnail: ThumbnailResultSchema,
  'export-image': ExportImageResultSchema,
  'export-video': ExportVideoResultSchema,
  inpaint: InpaintResultSchema,
  diffusion: InpaintResultSchema,
  music: MusicResultSchema,
  'model-add': ModelJobResultSchema,
  'model-download': ModelJobResultSchema,
  'model-verify': ModelJobResultSchema,
} as const satisfies Record<JobKind, z.ZodType>;
export type JobResult<K extends JobKind> = z.infer<(typeof jobResultSchemas)[K]>;

export const JobKindSchema = z.enum(Object.keys(jobResultSchemas) as [JobKind, ...JobKind[]]);

export const JobIdSchema = z.string().regex(/^job:[A-Za-z0-9_-]{1,64}$/, 'expected a job id like "job:abc"');
export type JobId = z.infer<typeof JobIdSchema>;

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobInfoSchema = z.strictObject({
  id: JobIdSchema,
  kind: JobKindSchema,
  /** What the user sees in the Jobs panel, e.g. "Thumbnail of photo.jpg". */
  label: z.string(),
  state: JobStateSchema,
  progress: z.number().min(0).max(1),
  stage: z.string(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** The kind's result (see `jobResultSchemas`), once `state` is `done`. */
  result: z.unknown(),
  error: StudioErrorDataSchema.nullable(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

export const JobProgressSchema = z.strictObject({
  jobId: JobIdSchema,
  progress: z.number().min(0).max(1),
  stage: z.string(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** Reads a finished job's result with its kind's schema. */
export function jobResult<K extends JobKind>(kind: K, info: JobInfo): JobResult<K> | null {
  if (info.kind !== kind || info.state !== 'done') return null;
  return jobResultSchemas[kind].parse(info.result) as JobResult<K>;
}

/** The last segment of a path, on any platform (for labels only). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** What the Jobs panel calls a job. */
export function describeJob(spec: JobSpec): string {
  switch (spec.kind) {
    case 'thumbnail': {
      const source = spec.args.source;
      return `Thumbnail of ${source.type === 'path' ? baseName(source.path) : source.name}`;
    }
    case 'export-image':
      return `Export ${baseName(spec.args.path)}`;
    case 'export-video': {
      const { targets, format } = spec.args;
      const what = format === 'stills' ? 'stills' : format.toUpperCase();
      if (targets.length === 1) return `Export ${what} ${baseName(targets[0]!.path)}`;
      return `Export ${what} for ${targets.length} placements`;
    }
    case 'inpaint': {
      const n = spec.args.seeds.length;
      const engine = spec.args.model
        ? spec.args.model.id
        : spec.args.engine === 'auto'
          ? 'the built-in engine'
          : spec.args.engine;
      return `Fill with ${engine} (${n} variant${n === 1 ? '' : 's'})`;
    }
    case 'diffusion': {
      const n = spec.args.seeds.length;
      const what = spec.args.mode === 'fill' ? 'Fill' : 'Frame';
      return `${what} with ${spec.args.model.id} (${n} variant${n === 1 ? '' : 's'})`;
    }
    case 'music': {
      const n = spec.args.seeds.length;
      return `Soundtrack, ${Math.round(spec.args.seconds * 10) / 10} s (${n} variant${n === 1 ? '' : 's'})`;
    }
    case 'model-add':
      return `Add model ${baseName(spec.args.path)}`;
    case 'model-download':
      return `Download model ${spec.args.name ?? baseName(spec.args.url.split(/[?#]/)[0]!)}`;
    case 'model-verify':
      return `Verify model ${spec.args.id}`;
  }
}

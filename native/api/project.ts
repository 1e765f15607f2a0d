import { z } from 'zod';
import { AssetSchema, DocumentSchema } from '../model/document';
import {
  DEFAULT_LOUDNESS_LUFS,
  FillEngineSchema,
  ImageFormatSchema,
  ImageSourceSchema,
  JobIdSchema,
  SeedSchema,
  VideoFormatSchema,
} from './jobs';
import { PlacementIdSchema } from '../model/placements';
import { ModelIdSchema } from './models';

/** The longest prompt (or negative prompt) a generation takes. */
export const MAX_PROMPT_CHARS = 1000;

/**
 * The Stable Diffusion settings a prompted generation may set; null leaves each to the model's
 * family: SD 1.5 inpainting takes 25 steps at guidance 7.5, SD-Turbo 1 step for a frame (4 for a
 * fill) without guidance.
 */
const DiffusionSettings = {
  negativePrompt: z.string().max(MAX_PROMPT_CHARS).default(''),
  steps: z.number().int().min(1).max(100).nullable().default(null),
  guidance: z.number().min(0).max(20).nullable().default(null),
};
import { BytesSchema } from './schemas';
import { GESTURE_LABELS } from '../model/gestures';

/** A command as it crosses the contract; the model checks its arguments by type. */
const CommandSchema = z.strictObject({ type: z.string().min(1).max(100), args: z.unknown() });

/** An edit from the UI: the engine's twin Editor applies the same one and logs it. */
export const EditSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('command'), command: CommandSchema }),
  z.strictObject({
    kind: z.literal('gesture'),
    label: z.enum(GESTURE_LABELS),
    commands: z.array(CommandSchema).min(1).max(10_000),
  }),
  z.strictObject({ kind: z.literal('undo') }),
  z.strictObject({ kind: z.literal('redo') }),
]);

/** Where the project stands, without the document (sent after every change). */
export const ProjectStatusSchema = z.strictObject({
  path: z.string().nullable(),
  /** The file name without extension, or the project name before the first save. */
  title: z.string(),
  dirty: z.boolean(),
  revision: z.number().int().min(0),
  undoLabels: z.array(z.string()),
  redoLabels: z.array(z.string()),
  problem: z.string().nullable(),
});
export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;

export const ProjectStateSchema = ProjectStatusSchema.extend({ document: DocumentSchema });
export type ProjectState = z.infer<typeof ProjectStateSchema>;

export const NewProjectArgsSchema = z
  .strictObject({
    name: z.string().min(1).max(200).default('Untitled'),
    commercial: z.boolean().default(true),
    fps: z.union([z.literal(24), z.literal(25), z.literal(30), z.literal(50), z.literal(60)]).default(30),
    placement: z
      .strictObject({
        id: z.string().max(50),
        name: z.string().min(1).max(200),
        width: z.number().int().min(1).max(16_384),
        height: z.number().int().min(1).max(16_384),
      })
      .optional(),
  })
  .prefault({});

/**
 * The sample campaign (a coffee brand's launch: artboards, a storyboard, a soundtrack), made in
 * the user data folder the first time and opened like a project file. No arguments.
 */
export const OpenSampleArgsSchema = z.strictObject({}).optional();

export const RecoveryEntrySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  originalPath: z.string().nullable(),
  autosavedAt: z.number(),
});
export type RecoveryEntryInfo = z.infer<typeof RecoveryEntrySchema>;

/** Events the UI may add to the edit log itself (document changes are logged by the engine). */
export const UiEventSchema = z.strictObject({
  type: z.enum([
    'tool.changed',
    'gesture.cancelled',
    'variant.shown',
    'variant.accepted',
    'variant.rejected',
    'export',
  ]),
  name: z.string().max(200).nullable().default(null),
  targetIds: z.array(z.string().max(100)).max(100).default([]),
  args: z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).default({}),
  durationMs: z.number().min(0).nullable().default(null),
});

export const ImportImageArgsSchema = z.strictObject({ source: ImageSourceSchema });
/** The stored asset, ready for an `asset.add` command (it is not in the document yet). */
export const ImportedAssetSchema = AssetSchema;
/** A mask painted in the studio: a PNG the size of its artboard (white = fill). */
export const ImportMaskArgsSchema = z.strictObject({
  canvasId: z.string().min(1).max(100),
  bytes: BytesSchema.refine((b) => b.byteLength > 0, 'the mask is empty'),
});
/** Generative fill of an artboard's mask: one job, `variants` results. */
export const GenerateFillArgsSchema = z.strictObject({
  canvasId: z.string().min(1).max(100),
  engine: FillEngineSchema.default('auto'),
  variants: z.number().int().min(1).max(8).default(3),
  /** The first variant's seed (the others follow it); null for a random one. */
  seed: SeedSchema.nullable().default(null),
  /** The job this one asks again for (Regenerate), logged as such. */
  regenerateOf: JobIdSchema.nullable().default(null),
  /** The user has confirmed using a non-commercial model in a commercial project. */
  confirmLicence: z.boolean().default(false),
  /**
   * What to paint into the mask, for a Stable Diffusion engine (`model:<id>` of an SD family),
   * which refuses an empty one; the other engines take no prompt and ignore these fields.
   */
  prompt: z.string().max(MAX_PROMPT_CHARS).default(''),
  ...DiffusionSettings,
});
export const GenerateFillResultSchema = z.strictObject({
  jobId: JobIdSchema,
  seeds: z.array(z.number().int()),
});
/**
 * A storyboard frame: a picture generated from the prompt with a Stable Diffusion model at the
 * artboard's aspect (at a size the model supports, then fitted to cover the artboard), in
 * `variants` seeds. Each variant is accepted with `project.acceptVariant` like a fill's (its box
 * is the whole artboard) and becomes an image layer over it.
 *
 * @example
 * await studio.project.generateFrame({
 *   canvasId, engine: 'model:sd-turbo', prompt: 'a lighthouse at dusk',
 *   consistency: { seed: 1234, referencePrompt: 'watercolour, muted palette' },
 * });
 */
export const GenerateFrameArgsSchema = z.strictObject({
  canvasId: z.string().min(1).max(100),
  engine: z.templateLiteral(['model:', ModelIdSchema]),
  prompt: z.string().trim().min(1, 'type what the frame shows').max(MAX_PROMPT_CHARS),
  variants: z.number().int().min(1).max(8).default(2),
  /** The first variant's seed (the others follow it); null for a random one. */
  seed: SeedSchema.nullable().default(null),
  ...DiffusionSettings,
  /**
   * Keep shots consistent: every frame starts from this seed (variant k uses seed + k, so the
   * first variant is the consistent one) and the model is given `prompt + ', ' + referencePrompt` (the shot's words first: CLIP reads 75 tokens).
   * Overrides `seed`.
   */
  consistency: z
    .strictObject({ seed: SeedSchema, referencePrompt: z.string().trim().max(MAX_PROMPT_CHARS) })
    .nullable()
    .default(null),
  regenerateOf: JobIdSchema.nullable().default(null),
  confirmLicence: z.boolean().default(false),
});
export const GenerateFrameResultSchema = GenerateFillResultSchema;

/** A variant of a finished fill job, stored as an asset (with its provenance) to become a layer. */
export const AcceptVariantArgsSchema = z.strictObject({
  jobId: JobIdSchema,
  index: z.number().int().min(0).max(7),
});
export const AcceptVariantResultSchema = z.strictObject({
  asset: AssetSchema,
  box: z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  /**
   * The mask the fill was made from (the UI clears it if it is still the artboard's); null for a
   * storyboard frame, which has none.
   */
  maskAssetId: z.string().nullable(),
});

export const AssetBytesSchema = z.strictObject({ mime: z.string(), bytes: BytesSchema });

const ExportOptions = {
  format: ImageFormatSchema,
  scale: z.union([z.literal(1), z.literal(2)]).default(1),
  quality: z.number().int().min(1).max(100).default(90),
};
export const ProjectExportImageArgsSchema = z.strictObject({
  canvasId: z.string().min(1),
  path: z.string().min(1).max(4096),
  ...ExportOptions,
});
/** Every artboard into one folder, each file named after its artboard. */
export const ExportAllArgsSchema = z.strictObject({ dir: z.string().min(1).max(4096), ...ExportOptions });
export const ExportJobsSchema = z.strictObject({
  jobs: z.array(z.strictObject({ jobId: JobIdSchema, path: z.string() })),
});

/** An audio file to import: a path on the workstation, or bytes dropped into the browser. */
export const ImportAudioArgsSchema = z.strictObject({ source: ImageSourceSchema });
/** A video clip for a shot: MP4/MOV, WebM/MKV or AVI, by path or as dropped bytes. */
export const ImportVideoArgsSchema = z.strictObject({ source: ImageSourceSchema });
/**
 * What the studio shows of a video clip: its preview proxy (a small VP8 WebM with frequent
 * keyframes, for the preview player) or its poster (the first frame as PNG, for thumbnails).
 */
export const VideoMediaArgsSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['proxy', 'poster']),
});

/**
 * An audio asset's waveform, computed once by the engine when it is imported or generated and
 * stored with it: the largest |sample| per bucket and channel, 0..255 (0 = silence).
 */
export const AudioPeaksSchema = z.strictObject({
  bucketsPerSecond: z.number().positive(),
  sampleRate: z.number().int().positive(),
  durationSamples: z.number().int().min(0),
  max: z.array(BytesSchema).min(1).max(2),
});
export type AudioPeaks = z.infer<typeof AudioPeaksSchema>;

/** A soundtrack asked for: `variants` pieces of exactly `seconds`, one per seed. */
export const GenerateMusicArgsSchema = z.strictObject({
  prompt: z.string().max(1000).default(''),
  seconds: z.number().min(1).max(600),
  engine: z.union([z.literal('builtin'), z.templateLiteral(['model:', ModelIdSchema])]).default('builtin'),
  variants: z.number().int().min(1).max(4).default(3),
  seed: SeedSchema.nullable().default(null),
  regenerateOf: JobIdSchema.nullable().default(null),
  confirmLicence: z.boolean().default(false),
});
export const GenerateMusicResultSchema = GenerateFillResultSchema;
/** A variant of a finished music job, stored as an audio asset (with its peaks and provenance). */
export const AcceptMusicArgsSchema = AcceptVariantArgsSchema.extend({
  index: z.number().int().min(0).max(3),
});
export const AcceptMusicResultSchema = z.strictObject({ asset: AssetSchema });

/**
 * Export the storyboard as video for one or more placements, into a folder: each file is named
 * after the project and its placement (`Spring sale-9x16.mp4`); stills go to a folder per placement.
 */
export const ProjectExportVideoArgsSchema = z.strictObject({
  placements: z
    .array(PlacementIdSchema)
    .min(1)
    .max(4)
    .refine((p) => new Set(p).size === p.length, 'a placement is named twice'),
  format: VideoFormatSchema.default('mp4'),
  dir: z.string().min(1).max(4096),
  loudnessLufs: z.number().min(-40).max(-5).nullable().default(DEFAULT_LOUDNESS_LUFS),
});
export const ExportVideoJobSchema = z.strictObject({
  jobId: JobIdSchema,
  outputs: z.array(z.strictObject({ placement: PlacementIdSchema, path: z.string() })),
});

import { z } from 'zod';
import type { AssetId, CanvasId, ClipId, LayerId, ProjectId, ShotId, TrackId } from './ids';
import { PlacementIdSchema } from './placements';

/**
 * The document, schema version 1: plain JSON, normalised records with prefixed typed ids.
 * No Date, typed arrays, DOM objects or class instances; pixels live in the asset store,
 * addressed by SHA-256. Checked on every load by `parseDocument` (schema, then integrity).
 */
export const CURRENT_SCHEMA_VERSION = 1;

const BODY = '[A-Za-z0-9_-]{1,64}';
function idSchema<T extends string>(prefix: string) {
  const pattern = new RegExp(`^${prefix}:${BODY}$`);
  return z.custom<T>((v) => typeof v === 'string' && pattern.test(v), {
    message: `expected a ${prefix} id ("${prefix}:…")`,
  });
}
export const ProjectIdSchema = idSchema<ProjectId>('project');
export const AssetIdSchema = idSchema<AssetId>('asset');
export const CanvasIdSchema = idSchema<CanvasId>('canvas');
export const LayerIdSchema = idSchema<LayerId>('layer');
export const ShotIdSchema = idSchema<ShotId>('shot');
export const TrackIdSchema = idSchema<TrackId>('track');
export const ClipIdSchema = idSchema<ClipId>('clip');

const finite = z.number().finite();
const int = z.number().int();
export const ColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'expected a colour like #ff8800');
const Name = z.string().min(1).max(200);

export const BlendModeSchema = z.enum([
  'normal',
  'multiply',
  'screen',
  'overlay',
  'darken',
  'lighten',
  'color-dodge',
  'color-burn',
  'hard-light',
  'soft-light',
  'difference',
  'exclusion',
  'hue',
  'saturation',
  'color',
  'luminosity',
]);
export type BlendMode = z.infer<typeof BlendModeSchema>;

export const TransformSchema = z.strictObject({
  x: finite,
  y: finite,
  width: finite.positive().max(100_000),
  height: finite.positive().max(100_000),
  /** Degrees, clockwise, about the layer's centre. */
  rotation: finite.min(-360).max(360),
  flipX: z.boolean(),
  flipY: z.boolean(),
});
export type Transform = z.infer<typeof TransformSchema>;

export const PaintSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('solid'), color: ColorSchema }),
  z.strictObject({
    kind: z.literal('linear'),
    /** Degrees: 0 runs left → right, 90 top → bottom. */
    angle: finite.min(-360).max(360),
    stops: z
      .array(z.strictObject({ offset: finite.min(0).max(1), color: ColorSchema }))
      .min(2)
      .max(16),
  }),
]);
export type Paint = z.infer<typeof PaintSchema>;

const layerBase = {
  id: LayerIdSchema,
  canvasId: CanvasIdSchema,
  /** The group this layer sits in, or null at the top level of its canvas. */
  parentId: LayerIdSchema.nullable(),
  name: Name,
  visible: z.boolean(),
  locked: z.boolean(),
  opacity: finite.min(0).max(1),
  blendMode: BlendModeSchema,
  transform: TransformSchema,
};

export const ImageLayerSchema = z.strictObject({
  ...layerBase,
  type: z.literal('image'),
  assetId: AssetIdSchema,
});
export const TextLayerSchema = z.strictObject({
  ...layerBase,
  type: z.literal('text'),
  text: z.string().max(10_000),
  fontFamily: z.string().min(1).max(100),
  fontSize: finite.min(1).max(2000),
  fontWeight: int.min(100).max(900).multipleOf(100),
  color: ColorSchema,
  align: z.enum(['left', 'center', 'right', 'justify']),
  lineHeight: finite.min(0.5).max(5),
});
export const ShapeLayerSchema = z.strictObject({
  ...layerBase,
  type: z.literal('shape'),
  shape: z.enum(['rect', 'ellipse']),
  fill: ColorSchema.nullable(),
  stroke: z.strictObject({ color: ColorSchema, width: finite.min(0).max(1000) }).nullable(),
  cornerRadius: finite.min(0).max(100_000),
});
export const FillLayerSchema = z.strictObject({ ...layerBase, type: z.literal('fill'), fill: PaintSchema });
export const GroupLayerSchema = z.strictObject({
  ...layerBase,
  type: z.literal('group'),
  /** Bottom to top. */
  childIds: z.array(LayerIdSchema).max(10_000),
});
export const LayerSchema = z.discriminatedUnion('type', [
  ImageLayerSchema,
  TextLayerSchema,
  ShapeLayerSchema,
  FillLayerSchema,
  GroupLayerSchema,
]);
export type Layer = z.infer<typeof LayerSchema>;
export type LayerType = Layer['type'];
export type GroupLayer = z.infer<typeof GroupLayerSchema>;

export const ProvenanceSchema = z.discriminatedUnion('type', [
  /** Only the file's name: never an absolute path. */
  z.strictObject({ type: z.literal('imported'), fileName: z.string().min(1).max(255) }),
  /** Drawn in the studio: a mask painted on an artboard. */
  z.strictObject({ type: z.literal('painted') }),
  z.strictObject({
    type: z.literal('generated'),
    modelId: z.string().min(1).max(200),
    /** SHA-256 of the model file; null for built-in engines. */
    modelSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    parameters: z.record(z.string(), z.union([z.string().max(2000), finite, z.boolean(), z.null()])),
    seed: int.min(0),
    maskAssetId: AssetIdSchema.nullable(),
    parentAssetIds: z.array(AssetIdSchema).max(64),
  }),
]);
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const AssetSchema = z.strictObject({
  id: AssetIdSchema,
  kind: z.enum(['image', 'audio', 'video']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case SHA-256'),
  mime: z.string().min(3).max(100),
  byteSize: int.min(0),
  name: z.string().min(1).max(255),
  width: int.positive().nullable(),
  height: int.positive().nullable(),
  durationSamples: int.min(0).nullable(),
  sampleRate: int.positive().nullable(),
  provenance: ProvenanceSchema,
});
export type Asset = z.infer<typeof AssetSchema>;

export const CanvasSchema = z.strictObject({
  id: CanvasIdSchema,
  name: Name,
  width: int.min(1).max(16_384),
  height: int.min(1).max(16_384),
  /** Null is transparent. */
  background: ColorSchema.nullable(),
  /** Top-level layers, bottom to top. */
  layerIds: z.array(LayerIdSchema).max(10_000),
  /** The mask painted for generative fill (a greyscale PNG asset; white = fill). */
  maskAssetId: AssetIdSchema.nullable(),
  /** The placement preset it was made from (`story`, `square`, …), if any. */
  placement: z.string().max(50).nullable(),
});
export type Canvas = z.infer<typeof CanvasSchema>;

/**
 * A camera position on a shot's picture as placed in the frame: `x`, `y` the centre of the view
 * in 0..1 of the picture's visible area, `scale` the zoom (1 = all of it, 2 = half its width).
 */
export const FramingSchema = z.strictObject({
  x: finite.min(0).max(1),
  y: finite.min(0).max(1),
  scale: finite.min(0.05).max(20),
});
export type Framing = z.infer<typeof FramingSchema>;
export const EasingSchema = z.enum(['linear', 'ease-in', 'ease-out', 'ease-in-out']);
export type Easing = z.infer<typeof EasingSchema>;
export const TransitionKindSchema = z.enum(['cut', 'crossfade', 'dip-to-black', 'slide']);
export type TransitionKind = z.infer<typeof TransitionKindSchema>;

/** A rectangle of a shot's source picture, in 0..1 of its width and height. */
export const CropSchema = z
  .strictObject({
    x: finite.min(0).max(1),
    y: finite.min(0).max(1),
    width: finite.gt(0).max(1),
    height: finite.gt(0).max(1),
  })
  .refine((c) => c.x + c.width <= 1 + 1e-9 && c.y + c.height <= 1 + 1e-9, {
    message: 'the crop must lie inside the picture',
  });
export type Crop = z.infer<typeof CropSchema>;

export const ReframeModeSchema = z.enum(['fit', 'fill', 'custom']);
/**
 * How a shot's picture sits in one placement's frame: `fit` shows all of it (black bars),
 * `fill` covers the frame (cut at the long sides), `custom` covers the frame with `crop`.
 * A crop is kept when the mode changes back, so switching to custom again restores it.
 */
export const ReframeSchema = z
  .strictObject({ mode: ReframeModeSchema, crop: CropSchema.nullable() })
  .refine((r) => r.mode !== 'custom' || r.crop !== null, {
    message: 'a custom reframing needs a crop',
    path: ['crop'],
  });
export type Reframe = z.infer<typeof ReframeSchema>;
/** A shot's reframing by placement; a placement without an entry uses `fill`. */
export const ShotReframesSchema = z.partialRecord(PlacementIdSchema, ReframeSchema);
export type ShotReframes = z.infer<typeof ShotReframesSchema>;

export const ShotSchema = z.strictObject({
  id: ShotIdSchema,
  name: Name,
  source: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('canvas'), canvasId: CanvasIdSchema }),
      z.strictObject({ kind: z.literal('asset'), assetId: AssetIdSchema }),
    ])
    .nullable(),
  durationFrames: int.min(1).max(10_000_000),
  caption: z.string().max(2000),
  notes: z.string().max(10_000),
  /**
   * How the shot begins: it runs over the shot's first `durationFrames` frames, from the
   * previous shot's last frame (held) or from black before the first shot.
   */
  transitionIn: z.strictObject({
    kind: TransitionKindSchema,
    durationFrames: int.min(0).max(100_000),
  }),
  /** A camera move over the whole shot, from its first frame to its last. */
  camera: z.strictObject({
    from: FramingSchema,
    to: FramingSchema,
    easing: EasingSchema,
  }),
  /**
   * Per placement: fit, fill or a custom crop. Added after schema 1 shipped, with a default, so
   * a version-1 file without it still reads (as `{}`: every placement fills) — no migration.
   */
  reframe: ShotReframesSchema.default({}),
});
export type Shot = z.infer<typeof ShotSchema>;

export const TrackKindSchema = z.enum(['video', 'captions', 'music', 'voice', 'sfx']);
export const TrackSchema = z.strictObject({
  id: TrackIdSchema,
  kind: TrackKindSchema,
  name: Name,
  muted: z.boolean(),
  solo: z.boolean(),
  gainDb: finite.min(-60).max(12),
  /** In start order. */
  clipIds: z.array(ClipIdSchema).max(100_000),
});
export type Track = z.infer<typeof TrackSchema>;

export const ClipSchema = z.strictObject({
  id: ClipIdSchema,
  trackId: TrackIdSchema,
  assetId: AssetIdSchema.nullable(),
  shotId: ShotIdSchema.nullable(),
  /** Caption text, for clips on a captions track. */
  text: z.string().max(2000).nullable(),
  startFrame: int.min(0).max(100_000_000),
  durationFrames: int.min(1).max(100_000_000),
  /** Audio trimmed off the start of the asset, in samples. */
  trimStartSamples: int.min(0),
  gainDb: finite.min(-60).max(12),
  fadeInFrames: int.min(0),
  fadeOutFrames: int.min(0),
});
export type Clip = z.infer<typeof ClipSchema>;

export const TimelineSchema = z.strictObject({
  fps: z.union([z.literal(24), z.literal(25), z.literal(30), z.literal(50), z.literal(60)]),
  tracks: z.record(z.string(), TrackSchema),
  trackOrder: z.array(TrackIdSchema),
  clips: z.record(z.string(), ClipSchema),
});
export type Timeline = z.infer<typeof TimelineSchema>;

export const DocumentSchema = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: ProjectIdSchema,
  name: Name,
  /** A client project: non-commercial model licences ask before use. */
  commercial: z.boolean(),
  /**
   * Whether the edit log may keep generation prompts as typed. Off, it keeps only each prompt's
   * SHA-256 and length (prompts may name clients or unreleased products). Added after schema 1
   * shipped, with a default, so older files still read (as off) — no migration.
   */
  logPrompts: z.boolean().default(false),
  /** Epoch milliseconds. */
  createdAt: int.min(0),
  assets: z.record(z.string(), AssetSchema),
  canvases: z.record(z.string(), CanvasSchema),
  canvasOrder: z.array(CanvasIdSchema),
  layers: z.record(z.string(), LayerSchema),
  shots: z.record(z.string(), ShotSchema),
  shotOrder: z.array(ShotIdSchema),
  timeline: TimelineSchema,
});
export type Document = z.infer<typeof DocumentSchema>;

/**
 * The sample campaign's recipe (assets/sample/campaign.json): what the artboards hold, how the
 * storyboard runs and what the soundtrack is asked for, in a form a person edits. Checked here,
 * so a slip in the JSON is a clear error naming the field rather than a broken sample.
 */
import { z } from 'zod';
import campaign from '../../assets/sample/campaign.json';
import presets from '../../assets/presets/placements.json';
import {
  BlendModeSchema,
  ColorSchema,
  EasingSchema,
  FramingSchema,
  PaintSchema,
  ShotReframesSchema,
  TransitionKindSchema,
} from '../model/document';
import { BUNDLED_FONT_FAMILIES } from '../compose/fonts';

const finite = z.number().finite();
const frames = z.number().int().min(1);
const Name = z.string().min(1).max(200);
const Key = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a key like "square" or "bean-pattern"');
/** [x, y, width, height] in artboard pixels. */
const BoxSchema = z.tuple([finite, finite, finite.positive(), finite.positive()]);

const drawn = {
  name: Name,
  opacity: z.number().min(0).max(1).default(1),
  blendMode: BlendModeSchema.default('normal'),
  rotation: finite.min(-360).max(360).default(0),
};

const FillRecipe = z.strictObject({ type: z.literal('fill'), ...drawn, fill: PaintSchema });
const ImageRecipe = z.strictObject({ type: z.literal('image'), ...drawn, image: Key, box: BoxSchema });
const ShapeRecipe = z.strictObject({
  type: z.literal('shape'),
  ...drawn,
  shape: z.enum(['rect', 'ellipse']),
  box: BoxSchema,
  fill: ColorSchema.nullable(),
  stroke: z
    .strictObject({ color: ColorSchema, width: finite.min(0).max(1000) })
    .nullable()
    .default(null),
  cornerRadius: finite.min(0).default(0),
});
const TextRecipe = z.strictObject({
  type: z.literal('text'),
  ...drawn,
  text: z.string().min(1).max(10_000),
  box: BoxSchema,
  /** Only the bundled fonts: the sample must look the same on every workstation. */
  fontFamily: z.enum(BUNDLED_FONT_FAMILIES),
  fontSize: finite.min(1).max(2000),
  fontWeight: z.union([z.literal(400), z.literal(700)]),
  color: ColorSchema,
  align: z.enum(['left', 'center', 'right', 'justify']),
  lineHeight: finite.min(0.5).max(5).default(1.2),
});
const LeafRecipe = z.discriminatedUnion('type', [FillRecipe, ImageRecipe, ShapeRecipe, TextRecipe]);
/** A group of layers, one level deep (enough for a logo or a button and its label). */
const GroupRecipe = z.strictObject({
  type: z.literal('group'),
  name: Name,
  layers: z.array(LeafRecipe).min(1),
});
const LayerRecipe = z.discriminatedUnion('type', [
  FillRecipe,
  ImageRecipe,
  ShapeRecipe,
  TextRecipe,
  GroupRecipe,
]);
export type LeafRecipe = z.infer<typeof LeafRecipe>;
export type LayerRecipe = z.infer<typeof LayerRecipe>;

/** Coffee beans scattered over a transparent square, one per cell of a `columns`² grid. */
const BeanPatternRecipe = z.strictObject({
  kind: z.literal('bean-pattern'),
  name: Name,
  size: z.number().int().min(16).max(4096),
  seed: z.number().int().min(0),
  columns: z.number().int().min(1).max(40),
  bean: ColorSchema,
  crease: ColorSchema,
});
/** A cup of coffee on its saucer, with steam, on a transparent square. */
const CupRecipe = z.strictObject({
  kind: z.literal('cup'),
  name: Name,
  size: z.number().int().min(16).max(4096),
  seed: z.number().int().min(0),
  cup: ColorSchema,
  shade: ColorSchema,
  coffee: ColorSchema,
  crema: ColorSchema,
  steam: ColorSchema,
});
const ImageRecipeSchema = z.discriminatedUnion('kind', [BeanPatternRecipe, CupRecipe]);
export type SampleImageRecipe = z.infer<typeof ImageRecipeSchema>;

const ArtboardRecipe = z.strictObject({
  key: Key,
  name: Name,
  /** A placement preset's id (assets/presets/placements.json): the artboard takes its size. */
  placement: z.string().min(1).max(50),
  background: ColorSchema.nullable(),
  layers: z.array(LayerRecipe).min(1),
});
export type ArtboardRecipe = z.infer<typeof ArtboardRecipe>;

const ShotRecipe = z.strictObject({
  name: Name,
  artboard: Key,
  frames,
  transition: z.strictObject({ kind: TransitionKindSchema, frames: z.number().int().min(0) }),
  camera: z.strictObject({ from: FramingSchema, to: FramingSchema, easing: EasingSchema }),
  caption: z.string().max(2000),
  notes: z.string().max(10_000),
  reframe: ShotReframesSchema,
});
export type ShotRecipe = z.infer<typeof ShotRecipe>;

export const SampleRecipeSchema = z
  .strictObject({
    '//': z.string().optional(),
    name: Name,
    commercial: z.boolean(),
    fps: z.union([z.literal(24), z.literal(25), z.literal(30), z.literal(50), z.literal(60)]),
    images: z.record(Key, ImageRecipeSchema),
    artboards: z.array(ArtboardRecipe).min(1),
    shots: z.array(ShotRecipe).min(1),
    captions: z.array(
      z.strictObject({ text: z.string().min(1).max(2000), startFrame: z.number().int().min(0), frames }),
    ),
    soundtrack: z.strictObject({
      name: Name,
      prompt: z.string().max(1000),
      seed: z.number().int().min(0),
    }),
  })
  .superRefine((recipe, ctx) => {
    const keys = new Set(recipe.artboards.map((a) => a.key));
    if (keys.size !== recipe.artboards.length)
      ctx.addIssue({ code: 'custom', path: ['artboards'], message: 'two artboards share a key' });
    for (const [i, artboard] of recipe.artboards.entries()) {
      if (!presets.some((p) => p.id === artboard.placement)) {
        ctx.addIssue({
          code: 'custom',
          path: ['artboards', i, 'placement'],
          message: `no placement preset "${artboard.placement}"`,
        });
      }
      const images = artboard.layers.flatMap((l) => (l.type === 'group' ? l.layers : [l]));
      for (const layer of images) {
        if (layer.type === 'image' && !recipe.images[layer.image]) {
          ctx.addIssue({
            code: 'custom',
            path: ['artboards', i, 'layers'],
            message: `layer "${layer.name}" shows image "${layer.image}", which the recipe does not make`,
          });
        }
      }
    }
    for (const [i, shot] of recipe.shots.entries()) {
      if (!keys.has(shot.artboard)) {
        ctx.addIssue({
          code: 'custom',
          path: ['shots', i, 'artboard'],
          message: `no artboard "${shot.artboard}"`,
        });
      }
    }
  });
export type SampleRecipe = z.infer<typeof SampleRecipeSchema>;

/** An artboard's size: its placement preset's. */
export function placementSize(placement: string): { width: number; height: number } {
  const preset = presets.find((p) => p.id === placement);
  if (!preset) throw new Error(`no placement preset "${placement}"`);
  return { width: preset.width, height: preset.height };
}

/**
 * The recipe of assets/sample/campaign.json, checked (or another, for tests).
 *
 * @example
 * const recipe = sampleRecipe();
 * recipe.shots.reduce((n, s) => n + s.frames, 0); // the storyboard's length in frames
 */
export function sampleRecipe(raw: unknown = campaign): SampleRecipe {
  const parsed = SampleRecipeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`the sample recipe is not valid: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

import { z } from 'zod';
import { ExecutionProviderNameSchema } from './schemas';

/** The learned inpainting families the studio has adapters for (see MODELS.md). */
export const INPAINT_FAMILIES = ['lama-512', 'lama-4ch', 'migan'] as const;
export const InpaintFamilySchema = z.enum(INPAINT_FAMILIES);
export type InpaintFamily = z.infer<typeof InpaintFamilySchema>;

/**
 * The Stable Diffusion families: ONNX export folders in the diffusers layout, told apart by their
 * UNet (`sample` takes 9 channels for SD 1.5 inpainting, 4 for a text-to-image model such as
 * SD-Turbo). Both fill masks with a prompt; both make storyboard frames.
 */
export const DIFFUSION_FAMILIES = ['sd15-inpaint', 'sd-turbo'] as const;
export const DiffusionFamilySchema = z.enum(DIFFUSION_FAMILIES);
export type DiffusionFamily = z.infer<typeof DiffusionFamilySchema>;

/**
 * Every family of the models folder: the inpainting ones (one ONNX file and a manifest each),
 * MusicGen (a transformers.js export folder) and Stable Diffusion (a diffusers ONNX export folder).
 */
export const MODEL_FAMILIES = [...INPAINT_FAMILIES, 'musicgen', ...DIFFUSION_FAMILIES] as const;
export const ModelFamilySchema = z.enum(MODEL_FAMILIES);
export type ModelFamily = z.infer<typeof ModelFamilySchema>;

/** What each family is called in the studio. */
export const FAMILY_LABELS: Readonly<Record<ModelFamily, string>> = {
  'lama-512': 'LaMa (512)',
  'lama-4ch': 'LaMa',
  migan: 'MI-GAN',
  musicgen: 'MusicGen',
  'sd15-inpaint': 'Stable Diffusion 1.5 inpainting',
  'sd-turbo': 'SD-Turbo',
};

/** Whether a family fills masks (the Generate panel) rather than making music (the Soundtrack panel). */
export function isInpaintFamily(family: ModelFamily): family is InpaintFamily {
  return (INPAINT_FAMILIES as readonly string[]).includes(family);
}

/** Whether a family is a Stable Diffusion one (prompted fills and storyboard frames). */
export function isDiffusionFamily(family: ModelFamily): family is DiffusionFamily {
  return (DIFFUSION_FAMILIES as readonly string[]).includes(family);
}

/**
 * Whether a family can fill a mask in the Generate panel: the inpainting models and both Stable
 * Diffusion families (SD-Turbo fills by blending its latents with the picture's).
 *
 * @example
 * models.filter((m) => m.family && isFillFamily(m.family) && !m.problem);
 */
export function isFillFamily(family: ModelFamily): family is InpaintFamily | DiffusionFamily {
  return isInpaintFamily(family) || isDiffusionFamily(family);
}

/** Whether a family takes a prompt for a fill (the Generate panel shows the prompt fields). */
export function takesPrompt(family: ModelFamily): family is DiffusionFamily {
  return isDiffusionFamily(family);
}

/** A model's id: the name of its folder in the models folder. */
export const ModelIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
    'must be lowercase letters, digits and dashes (at most 64)',
  );
export type ModelId = z.infer<typeof ModelIdSchema>;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hexadecimal digits');

export const LicenceSchema = z.strictObject({
  /** SPDX id where there is one (`Apache-2.0`, `MIT`, `CC-BY-NC-4.0`). */
  name: z.string().trim().min(1).max(200),
  /** Whether the weights may be used in client work; the UI asks before use when false. */
  commercialUse: z.boolean(),
  url: z.url().max(2048).optional(),
});
export type Licence = z.infer<typeof LicenceSchema>;

/** One model of the models folder as the Models panel and the Generate panel show it. */
export const ModelInfoSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** Null when the manifest cannot be read (then `problem` says why). */
  family: ModelFamilySchema.nullable(),
  licence: LicenceSchema.nullable(),
  /** The model file's size and SHA-256. */
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  addedFrom: z.enum(['file', 'download']).nullable(),
  addedAt: z.number().nullable(),
  /** Why the model cannot be used, or null when it is ready. */
  problem: z.string().nullable(),
  /** False for a folder that is no model at all (the studio lists it but never deletes it). */
  removable: z.boolean(),
  /** The execution provider a run would try first (the first available of the preferred ones). */
  provider: ExecutionProviderNameSchema.nullable(),
  /** The provider that actually ran the model last in this session, if it has run. */
  lastProvider: ExecutionProviderNameSchema.nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const ModelsListSchema = z.strictObject({
  /** The models folder in use. */
  folder: z.string(),
  /** Whether it is the default one (`<userData>/models`). */
  isDefault: z.boolean(),
  models: z.array(ModelInfoSchema),
  providers: z.array(
    z.strictObject({ name: ExecutionProviderNameSchema, available: z.boolean(), note: z.string() }),
  ),
});
export type ModelsList = z.infer<typeof ModelsListSchema>;

/**
 * Add an `.onnx` file (copied into the models folder, hashed, its family recognised) or a Stable
 * Diffusion export folder (copied in, checked complete, its family read from its UNet; the name and
 * licence given here are kept in its atelier.json).
 */
export const ModelAddArgsSchema = z.strictObject({
  path: z.string().min(1).max(4096),
  /** Default: the file's name without `.onnx` (a folder's name). */
  name: z.string().trim().min(1).max(200).optional(),
  /** Default: the family's published licence. */
  licence: LicenceSchema.optional(),
});

/** Download a model from a URL, resumable, checked against its SHA-256. */
export const ModelDownloadArgsSchema = z.strictObject({
  url: z
    .url()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// address'),
  sha256: z
    .string()
    .trim()
    .transform((s) => s.toLowerCase())
    .pipe(Sha256Schema),
  name: z.string().trim().min(1).max(200).optional(),
  licence: LicenceSchema.optional(),
});

export const ModelIdArgsSchema = z.strictObject({ id: ModelIdSchema });

/** What adding, downloading or verifying a model ends with. */
export const ModelJobResultSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  family: ModelFamilySchema,
});

/** A fill engine: a built-in one, or `model:<id>` for a model of the models folder. */
export const BUILTIN_FILL_ENGINES = ['auto', 'telea', 'patchmatch'] as const;
export const FillEngineSchema = z.union([
  z.enum(BUILTIN_FILL_ENGINES),
  z.templateLiteral(['model:', ModelIdSchema]),
]);
export type FillEngine = z.infer<typeof FillEngineSchema>;

/** The model id in a `model:<id>` engine, or null for a built-in engine. */
export function modelIdOf(engine: string): string | null {
  return engine.startsWith('model:') ? engine.slice('model:'.length) : null;
}

import { z } from 'zod';

export const StudioErrorDataSchema = z.strictObject({
  code: z.enum([
    'invalid_argument',
    'unknown_method',
    'bad_message',
    'too_large',
    'unauthorized',
    'forbidden',
    'not_found',
    'conflict',
    'job_failed',
    'cancelled',
    'unavailable',
    'internal',
  ]),
  message: z.string(),
  field: z.string().optional(),
});

/** Raw bytes (an image file, a thumbnail); crosses processes as a Uint8Array. */
export const BytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

/** For methods without arguments: `studio.app.info()`; anything passed must be an empty object. */
export const NoArgsSchema = z.strictObject({}).optional();

export const ExecutionProviderNameSchema = z.enum(['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu']);
export type ExecutionProviderName = z.infer<typeof ExecutionProviderNameSchema>;

export const AppInfoSchema = z.strictObject({
  name: z.literal('Atelier'),
  version: z.string(),
  mode: z.enum(['desktop', 'web']),
  platform: z.strictObject({ os: z.string(), arch: z.string(), node: z.string() }),
  executionProviders: z.array(
    z.strictObject({ name: ExecutionProviderNameSchema, available: z.boolean(), note: z.string() }),
  ),
  /** Where settings, recovery files and models live on this workstation. */
  userDataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const settingsFields = {
  theme: z.enum(['dark', 'light']),
  /** Folder with ONNX models; null means `<userData>/models`. */
  modelsDir: z.string().min(1).max(4096).nullable(),
  autosaveSeconds: z.number().int().min(5).max(3600),
  /** Execution providers in the order they are tried; CPU is always tried last. */
  preferredProviders: z.array(ExecutionProviderNameSchema).min(1).max(6),
};

export const SettingsSchema = z.strictObject({
  theme: settingsFields.theme.default('dark'),
  modelsDir: settingsFields.modelsDir.default(null),
  autosaveSeconds: settingsFields.autosaveSeconds.default(30),
  preferredProviders: settingsFields.preferredProviders.default(['cuda', 'dml', 'coreml', 'cpu']),
});
export type Settings = z.infer<typeof SettingsSchema>;
/** Only the fields given are changed (no defaults here, or a patch would reset the others). */
export const SettingsPatchSchema = z.strictObject(settingsFields).partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const RecentProjectSchema = z.strictObject({
  path: z.string().min(1).max(4096),
  name: z.string(),
  openedAt: z.number(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;
export const RecentListSchema = z.array(RecentProjectSchema).max(50);
export const PathArgsSchema = z.strictObject({ path: z.string().min(1).max(4096) });

export const FileEntrySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['dir', 'file']),
  size: z.number().int().nonnegative(),
  modifiedMs: z.number(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const FilesRootsSchema = z.strictObject({
  /** The folder the file browser is confined to. */
  root: z.string(),
  /** Where the browser starts (the user's home, when it lies inside the root). */
  start: z.string(),
});
export type FilesRoots = z.infer<typeof FilesRootsSchema>;

export const FilesListArgsSchema = z.strictObject({
  path: z.string().min(1).max(4096),
  /** Lower-case extensions without the dot; files with other extensions are left out. */
  extensions: z
    .array(z.string().regex(/^[a-z0-9]{1,10}$/))
    .max(20)
    .optional(),
  showHidden: z.boolean().default(false),
});
export const FilesListSchema = z.strictObject({
  path: z.string(),
  parent: z.string().nullable(),
  entries: z.array(FileEntrySchema),
  /** True when the folder had more entries than the listing limit. */
  truncated: z.boolean(),
});
export type FilesList = z.infer<typeof FilesListSchema>;

export const FilesResolveSaveArgsSchema = z.strictObject({
  dir: z.string().min(1).max(4096),
  name: z
    .string()
    .min(1)
    .max(255)
    .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', 'a file name cannot contain / or \\'),
});
export const FilesResolveSaveSchema = z.strictObject({ path: z.string(), exists: z.boolean() });

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';
import { z } from 'zod';
import { StudioError } from '../api/errors';

const FontManifestSchema = z.object({
  fonts: z
    .array(
      z.object({
        family: z.string().min(1).max(100),
        category: z.string(),
        /** File names in the manifest's folder, by CSS weight ("400", "700"). */
        files: z.record(z.string().regex(/^[1-9]00$/), z.string().regex(/^[\w.-]+$/)),
        license: z.string().min(1),
        licenseFile: z.string().min(1),
        /** The npm package the files came from, e.g. "@fontsource/inter@5.3.0". */
        source: z.string().min(1),
      }),
    )
    .min(1),
});
export type FontManifest = z.infer<typeof FontManifestSchema>;

/** One font file of the manifest: which family and weight it is, and where it lies. */
export interface BundledFontFile {
  family: string;
  weight: number;
  path: string;
}

/** The part of @napi-rs/canvas's GlobalFonts that registering uses. */
export interface FontRegistry {
  register(font: Buffer, nameAlias?: string): unknown;
}

/**
 * Finds `assets/fonts/` from where this code runs: `native/media/` from source (tests, tsx),
 * `dist/` once built (web mode's worker.js), `resources/app.asar/dist/` in the packaged app —
 * electron-builder packs `assets/**` beside `dist/`, and Electron's fs reads inside app.asar.
 */
export function findBundledFontsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'assets', 'fonts');
    if (existsSync(join(candidate, 'fonts.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new StudioError(
    'unavailable',
    `the bundled fonts (assets/fonts/fonts.json) were not found above ${start}`,
  );
}

/** Reads and checks `fonts.json` in `dir`; every file it names must exist there. */
export function readFontManifest(dir: string): { manifest: FontManifest; files: BundledFontFile[] } {
  const manifestPath = join(dir, 'fonts.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new StudioError(
      'unavailable',
      `the font manifest ${manifestPath} could not be read: ${String(error)}`,
    );
  }
  const checked = FontManifestSchema.safeParse(parsed);
  if (!checked.success) {
    throw new StudioError(
      'unavailable',
      `the font manifest ${manifestPath} is malformed: ${checked.error.message}`,
    );
  }
  const files: BundledFontFile[] = [];
  for (const font of checked.data.fonts) {
    for (const [weight, name] of Object.entries(font.files)) {
      const path = join(dir, name);
      if (!existsSync(path) || !statSync(path).isFile()) {
        throw new StudioError(
          'unavailable',
          `the font file ${name} (${font.family} ${weight}) named by ${manifestPath} is missing`,
        );
      }
      files.push({ family: font.family, weight: Number(weight), path });
    }
  }
  return { manifest: checked.data, files };
}

/**
 * Registers every bundled font under its manifest family name. Reads the bytes with fs and
 * hands over a buffer: native code cannot open a path inside app.asar.
 *
 * @returns The families registered, in manifest order.
 */
export function registerBundledFonts(
  dir: string = findBundledFontsDir(),
  registry: FontRegistry = GlobalFonts,
): string[] {
  const { manifest, files } = readFontManifest(dir);
  for (const file of files) {
    if (registry.register(readFileSync(file.path), file.family) == null) {
      throw new StudioError(
        'unavailable',
        `the font file ${file.path} (${file.family} ${file.weight}) could not be registered: not a font the canvas reads`,
      );
    }
  }
  return manifest.fonts.map((font) => font.family);
}

let registered = false;

/** Registers the bundled fonts with @napi-rs/canvas once per process, before text is drawn. */
export function ensureBundledFonts(): void {
  if (registered) return;
  registerBundledFonts();
  registered = true;
}

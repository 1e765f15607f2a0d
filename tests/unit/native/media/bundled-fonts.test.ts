// The fonts of assets/fonts: what the manifest promises is there, the export job draws text in
// them (not in the fallback), and a broken install says which file is missing.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';
import { StudioError } from '../../../../native/api/errors';
import { exportImageJob } from '../../../../native/media/export-image-job';
import {
  findBundledFontsDir,
  readFontManifest,
  registerBundledFonts,
} from '../../../../native/media/bundled-fonts';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import type { Layer } from '../../../../native/model/document';
import { textLayer } from '../../../helpers/layers';
import { tempDir } from '../../../helpers/temp';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fontsDir = join(root, 'assets', 'fonts');
const dir = tempDir();
afterAll(() => dir.cleanup());

/** Exports one text layer through the real job and returns the file's RGBA pixels. */
async function exportText(fontFamily: string, fontWeight = 700): Promise<Buffer> {
  const editor = new Editor(createDocument({ id: 'project:f', name: 'F', createdAt: 0 }));
  editor.dispatch({
    type: 'canvas.add',
    args: { canvas: { ...blankCanvas('canvas:a', 'A', 320, 60), background: '#ffffff' } },
  });
  const layer = { ...textLayer('layer:t', 'canvas:a', 'Hamburgefonts', 320, 60), fontFamily, fontWeight };
  const added = editor.dispatch({ type: 'layer.add', args: { layer: layer as Layer } });
  if (!added.ok) throw new Error(added.reason);
  const path = join(dir.path, `${fontFamily}-${fontWeight}.png`);
  await exportImageJob.run(
    { document: editor.doc, canvasId: 'canvas:a', format: 'png', scale: 1, quality: 90, images: {}, path },
    { progress: () => {} },
  );
  return sharp(path).ensureAlpha().raw().toBuffer();
}

describe('the bundled fonts', () => {
  it('are all in assets/fonts, each under 1 MB and together under 1.5 MB, with their licences', () => {
    const { manifest, files } = readFontManifest(fontsDir);
    expect(files.length).toBeGreaterThanOrEqual(manifest.fonts.length * 2);
    let total = 0;
    for (const file of files) {
      const size = statSync(file.path).size;
      expect(size, file.path).toBeLessThan(1024 * 1024);
      total += size;
    }
    expect(total).toBeLessThan(1.5 * 1024 * 1024);
    for (const font of manifest.fonts) {
      expect(Object.keys(font.files)).toEqual(expect.arrayContaining(['400', '700']));
      expect(font.source).toMatch(/^@?[\w./-]+@\d+\.\d+\.\d+$/);
      const licence = join(fontsDir, font.licenseFile);
      expect(existsSync(licence), licence).toBe(true);
      if (font.license === 'OFL-1.1')
        expect(readFileSync(licence, 'utf8')).toContain('SIL Open Font License');
    }
  });

  it('are found from the source tree and from dist/, as the built worker finds them', () => {
    expect(findBundledFontsDir()).toBe(fontsDir);
    expect(findBundledFontsDir(join(root, 'dist'))).toBe(fontsDir);
  });

  it('draw exported text in each family and weight, not in the fallback', async () => {
    const inter = await exportText('Inter');
    const playfair = await exportText('Playfair Display');
    const fallback = await exportText('No Such Family');
    const interRegular = await exportText('Inter', 400);
    expect(inter.equals(playfair)).toBe(false);
    expect(inter.equals(fallback)).toBe(false);
    expect(playfair.equals(fallback)).toBe(false);
    expect(inter.equals(interRegular)).toBe(false);
    // Something was drawn at all (dark pixels on the white artboard).
    expect(inter.some((value, i) => i % 4 === 0 && value < 64)).toBe(true);
    const families = GlobalFonts.families.map((f) => f.family);
    for (const font of readFontManifest(fontsDir).manifest.fonts) expect(families).toContain(font.family);
  });
});

describe('a broken font install', () => {
  const manifestNaming = (file: string) => {
    const folder = join(dir.path, `fonts-${file}`);
    mkdirSync(folder);
    const font = { family: 'Gone', category: 'sans-serif', license: 'OFL-1.1', licenseFile: 'x.txt' };
    writeFileSync(
      join(folder, 'fonts.json'),
      JSON.stringify({ fonts: [{ ...font, files: { '400': file }, source: 'x@1.0.0' }] }),
    );
    return folder;
  };

  it('names the missing file', () => {
    const folder = manifestNaming('gone-400.woff2');
    const error = (() => {
      try {
        registerBundledFonts(folder, { register: () => ({}) });
      } catch (e) {
        return e;
      }
    })() as StudioError;
    expect(error).toBeInstanceOf(StudioError);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/font file gone-400\.woff2 \(Gone 400\) named by .*fonts\.json is missing/);
  });

  it('refuses a file the canvas cannot read, and a folder without a manifest', () => {
    const folder = manifestNaming('bad-400.woff2');
    writeFileSync(join(folder, 'bad-400.woff2'), 'not a font');
    expect(() => registerBundledFonts(folder, GlobalFonts)).toThrow(
      /bad-400\.woff2 \(Gone 400\) could not be registered/,
    );
    expect(() => findBundledFontsDir(join(dir.path, 'a', 'b'))).toThrow(
      /assets\/fonts\/fonts\.json\) were not found/,
    );
  });
});

// The page's side of the bundled fonts: one @font-face per manifest file, with Vite's URL,
// loaded once. FontFace and document.fonts are stand-ins here (Node has neither).
import { afterEach, describe, expect, it, vi } from 'vitest';
import manifest from '../../../assets/fonts/fonts.json';
import { BUNDLED_FONT_FAMILIES, bundledFontFaces, loadBundledFonts } from '../../../renderer/canvas/fonts';

class FakeFontFace {
  static made: FakeFontFace[] = [];
  loaded = false;
  constructor(
    readonly family: string,
    readonly source: string,
    readonly descriptors: FontFaceDescriptors,
  ) {
    FakeFontFace.made.push(this);
  }
  async load() {
    this.loaded = true;
    return this;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('renderer fonts', () => {
  it('offers the manifest families to the font picker', () => {
    expect(BUNDLED_FONT_FAMILIES).toEqual(manifest.fonts.map((f) => f.family));
  });

  it('gives every file of the manifest a URL', () => {
    const faces = bundledFontFaces();
    const files = manifest.fonts.flatMap((f) => Object.values(f.files));
    expect(faces).toHaveLength(files.length);
    faces.forEach((face, i) => expect(face.url).toContain(files[i]));
    expect(faces[0]).toMatchObject({ family: manifest.fonts[0]!.family, weight: '400' });
  });

  it('adds and loads each face once, and resolves when the document fonts are ready', async () => {
    const added: unknown[] = [];
    vi.stubGlobal('FontFace', FakeFontFace);
    vi.stubGlobal('document', { fonts: { add: (f: unknown) => added.push(f), ready: Promise.resolve() } });
    const first = loadBundledFonts();
    expect(loadBundledFonts()).toBe(first);
    await first;
    expect(added).toHaveLength(bundledFontFaces().length);
    expect(FakeFontFace.made.every((f) => f.loaded)).toBe(true);
    const bold = FakeFontFace.made.find(
      (f) => f.family === 'Playfair Display' && f.descriptors.weight === '700',
    );
    expect(bold?.source).toMatch(/^url\(".*playfair-display-latin-700-normal\.woff2"\) format\("woff2"\)$/);
  });
});

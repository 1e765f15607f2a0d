/// <reference types="vite/client" />
// (vite/client types import.meta.glob and `?url` imports; tsconfig.renderer.json loads no types.)
import manifest from '../../assets/fonts/fonts.json';
import { BUNDLED_FONT_FAMILIES as FAMILIES } from '../../native/compose/fonts';

/** The families of assets/fonts, for the font picker (the first is the default). */
export const BUNDLED_FONT_FAMILIES: string[] = [...FAMILIES];

// Vite copies each file into the build and gives its URL (served by atelier:// and web mode
// alike, under CSP font-src 'self'). The files are far over Vite's 4 KB inlining limit, so no
// data: URL is made, which that CSP would refuse.
const urls = import.meta.glob<string>('../../assets/fonts/*.woff2', {
  query: '?url',
  import: 'default',
  eager: true,
});

/** One @font-face of the manifest: family, CSS weight and the URL the page loads it from. */
export interface BundledFontFace {
  family: string;
  weight: string;
  url: string;
}

/** Every face of assets/fonts/fonts.json with its URL; throws if the manifest names a file Vite did not find. */
export function bundledFontFaces(): BundledFontFace[] {
  return manifest.fonts.flatMap((font) =>
    Object.entries(font.files).map(([weight, file]) => {
      const url = urls[`../../assets/fonts/${file}`];
      if (!url)
        throw new Error(`assets/fonts/fonts.json names ${file} (${font.family} ${weight}), which is missing`);
      return { family: font.family, weight, url };
    }),
  );
}

let loading: Promise<void> | null = null;

/**
 * Adds the bundled fonts to `document.fonts` and resolves once every face has loaded, so that
 * canvas text drawn afterwards uses them (Canvas 2D does not wait for fonts: draw again then).
 * Calling it again returns the same promise; after a failure the next call tries again.
 *
 * @example
 * await loadBundledFonts();
 * redrawArtboards();
 */
export function loadBundledFonts(): Promise<void> {
  if (loading) return loading;
  const attempt = (async () => {
    const faces = bundledFontFaces().map(
      ({ family, weight, url }) =>
        new FontFace(family, `url("${url}") format("woff2")`, { weight, style: 'normal', display: 'block' }),
    );
    for (const face of faces) document.fonts.add(face);
    try {
      await Promise.all(faces.map((face) => face.load()));
    } catch (error) {
      for (const face of faces) document.fonts.delete(face);
      throw error;
    }
    await document.fonts.ready;
  })();
  loading = attempt;
  attempt.catch(() => {
    if (loading === attempt) loading = null;
  });
  return attempt;
}

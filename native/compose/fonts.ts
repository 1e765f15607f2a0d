/**
 * The font families bundled in `assets/fonts/`, in the order of `assets/fonts/fonts.json` (which
 * lists their files, licences and sources; a unit test keeps the two in step). The pure folders
 * cannot import the manifest, so the names live here as data both sides can use.
 */
export const BUNDLED_FONT_FAMILIES = ['Inter', 'Montserrat', 'Playfair Display', 'Oswald', 'Caveat'] as const;

export type BundledFontFamily = (typeof BUNDLED_FONT_FAMILIES)[number];

/** The family a new text layer starts with. */
export const DEFAULT_FONT_FAMILY: BundledFontFamily = 'Inter';

/** What the canvas falls back to for a family that is not loaded, or a character it lacks. */
export const FALLBACK_FONT_FAMILY = 'sans-serif';

export function isBundledFontFamily(family: string): family is BundledFontFamily {
  return (BUNDLED_FONT_FAMILIES as readonly string[]).includes(family);
}

/**
 * A family name as a CSS string, so that names with spaces, quotes or generic-looking words
 * ("Playfair Display", "serif") mean exactly that family.
 */
export function quoteFontFamily(family: string): string {
  // A newline cannot appear in a CSS string; the model's names are single-line in practice.
  return `"${family.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`;
}

/**
 * The `font` shorthand Canvas 2D takes, for the browser and @napi-rs/canvas alike: the layer's
 * family first, then the generic fallback.
 *
 * @example
 * cssFont('Playfair Display', 700, 48); // '700 48px "Playfair Display", sans-serif'
 */
export function cssFont(family: string, weight: number, sizePx: number): string {
  return `${weight} ${sizePx}px ${quoteFontFamily(family)}, ${FALLBACK_FONT_FAMILY}`;
}

// The pure font data and the `font` string drawText sets, for the screen and the export alike.
import { describe, expect, it } from 'vitest';
import manifest from '../../../../assets/fonts/fonts.json';
import {
  BUNDLED_FONT_FAMILIES,
  DEFAULT_FONT_FAMILY,
  cssFont,
  isBundledFontFamily,
  quoteFontFamily,
} from '../../../../native/compose/fonts';

describe('bundled font families', () => {
  it('are the families of assets/fonts/fonts.json, in its order, and include the default', () => {
    expect([...BUNDLED_FONT_FAMILIES]).toEqual(manifest.fonts.map((font) => font.family));
    expect(isBundledFontFamily(DEFAULT_FONT_FAMILY)).toBe(true);
    expect(isBundledFontFamily('Comic Sans MS')).toBe(false);
  });
});

describe('cssFont', () => {
  it('quotes the family and falls back to sans-serif, as drawText always has', () => {
    expect(cssFont('Playfair Display', 700, 48)).toBe('700 48px "Playfair Display", sans-serif');
    for (const family of ['sans-serif', 'Inter', 'Oswald']) {
      expect(cssFont(family, 400, 12.5)).toBe(`400 12.5px ${JSON.stringify(family)}, sans-serif`);
    }
  });

  it('escapes quotes and backslashes, and keeps a name on one line', () => {
    expect(quoteFontFamily('My "Best" Font')).toBe('"My \\"Best\\" Font"');
    expect(quoteFontFamily('a\\b')).toBe('"a\\\\b"');
    expect(quoteFontFamily('two\nlines')).toBe('"two lines"');
  });
});

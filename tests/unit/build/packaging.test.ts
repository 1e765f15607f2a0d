import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
const config = require('../../../build/electron-builder.config.cjs');

describe('packaging configuration', () => {
  it('builds AppImage and deb, dmg, and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('unpacks the native binaries from the asar archive', () => {
    for (const pkg of ['onnxruntime-node', 'sharp', 'libsql', '@ffmpeg-installer', '@ffprobe-installer']) {
      expect(config.asarUnpack.some((p: string) => p.includes(`node_modules/${pkg}/`))).toBe(true);
    }
  });

  it('packs assets/ beside dist/, where the job process reads the bundled fonts', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'assets/**/*']));
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('has an icon of at least 512×512 and the files it names', async () => {
    const meta = await sharp(config.icon).metadata();
    expect(Math.min(meta.width!, meta.height!)).toBeGreaterThanOrEqual(512);
    expect(existsSync(config.mac.entitlements)).toBe(true);
  });
});

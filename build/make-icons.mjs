#!/usr/bin/env node
// Renders build/icons/icon.svg to the PNG electron-builder turns into each platform's icon
// format (.icns, .ico, Linux sizes). Run after changing the SVG; the PNG is committed (small).
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./icons/', import.meta.url));
await sharp(`${dir}icon.svg`, { density: 144 })
  .resize(1024, 1024)
  .png({ compressionLevel: 9 })
  .toFile(`${dir}icon.png`);
console.log('wrote build/icons/icon.png');

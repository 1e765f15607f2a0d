import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built into dist/renderer and served by web mode (`atelier serve`) or by the
// desktop app's atelier:// protocol. Relative asset paths work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});

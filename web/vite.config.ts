import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

/**
 * The web app lives in web/ and builds to dist/web at the repository root, which the
 * server serves at `/`. In development (`npx vite --config web/vite.config.ts`) the API
 * runs separately (`beltscope serve`, port 8787) and /api is proxied to it.
 * Override the output folder with `--outDir` (the e2e test builds into a temp folder).
 */
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const api = process.env.BELTSCOPE_API ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root: webRoot,
  base: '/',
  // Nothing is fetched at run time from outside: no CDN, no web fonts.
  publicDir: false,
  // Svelte 5 compiles TypeScript itself: no preprocessor and no svelte.config.js needed.
  plugins: [svelte({ configFile: false })],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // ECharts is split into its own lazily loaded chunk; it is large by nature.
    chunkSizeWarningLimit: 700,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});

import { defineConfig } from 'vitest/config';

// Its own config so vitest does not pick up web/vite.config.ts and its root.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // DuckDB and Chromium share two cores: files run one after another, predictably.
    fileParallelism: false,
  },
});

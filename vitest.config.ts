import { defineConfig } from 'vitest/config';

// Its own config so vitest does not pick up web/vite.config.ts and its root.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // DuckDB and Chromium share two cores: files run one after another, predictably; the two
    // projects in groups of their own (groupOrder), so a browser test never runs beside another file.
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts', 'web/src/**/*.test.ts'], exclude: ['tests/e2e/**'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // Builds the web app and seeds the demo once for every browser test file.
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/e2e/global-setup.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});

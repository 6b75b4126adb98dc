import { defineConfig } from 'vitest/config';

// Browser tests: the built server, started by each file, driven by Debian's Chromium.
export default defineConfig({
  test: {
    // The default output, then the ten slowest tests.
    reporters: ['default', './tests/support/slowest-reporter.ts'],
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

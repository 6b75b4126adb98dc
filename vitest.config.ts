import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The default output, then the ten slowest tests.
    reporters: ['default', './tests/support/slowest-reporter.ts'],
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration tests start databases; one file at a time keeps the 2-core machine calm.
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the built server driven by Debian's Chromium. The global setup
 * launches one Chromium and one shared Herald per run (tests/support/e2e-global-setup.ts);
 * files that need their own environment (a fixed clock, an SMTP relay, an empty
 * database) start their own server. Files run one at a time: each drives a server
 * and a browser, which is all two cores can take.
 */
export default defineConfig({
  test: {
    // The default output, then the ten slowest tests.
    reporters: ['default', './tests/support/slowest-reporter.ts'],
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['./tests/support/e2e-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';
import E2ESequencer from './tests/support/e2e-sequencer.ts';

/**
 * Browser tests: the built server driven by Debian's Chromium. The global setup
 * launches one Chromium and one shared Herald per run (tests/support/e2e-global-setup.ts);
 * files that need their own environment (a fixed clock, an SMTP relay, an empty
 * database) start their own server. Two files run at a time, each in its own
 * contexts of the one Chromium; the files on the shared server take turns on it
 * (tests/support/e2e-setup.ts), and the sequencer pairs one of them with a file
 * that has its own server (tests/support/e2e-sequencer.ts).
 */
export default defineConfig({
  test: {
    // The default output, then the ten slowest tests.
    reporters: ['default', './tests/support/slowest-reporter.ts'],
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['./tests/support/e2e-global-setup.ts'],
    setupFiles: ['./tests/support/e2e-setup.ts'],
    sequence: { sequencer: E2ESequencer },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The default output, then the ten slowest tests.
    reporters: ['default', './tests/support/slowest-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Files run side by side, each in its own process with its own databases
    // (tests/support/test-database.ts: a temp directory and socket per embedded
    // database, a randomly named database per PostgreSQL run, ports from the OS).
    // Much of an integration test's time is waiting (relay outages, backoffs, pg-boss
    // polls, a killed worker), so two files at a time keep two cores busy without
    // starving the timing checks.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Migrated database templates, built once per run and copied per test
          // database (runs only when integration files are selected).
          globalSetup: ['./tests/support/integration-global-setup.ts'],
        },
      },
    ],
  },
});

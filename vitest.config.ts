import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The default output, then the ten slowest tests.
    reporters: ['default', './tests/support/slowest-reporter.ts'],
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
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
  },
});

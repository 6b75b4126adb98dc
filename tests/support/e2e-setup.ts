import { afterAll, beforeAll } from 'vitest';
import { takeSharedHeraldTurn } from './shared-herald.ts';
import { usesSharedHerald } from './shared-herald-files.ts';

/**
 * Runs before every browser test file (setupFiles in vitest.e2e.config.ts). A file on
 * the shared server waits for its turn on it before its own hooks run, and gives it
 * back after its own afterAll (Vitest runs afterAll hooks in reverse order of
 * registration, and these are registered first).
 */

let giveBack: (() => void) | null = null;

beforeAll(async ({}, suite) => {
  if (!usesSharedHerald(suite.file.filepath)) return;
  giveBack = await takeSharedHeraldTurn();
}, 600_000); // the other shared files' turns, on a busy machine

afterAll(() => {
  giveBack?.();
  giveBack = null;
});

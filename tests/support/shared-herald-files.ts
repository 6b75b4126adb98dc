import { readFileSync } from 'node:fs';

/** Whether a browser test file runs on the run's shared server (it calls `sharedHerald()`). */
export function usesSharedHerald(file: string): boolean {
  return /\bsharedHerald\(\)/.test(readFileSync(file, 'utf8'));
}

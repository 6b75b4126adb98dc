import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { usesSharedHerald } from './shared-herald-files.ts';

/**
 * Orders browser files so that the two workers rarely wait for the shared server:
 * Vitest's order (slowest known first), then alternately a file on the shared server
 * and one with its own server, so one of each usually runs at a time (files on the
 * shared server take turns; tests/support/e2e-setup.ts).
 */
export default class E2ESequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const shared = sorted.filter((spec) => usesSharedHerald(spec.moduleId));
    const own = sorted.filter((spec) => !shared.includes(spec));
    const ordered: TestSpecification[] = [];
    while (shared.length > 0 || own.length > 0) {
      const next = [own.shift(), shared.shift()];
      for (const spec of next) if (spec !== undefined) ordered.push(spec);
    }
    return ordered;
  }
}

import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the ten slowest tests (file > name, ms) after Vitest's own summary, and
 * the slowest files with the time their hooks took (beforeAll/afterAll: the file's
 * * duration less its tests'), so a test that starts to
 * dominate `npm test` is seen the day it lands. Used next to the default reporter.
 */
export default class SlowestReporter implements Reporter {
  private readonly count = 10;

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: { label: string; ms: number }[] = [];
    const files: { label: string; ms: number; testsMs: number }[] = [];
    for (const module of testModules) {
      const file = module.relativeModuleId;
      let testsMs = 0;
      for (const test of module.children.allTests()) {
        const diagnostic = test.diagnostic();
        if (diagnostic === undefined) continue;
        tests.push({ label: `${file} > ${test.fullName}`, ms: diagnostic.duration });
        testsMs += diagnostic.duration;
      }
      files.push({ label: file, ms: module.diagnostic().duration, testsMs });
    }
    if (tests.length === 0) return;
    const lines = [`\n Slowest ${Math.min(this.count, tests.length)} tests`];
    for (const { label, ms } of tests.sort((a, b) => b.ms - a.ms).slice(0, this.count)) {
      lines.push(`   ${Math.round(ms).toString().padStart(7)} ms  ${label}`);
    }
    if (files.length > 1) {
      lines.push(` Slowest files (tests and their hooks; the hooks' share: servers, databases, waiting for a turn)`);
      for (const { label, ms, testsMs } of files.sort((a, b) => b.ms - a.ms).slice(0, 5)) {
        const hooks = Math.max(0, Math.round(ms - testsMs));
        lines.push(`   ${Math.round(ms).toString().padStart(7)} ms  ${label} (hooks ${hooks} ms)`);
      }
    }
    console.log(`${lines.join('\n')}\n`);
  }
}

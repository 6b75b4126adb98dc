import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * "Now" comes from a clock (src/time/clock.ts, Services.now, config.clock), so
 * tests fix it and month ends, year ends and DST changes can be tested on any
 * day. This guards the rule: a new `new Date()`, `Date.now()` or SQL `now()` in
 * application code fails here unless it is listed below with its reason.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = /\.(ts|astro|mjs)$/;

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return files(relative);
    return SOURCE.test(name) ? [relative] : [];
  });
}

/** Lines that read the machine's clock, comments left out. */
function clockReads(file: string): string[] {
  const pattern = file.startsWith(`db${path.sep}queries`) ? /new Date\(\)|Date\.now\(\)|\bnow\(\)/ : /new Date\(\)|Date\.now\(\)/;
  return readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .filter((line) => pattern.test(line))
    .map((line) => line.trim());
}

/** Where reading the machine's clock is right, and why. */
const ALLOWED: Record<string, string> = {
  'src/time/clock.ts': 'the system clock itself',
  'src/cli/worker-command.ts': 'elapsed time between two log lines (quieting repeats), not "now"',
  'db/client.ts': 'a deadline for waiting on the embedded database, elapsed time',
  'src/server/cached-response.ts': 'elapsed time since a cached page was built',
  'src/server/snapshot-store.ts': 'a default for tests; the server passes config.clock',
  'src/mail/create-mailer.ts': 'the file name of a message written to disk in development',
  'db/queries/deliveries.ts': 'delivery leases use the database clock, shared by every process that claims mail',
};

describe('every "now" comes from a clock', () => {
  const sources = ['src', 'db', 'pages', 'components', 'layouts', 'emails'].flatMap(files);

  it('no application code reads the machine clock outside the allowed places', () => {
    const found = sources
      .filter((file) => !(file.split(path.sep).join('/') in ALLOWED))
      .flatMap((file) => clockReads(file).map((line) => `${file}: ${line}`));
    expect(found).toEqual([]);
  });

  it('the allowed places still exist and still need their exception', () => {
    for (const file of Object.keys(ALLOWED)) expect(clockReads(file.split('/').join(path.sep)).length, file).toBeGreaterThan(0);
  });
});

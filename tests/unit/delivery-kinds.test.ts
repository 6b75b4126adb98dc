import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.ts';
import { DELIVERY_KINDS } from '../../src/domain/mail.ts';

const DIR = path.resolve(import.meta.dirname, '../../db/migrations');

/** The kinds the last migration to (re)create deliveries_kind_check allows, read from its `up`. */
function kindsAllowedAfterMigrations(): string[] {
  let allowed: string[] = [];
  for (const name of Object.keys(migrations).sort()) {
    const source = readFileSync(path.join(DIR, `${name}.ts`), 'utf8');
    const up = source.slice(0, source.search(/export async function down/) >>> 0);
    const check = /deliveries_kind_check check \(kind in \(([^)]*)\)/.exec(up);
    const list = check?.[1]?.includes('${') ? /sql\.raw\(`([^`]*)`\)/.exec(source)?.[1] : check?.[1];
    if (list !== undefined) allowed = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
  }
  return allowed;
}

describe('delivery kinds', () => {
  // Two branches once widened the check from the same list and the second dropped the
  // first's kind: invitations failed to queue with a constraint violation.
  it('the database accepts every kind the code queues, after all migrations', () => {
    expect(kindsAllowedAfterMigrations().sort()).toEqual([...DELIVERY_KINDS].sort());
  });
});

import { type CadenceTargets, SEVERITIES } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';

/** Minutes between external updates per severity; a severity without a row has no target. */
export async function findCadenceTargets(db: Db): Promise<CadenceTargets> {
  const rows = await db.selectFrom('cadence_targets').select(['severity', 'minutes']).execute();
  const targets: CadenceTargets = { SEV1: null, SEV2: null, SEV3: null };
  for (const row of rows) if ((SEVERITIES as readonly string[]).includes(row.severity)) targets[row.severity] = row.minutes;
  return targets;
}

export async function saveCadenceTargets(db: Db, targets: CadenceTargets): Promise<void> {
  for (const severity of SEVERITIES) {
    const minutes = targets[severity];
    await db
      .insertInto('cadence_targets')
      .values({ severity, minutes })
      .onConflict((oc) => oc.column('severity').doUpdateSet({ minutes }))
      .execute();
  }
}

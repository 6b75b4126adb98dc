import { findCadenceTargets, saveCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import type { CadenceTargets } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { cadenceTargetsSchema } from './schemas.ts';

/** Sets the minutes between external updates per severity (empty: no target). Admins only. */
export async function updateCadenceTargets(services: Services, actor: Actor, input: unknown): Promise<Result<CadenceTargets>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(cadenceTargetsSchema, input);
  if (!parsed.ok) return parsed;
  const targets: CadenceTargets = { SEV1: parsed.value.SEV1, SEV2: parsed.value.SEV2, SEV3: parsed.value.SEV3 };
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const before = await findCadenceTargets(trx);
    await saveCadenceTargets(trx, targets);
    await insertTimelineEvent(trx, { actor: actor.name, actorId: actor.id, occurredAt: now, kind: 'settings.cadence_changed', details: { from: before, to: targets } });
  });
  return ok(targets);
}

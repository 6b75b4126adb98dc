import { deleteRootCauseTag, insertRootCauseTag } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { rootCauseTagSchema } from './schemas.ts';

/** Adds a root-cause tag to the list (admins). */
export async function addRootCauseTag(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string }>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(rootCauseTagSchema, input);
  if (!parsed.ok) return parsed;
  const { name } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ name: string }>> => {
    if (!(await insertRootCauseTag(trx, name))) return fail({ name: `“${name}” is already in the list` });
    await insertTimelineEvent(trx, { kind: 'root_cause_tag.added', actor: actor.name, actorId: actor.id, occurredAt: now, details: { name } });
    return ok({ name });
  });
}

/**
 * Removes a tag from the list (admins). Postmortems that carry it keep it (their
 * tags are what was decided then, and the insights count them); new ones cannot pick it.
 */
export async function removeRootCauseTag(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string }>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(rootCauseTagSchema, input);
  if (!parsed.ok) return parsed;
  const { name } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ name: string }>> => {
    if (!(await deleteRootCauseTag(trx, name))) return fail({ name: `“${name}” is not in the list (removed already?)` });
    await insertTimelineEvent(trx, { kind: 'root_cause_tag.removed', actor: actor.name, actorId: actor.id, occurredAt: now, details: { name } });
    return ok({ name });
  });
}

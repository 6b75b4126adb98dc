import { findComponentById } from '../../db/queries/components.ts';
import { findLatestRunbook, insertRunbookVersion, lockComponentForRunbook } from '../../db/queries/runbooks.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { COMPONENT_GONE, runbookSchema } from './runbook-input.ts';

/**
 * Saves a component's runbook as a new version (never overwriting one: the history
 * keeps every text with its author and time). Saving the same text again adds no
 * version. Admin and comms only; audited.
 */
export async function saveRunbook(services: Services, actor: Actor, componentId: string, input: unknown): Promise<Result<{ version: number; changed: boolean }>> {
  requirePermission(actor, 'runbook.manage');
  const parsed = parseInput(runbookSchema, input);
  if (!parsed.ok) return parsed;
  const { body } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ version: number; changed: boolean }>> => {
    if (!(await lockComponentForRunbook(trx, componentId))) return fail({ _form: COMPONENT_GONE });
    const latest = await findLatestRunbook(trx, componentId);
    if (latest !== null && latest.body === body) return ok({ version: latest.version, changed: false });
    const component = (await findComponentById(trx, componentId))!;
    const version = await insertRunbookVersion(trx, { componentId, body, authorId: actor.token ? null : actor.id, authorName: actor.name, at: now });
    await insertTimelineEvent(trx, {
      kind: 'runbook.saved',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId, component: component.name, version, characters: body.length },
      occurredAt: now,
    });
    return ok({ version, changed: true });
  });
}

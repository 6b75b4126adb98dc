import { listChecklistItems, replaceChecklist } from '../../db/queries/checklists.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import type { Severity } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { checklistSchema } from './runbook-input.ts';

/**
 * Replaces a severity's checklist with the lines given (one item per line; list
 * markers such as "- " or "1. " are dropped). Unchanged lines keep their ticks on
 * open incidents. Admin and comms only; audited with the old and new lists.
 */
export async function saveChecklist(services: Services, actor: Actor, input: unknown): Promise<Result<{ severity: Severity; changed: boolean }>> {
  requirePermission(actor, 'runbook.manage');
  const parsed = parseInput(checklistSchema, input);
  if (!parsed.ok) return parsed;
  const { severity, items } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ severity: Severity; changed: boolean }>> => {
    const before = (await listChecklistItems(trx, severity)).map((item) => item.text);
    if (before.join('\n') === items.join('\n')) return ok({ severity, changed: false });
    await replaceChecklist(trx, severity, items);
    await insertTimelineEvent(trx, { kind: 'checklist.saved', actor: actor.name, actorId: actor.id, details: { severity, before, after: items }, occurredAt: now });
    return ok({ severity, changed: true });
  });
}

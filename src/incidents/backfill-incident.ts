import { insertIncident, markIncidentBackfilled } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { publishUpdateNow } from './publish-update.ts';
import { backfillIncidentSchema } from './schemas.ts';

/**
 * Records an incident after the fact (Statuspage's `backfilled`): one that
 * happened and ended before anyone wrote it up here, for the history and uptime
 * figures. It is created already resolved at `resolvedAt` (which must be past),
 * with its one external update published at that time and NO notifications (no
 * email, no webhook, nothing to the internal list): nobody needs news of
 * something long over. It changes no component status. One transaction; the
 * timeline says when it was recorded and by whom.
 *
 * Needs 'incident.declare' and, since it appears on the public history,
 * 'update.publish'.
 */
export async function backfillIncident(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string }>> {
  requirePermission(actor, 'incident.declare');
  requirePermission(actor, 'update.publish');
  const parsed = parseInput(backfillIncidentSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  const now = services.now();
  if (data.resolvedAt.getTime() > now.getTime()) return fail({ resolvedAt: 'must be in the past: a backfilled incident is already over' });
  const at = data.resolvedAt;

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string }>> => {
    const incidentId = await insertIncident(trx, {
      title: data.title,
      severity: data.severity,
      impact: data.impact,
      status: 'investigating',
      startedAt: at,
      components: [],
      declaredBy: actor.id,
      source: actor.token ? 'api' : 'hub',
      metadata: data.metadata,
    });
    await markIncidentBackfilled(trx, incidentId);
    const updateId = await insertUpdate(trx, {
      incidentId,
      audience: 'external',
      state: 'draft',
      status: 'resolved',
      body: data.body,
      createdAt: at,
      authorId: actor.id,
      deliverNotifications: false,
      componentChanges: [],
    });
    // Published at the incident's time, which resolves it then; deliverNotifications false records no notification.
    await publishUpdateNow(trx, updateId, actor, at);
    await insertTimelineEvent(trx, {
      incidentId,
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      kind: 'incident.backfilled',
      details: { title: data.title, resolvedAt: at.toISOString() },
    });
    return ok({ incidentId });
  });
  if (result.ok) services.refreshSnapshot();
  return result;
}

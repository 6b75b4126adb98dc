import { listComponents } from '../../db/queries/components.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { hasPublishedExternalUpdate, insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Audience, UpdateComponentChange } from '../domain/types.ts';
import { parseInput } from '../http/validation.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE } from './checks.ts';
import { publishUpdateNow } from './publish-update.ts';
import { resolveIncidentSchema } from './schemas.ts';

/**
 * Resolves an incident with its last update, published now: status resolved,
 * resolved_at stamped, and every affected component that is not operational
 * back to operational (kept as status intervals).
 *
 * A public incident gets an EXTERNAL resolution update. An incident that never
 * became public is resolved with an INTERNAL one, so resolving does not announce
 * an incident the page never showed (and, being internal, it changes no
 * components: it never changed any).
 */
export async function resolveIncident(
  services: Services,
  actor: Actor,
  input: unknown,
): Promise<Result<{ updateId: string; audience: Audience }>> {
  requirePermission(actor, 'incident.manage');
  requirePermission(actor, 'update.publish');
  const parsed = parseInput(resolveIncidentSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, body, notify } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ updateId: string; audience: Audience }>> => {
    const incident = await findIncidentById(trx, incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    if (incident.resolvedAt !== null) return fail({ _form: 'This incident is already resolved' });
    const audience: Audience = (await hasPublishedExternalUpdate(trx, incident.id)) ? 'external' : 'internal';
    const current = new Map((await listComponents(trx)).map((c) => [c.id, c.status]));
    const changes: UpdateComponentChange[] =
      audience === 'external'
        ? incident.components.flatMap((affected) => {
            const status = current.get(affected.componentId);
            return status === undefined || status === 'operational' ? [] : [{ componentId: affected.componentId, oldStatus: status, newStatus: 'operational' as const }];
          })
        : [];
    const updateId = await insertUpdate(trx, {
      incidentId: incident.id,
      audience,
      state: 'draft',
      status: 'resolved',
      body,
      createdAt: now,
      authorId: actor.id,
      deliverNotifications: notify,
      componentChanges: changes,
    });
    await publishUpdateNow(trx, updateId, actor, now);
    return ok({ updateId, audience });
  });

  if (result.ok) services.refreshSnapshot();
  return result;
}

import { deleteIncidentRole, insertIncidentRole, listIncidentRoles } from '../../db/queries/incident-roles.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { IncidentRole } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { checkPeople, INCIDENT_GONE } from './checks.ts';
import { assignRolesSchema } from './schemas.ts';

/**
 * Replaces who holds the incident's roles with exactly what the form sends: a role
 * left empty is unassigned. One timeline event per person assigned or unassigned.
 */
export async function assignRoles(services: Services, actor: Actor, input: unknown): Promise<Result<{ changes: number }>> {
  requirePermission(actor, 'incident.manage');
  const parsed = parseInput(assignRolesSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ changes: number }>> => {
    const incident = await findIncidentById(trx, data.incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    const { errors, people } = await checkPeople(trx, {
      commanderId: data.commanderId ? [data.commanderId] : [],
      commsLeadId: data.commsLeadId ? [data.commsLeadId] : [],
      expertIds: data.expertIds,
    });
    if (Object.keys(errors).length > 0) return fail(errors);

    const wanted = new Set<string>([
      ...(data.commanderId ? [`commander:${data.commanderId}`] : []),
      ...(data.commsLeadId ? [`comms_lead:${data.commsLeadId}`] : []),
      ...data.expertIds.map((id) => `expert:${id}`),
    ]);
    const current = await listIncidentRoles(trx, incident.id);
    const held = new Set(current.map((r) => `${r.role}:${r.userId}`));
    const names = new Map(current.map((r) => [r.userId, r.userName]));
    const event = { incidentId: incident.id, actor: actor.name, actorId: actor.id, occurredAt: now, kind: 'incident.role_assigned' };

    let changes = 0;
    // Removals first: the one-commander / one-comms-lead index must never see two.
    for (const key of held) {
      if (wanted.has(key)) continue;
      const [role, userId] = key.split(':') as [IncidentRole, string];
      await deleteIncidentRole(trx, incident.id, userId, role);
      await insertTimelineEvent(trx, { ...event, details: { role, action: 'unassigned', userId, userName: names.get(userId) ?? null } });
      changes += 1;
    }
    for (const key of wanted) {
      if (held.has(key)) continue;
      const [role, userId] = key.split(':') as [IncidentRole, string];
      await insertIncidentRole(trx, { incidentId: incident.id, userId, role, assignedAt: now });
      await insertTimelineEvent(trx, { ...event, details: { role, action: 'assigned', userId, userName: people.get(userId)?.name ?? null } });
      changes += 1;
    }
    return ok({ changes });
  });
}

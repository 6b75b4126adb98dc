import { stampDeclaredMilestones } from '../../db/queries/incident-milestones.ts';
import { insertIncidentRole } from '../../db/queries/incident-roles.ts';
import { findIncidentById, insertIncident } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findIncidentTriageState, listDraftUpdateIds, promoteTriageIncident } from '../../db/queries/triage-incidents.ts';
import { insertUpdate, markUpdateCancelled } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { IncidentRole } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { checkPeople, findComponentsById, updatePermission } from './checks.ts';
import { publishUpdateNow } from './publish-update.ts';
import { declareIncidentSchema } from './schemas.ts';

/**
 * Declares an incident with its first update, in one step. Declaring can stay
 * internal-only (an internal first update, or an external one saved as a draft):
 * the incident becomes public only when an external update is published. The
 * components given are the incident's affected components and the status each
 * goes to; they change only with that external publish.
 *
 * With `fromTriage`, the incident already exists as a triage incident opened from
 * alerts (src/alerts/): declaring it is the same step with the same rules, except
 * that the incident row (and its alerts and timeline) is kept and made active
 * instead of inserted, and its suggested draft gives way to the first update.
 */
export async function declareIncident(
  services: Services,
  actor: Actor,
  input: unknown,
  options: { fromTriage?: string } = {},
): Promise<Result<{ incidentId: string; updateId: string }>> {
  requirePermission(actor, 'incident.declare');
  const parsed = parseInput(declareIncidentSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  const { update } = data;
  // A responder may declare, but only comms and admin may publish externally:
  // the form offers them "draft"; anything else is a 403, not a silent downgrade.
  requirePermission(actor, updatePermission(update.audience, update.action));
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string; updateId: string }>> => {
    const found = await findComponentsById(
      trx,
      data.components.map((c) => c.componentId),
    );
    if (!found.ok) return fail(found.errors);
    const roles: [IncidentRole, string][] = [
      ...(data.commanderId ? [['commander', data.commanderId] as [IncidentRole, string]] : []),
      ...(data.commsLeadId ? [['comms_lead', data.commsLeadId] as [IncidentRole, string]] : []),
      ...data.expertIds.map((id) => ['expert', id] as [IncidentRole, string]),
    ];
    const { errors, people } = await checkPeople(trx, {
      commanderId: data.commanderId ? [data.commanderId] : [],
      commsLeadId: data.commsLeadId ? [data.commsLeadId] : [],
      expertIds: data.expertIds,
    });
    if (Object.keys(errors).length > 0) return fail(errors);

    const triageId = options.fromTriage;
    if (triageId !== undefined) {
      const triage = await findIncidentById(trx, triageId, { forUpdate: true });
      const state = triage ? await findIncidentTriageState(trx, triageId) : null;
      if (!triage || state?.state !== 'triage' || triage.resolvedAt !== null) return fail(formError(ERRORS.TriageGone));
    }

    // Nothing is written before this line: every expected failure above returns.
    const values = {
      title: data.title,
      severity: data.severity,
      impact: data.impact,
      status: update.status,
      components: data.components.map((c) => ({ componentId: c.componentId, status: c.status })),
    };
    let incidentId: string;
    if (triageId === undefined) {
      incidentId = await insertIncident(trx, { ...values, startedAt: now, declaredBy: actor.id, source: actor.token ? 'api' : 'hub', metadata: data.metadata });
    } else {
      incidentId = triageId;
      await promoteTriageIncident(trx, triageId, { ...values, declaredBy: actor.id }, now);
      // The suggested draft gives way to the first update written on the form.
      for (const draftId of await listDraftUpdateIds(trx, triageId)) await markUpdateCancelled(trx, draftId, now);
    }
    // Milestones: a person declaring it acknowledges it (src/incidents/milestones.ts).
    await stampDeclaredMilestones(trx, incidentId, now);
    const event = { incidentId, actor: actor.name, actorId: actor.id, occurredAt: now };
    await insertTimelineEvent(trx, {
      ...event,
      kind: 'incident.declared',
      details: {
        ...(triageId === undefined ? {} : { fromTriage: true }),
        title: data.title,
        severity: data.severity,
        impact: data.impact,
        status: update.status,
        components: data.components.map((c) => ({ componentId: c.componentId, name: found.components.get(c.componentId)?.name, status: c.status })),
      },
    });
    for (const [role, userId] of roles) {
      await insertIncidentRole(trx, { incidentId, userId, role, assignedAt: now });
      await insertTimelineEvent(trx, {
        ...event,
        kind: 'incident.role_assigned',
        details: { role, action: 'assigned', userId, userName: people.get(userId)?.name ?? null },
      });
    }

    const updateId = await insertUpdate(trx, {
      incidentId,
      audience: update.audience,
      state: 'draft',
      status: update.status,
      body: update.body,
      createdAt: now,
      authorId: actor.id,
      deliverNotifications: update.notify,
      // Internal updates never change components.
      componentChanges:
        update.audience === 'external'
          ? data.components.map((c) => ({ componentId: c.componentId, oldStatus: found.components.get(c.componentId)!.status, newStatus: c.status }))
          : [],
    });
    if (update.action === 'publish') {
      await publishUpdateNow(trx, updateId, actor, now);
    } else {
      await insertTimelineEvent(trx, { ...event, kind: 'update.drafted', details: { updateId, audience: update.audience, status: update.status } });
    }
    return ok({ incidentId, updateId });
  });

  if (result.ok && update.action === 'publish') services.refreshSnapshot();
  return result;
}

import { findPostmortem, findPostmortemIncidentFacts, insertPostmortem, listPostmortemTimelineSource } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { INCIDENT_GONE } from '../incidents/checks.ts';
import type { Services } from '../services.ts';
import { buildCustomerImpact, buildTimeline } from './postmortem-text.ts';
import { startPostmortemSchema } from './schemas.ts';
import { loadPostmortemSettings, postmortemDueAt } from './settings.ts';

/**
 * Starts the incident's postmortem (one per incident): the sections from the
 * template, customer impact and timeline pre-filled from what Herald recorded, due
 * the configured business days after the resolution. Starting one that exists is a
 * no-op (two people clicked at once): `created` says which.
 */
export async function startPostmortem(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string; created: boolean }>> {
  requirePermission(actor, 'postmortem.write');
  const parsed = parseInput(startPostmortemSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string; created: boolean }>> => {
    const facts = await findPostmortemIncidentFacts(trx, incidentId);
    if (!facts) return fail({ incidentId: INCIDENT_GONE });
    if (await findPostmortem(trx, incidentId)) return ok({ incidentId, created: false });
    const settings = await loadPostmortemSettings(trx);
    const sections = {
      ...settings.template,
      customer_impact: [buildCustomerImpact(facts, now), settings.template.customer_impact].filter((t) => t.trim() !== '').join('\n\n'),
      timeline: buildTimeline(facts, await listPostmortemTimelineSource(trx, incidentId)),
    };
    const dueAt = facts.resolvedAt === null ? null : postmortemDueAt(facts.resolvedAt, settings.dueBusinessDays);
    const created = await insertPostmortem(trx, { incidentId, sections, dueAt, createdBy: actor.id, at: now });
    if (created) {
      await insertTimelineEvent(trx, {
        incidentId,
        kind: 'postmortem.started',
        actor: actor.name,
        actorId: actor.id,
        occurredAt: now,
        details: { dueAt: dueAt?.toISOString() ?? null },
      });
    }
    return ok({ incidentId, created });
  });
}

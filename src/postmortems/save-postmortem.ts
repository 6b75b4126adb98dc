import {
  findPostmortem,
  findPostmortemIncidentFacts,
  listPostmortemTimelineSource,
  listRootCauseTags,
  updatePostmortemContent,
} from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { POSTMORTEM_SECTIONS, type PostmortemSection } from '../domain/learning.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { INCIDENT_GONE } from '../incidents/checks.ts';
import type { Services } from '../services.ts';
import { buildTimeline } from './postmortem-text.ts';
import { savePostmortemSchema } from './schemas.ts';

/**
 * Saves the postmortem's sections, root-cause tags and due date. With
 * `regenerateTimeline`, the timeline section is made again from what Herald
 * recorded (the rest is saved as typed). Responders edit drafts and postmortems in
 * review; a published one is edited by those who publish (its public part stays as
 * published until it is published again).
 */
export async function savePostmortem(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string; changed: PostmortemSection[] }>> {
  requirePermission(actor, 'postmortem.write');
  const parsed = parseInput(savePostmortemSchema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string; changed: PostmortemSection[] }>> => {
    const postmortem = await findPostmortem(trx, value.incidentId, { forUpdate: true });
    if (!postmortem) {
      const exists = await findPostmortemIncidentFacts(trx, value.incidentId);
      return fail(exists ? formError(ERRORS.PostmortemMissing) : { incidentId: INCIDENT_GONE });
    }
    if (postmortem.state === 'published_internal' || postmortem.state === 'published_public') requirePermission(actor, 'postmortem.publish');

    // Tags from the list; one the postmortem already had stays even if an admin removed it from the list since.
    const known = new Set([...(await listRootCauseTags(trx)), ...postmortem.rootCauseTags]);
    const unknown = value.rootCauseTags.find((tag) => !known.has(tag));
    if (unknown !== undefined) return fail({ rootCauseTags: `“${unknown}” is not a root-cause tag: choose from the list (admins edit it in Postmortem settings)` });

    const sections = Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, value[s]])) as Record<PostmortemSection, string>;
    if (value.regenerateTimeline) {
      const facts = await findPostmortemIncidentFacts(trx, value.incidentId);
      if (!facts) return fail({ incidentId: INCIDENT_GONE });
      sections.timeline = buildTimeline(facts, await listPostmortemTimelineSource(trx, value.incidentId));
    }
    // The date field shows the due day (UTC); unchanged, the stored instant is kept.
    const dueAt =
      value.dueOn === undefined
        ? postmortem.dueAt
        : value.dueOn === null
          ? null
          : postmortem.dueAt !== null && postmortem.dueAt.toISOString().slice(0, 10) === value.dueOn
            ? postmortem.dueAt
            : new Date(`${value.dueOn}T23:59:59Z`);

    const changed = POSTMORTEM_SECTIONS.filter((s) => sections[s] !== postmortem.sections[s]);
    const tagsChanged = value.rootCauseTags.join('\n') !== postmortem.rootCauseTags.join('\n');
    const dueChanged = (dueAt?.getTime() ?? null) !== (postmortem.dueAt?.getTime() ?? null);
    if (changed.length === 0 && !tagsChanged && !dueChanged) return ok({ incidentId: value.incidentId, changed });

    await updatePostmortemContent(trx, value.incidentId, { sections, rootCauseTags: value.rootCauseTags, dueAt, at: now });
    await insertTimelineEvent(trx, {
      incidentId: value.incidentId,
      kind: value.regenerateTimeline ? 'postmortem.timeline_regenerated' : 'postmortem.edited',
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      details: {
        sections: changed,
        ...(tagsChanged ? { rootCauseTags: value.rootCauseTags } : {}),
        ...(dueChanged ? { dueAt: dueAt?.toISOString() ?? null } : {}),
      },
    });
    return ok({ incidentId: value.incidentId, changed });
  });
}

import { z } from 'zod';
import { listComponents } from '../../../db/queries/components.ts';
import { actorCan } from '../../auth/permissions.ts';
import { COMPONENT_STATUSES, type ComponentStatus, IMPACTS, type Impact, INCIDENT_STATUSES, type IncidentStatus, SEVERITIES, type Severity } from '../../domain/types.ts';
import { declareIncident } from '../../incidents/declare-incident.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { getIncidentAnswer } from './incidents.ts';
import { apiBoolean, apiIdList, parseBody, useCaseRefusal } from './input.ts';

/**
 * POST /api/v1/pages/{page_id}/incidents: Statuspage's "create an incident",
 * through declareIncident (the hub's use case: one transaction, timeline, audit,
 * component claims, notifications). The first update is `body` (or a sentence for
 * the status when there is none).
 *
 * Visibility follows the token's scopes, as the hub follows a person's role:
 * with `incidents:publish` the incident is public and the body published (and
 * sent to subscribers unless deliver_notifications is false); with only
 * `incidents:write` it stays internal and the body is a draft external update for
 * someone who may publish, like a responder's. `visibility: "internal"` keeps it
 * internal with an internal first update; asking for "public" without
 * `incidents:publish` is a 403, never a silent downgrade.
 */

const STATUS_WORDS = COMPONENT_STATUSES.join(', ');

export const incidentBody = z.object({
  incident: z.object(
    {
      name: z.string({ error: 'must be text' }).optional(),
      status: z.enum(INCIDENT_STATUSES, { error: `must be one of ${INCIDENT_STATUSES.join(', ')}` }).optional(),
      impact_override: z.union([z.enum(IMPACTS), z.literal(''), z.null()], { error: `must be one of ${IMPACTS.join(', ')}` }).optional(),
      body: z.union([z.string({ error: 'must be text' }), z.null()], { error: 'must be text' }).optional(),
      component_ids: apiIdList.optional(),
      components: z.record(z.string(), z.enum(COMPONENT_STATUSES, { error: `must map component ids to one of ${STATUS_WORDS}` }), { error: `must map component ids to one of ${STATUS_WORDS}` }).optional(),
      deliver_notifications: apiBoolean.optional(),
      scheduled_for: z.unknown().optional(),
      severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
      visibility: z.enum(['public', 'internal'], { error: 'must be public or internal' }).optional(),
    },
    { error: 'is required: send {"incident": {…}} or incident[name]=… fields' },
  ),
});

export const INCIDENT_FIELD_NAMES: Record<string, string> = {
  title: 'name',
  severity: 'severity',
  impact: 'impact_override',
  components: 'components',
  'update.body': 'body',
  'update.status': 'status',
  'update.notify': 'deliver_notifications',
};

/** Statuspage's impact from the worst component status; Herald's severity from the impact. */
const IMPACT_OF_STATUS: Record<ComponentStatus, Impact> = { operational: 'none', under_maintenance: 'none', degraded_performance: 'minor', partial_outage: 'major', major_outage: 'critical' };
const SEVERITY_OF_IMPACT: Record<Impact, Severity> = { none: 'SEV3', minor: 'SEV3', major: 'SEV2', critical: 'SEV1' };
const IMPACT_OF_SEVERITY: Record<Severity, Impact> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor' };
const IMPACT_RANK: Record<Impact, number> = { none: 0, minor: 1, major: 2, critical: 3 };

export const DEFAULT_BODY: Record<IncidentStatus, string> = {
  investigating: 'We are investigating this issue.',
  identified: 'The issue has been identified and a fix is being implemented.',
  monitoring: 'A fix has been implemented and we are monitoring the results.',
  resolved: 'This incident has been resolved.',
};

export async function createIncidentAnswer(request: V1Request): Promise<V1Answer> {
  const parsed = parseBody(incidentBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.incident;
  if (input.scheduled_for !== undefined && input.scheduled_for !== null && input.scheduled_for !== '') {
    return apiError(422, 'incident.scheduled_for: scheduled maintenance cannot be created through the API yet; schedule it in the hub (/admin/maintenance).');
  }

  // Affected components: the statuses given, and those only listed keep their current status.
  const all = new Map((await listComponents(request.services.db)).map((c) => [c.id, c]));
  const statuses = new Map<string, ComponentStatus>(Object.entries(input.components ?? {}));
  for (const id of input.component_ids ?? []) if (!statuses.has(id)) statuses.set(id, all.get(id)?.status ?? 'operational');
  const unknown = [...statuses.keys()].find((id) => !all.has(id));
  if (unknown !== undefined) return apiError(404, `incident.components: there is no component "${unknown}".`);

  const worst = [...statuses.values()].reduce<Impact>((acc, s) => (IMPACT_RANK[IMPACT_OF_STATUS[s]] > IMPACT_RANK[acc] ? IMPACT_OF_STATUS[s] : acc), 'none');
  const impact: Impact = input.impact_override || (input.severity ? IMPACT_OF_SEVERITY[input.severity] : worst === 'none' ? 'minor' : worst);
  const severity: Severity = input.severity ?? SEVERITY_OF_IMPACT[impact];

  const mayPublish = actorCan(request.actor, 'update.publish');
  if (input.visibility === 'public' && !mayPublish) return apiError(403, 'This API token lacks the scope "incidents:publish" needed to create a public incident.');
  const internal = input.visibility === 'internal';
  const status = input.status ?? 'investigating';
  const update = {
    audience: internal ? 'internal' : 'external',
    status,
    body: input.body?.trim() || DEFAULT_BODY[status],
    action: internal || mayPublish ? 'publish' : 'draft',
    notify: input.deliver_notifications ?? true,
  };
  const declared = await declareIncident(request.services, request.actor, {
    title: input.name ?? '',
    severity,
    impact,
    components: [...statuses].map(([componentId, componentStatus]) => ({ componentId, status: componentStatus })),
    expertIds: [],
    update,
  });
  if (!declared.ok) return useCaseRefusal(declared.errors, 'incident', INCIDENT_FIELD_NAMES);
  const answer = await getIncidentAnswer({ ...request, params: { ...request.params, incident_id: declared.value.incidentId } });
  return { ...answer, status: answer.status === 200 ? 201 : answer.status };
}

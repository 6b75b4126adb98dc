import { z } from 'zod';
import { listComponents } from '../../../db/queries/components.ts';
import { actorCan } from '../../auth/permissions.ts';
import { COMPONENT_STATUSES, type ComponentStatus, IMPACTS, type Impact, INCIDENT_STATUSES, type IncidentStatus, SEVERITIES, type Severity } from '../../domain/types.ts';
import { backfillIncident } from '../../incidents/backfill-incident.ts';
import { declareIncident } from '../../incidents/declare-incident.ts';
import { incidentMetadata } from '../../incidents/schemas.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { createMaintenanceAnswer, isMaintenanceInput, MAINTENANCE_API_STATUSES } from './incident-maintenance.ts';
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
const ALL_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_API_STATUSES] as const;

/** A time as Statuspage sends it (ISO 8601 with its offset); null or "" for none. */
const apiTime = z.union([z.string({ error: 'must be a date and time (ISO 8601)' }), z.null()], { error: 'must be a date and time (ISO 8601)' });

export const incidentBody = z.object({
  incident: z.object(
    {
      name: z.string({ error: 'must be text' }).optional(),
      status: z.enum(ALL_STATUSES, { error: `must be one of ${ALL_STATUSES.join(', ')}` }).optional(),
      impact_override: z.union([z.enum(IMPACTS), z.literal(''), z.null()], { error: `must be one of ${IMPACTS.join(', ')}` }).optional(),
      body: z.union([z.string({ error: 'must be text' }), z.null()], { error: 'must be text' }).optional(),
      component_ids: apiIdList.optional(),
      components: z.record(z.string(), z.enum(COMPONENT_STATUSES, { error: `must map component ids to one of ${STATUS_WORDS}` }), { error: `must map component ids to one of ${STATUS_WORDS}` }).optional(),
      deliver_notifications: apiBoolean.optional(),
      scheduled_for: apiTime.optional(),
      scheduled_until: apiTime.optional(),
      scheduled_auto_in_progress: apiBoolean.optional(),
      scheduled_auto_completed: apiBoolean.optional(),
      scheduled_remind_prior: apiBoolean.optional(),
      metadata: incidentMetadata.optional(),
      backfilled: apiBoolean.optional(),
      backfill_date: apiTime.optional(),
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
  metadata: 'metadata',
  resolvedAt: 'backfill_date',
  body: 'body',
};

export type IncidentInput = z.output<typeof incidentBody>['incident'];

/** An incident status from the API's status (which may also name a maintenance's), or the 422 saying so. */
export function incidentStatusOf(status: IncidentInput['status']): { ok: true; status: IncidentStatus | undefined } | { ok: false; answer: V1Answer } {
  if (status === undefined || (INCIDENT_STATUSES as readonly string[]).includes(status)) return { ok: true, status: status as IncidentStatus | undefined };
  return { ok: false, answer: apiError(422, `incident.status: an incident's status is one of ${INCIDENT_STATUSES.join(', ')}; ${status} is for scheduled maintenance (send scheduled_for and scheduled_until)`) };
}

// A date alone (Statuspage's backfill_date "2026-11-02") is that day at 00:00 UTC.
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A backfilled incident, created resolved in the past with no notifications, through backfillIncident. */
async function backfillAnswer(request: V1Request, input: IncidentInput, severity: Severity, impact: Impact): Promise<V1Answer> {
  const text = (input.backfill_date ?? '').trim();
  let resolvedAt = request.services.now();
  if (text !== '') {
    if (!DATE_ONLY.test(text) && !WITH_OFFSET.test(text)) return apiError(422, 'incident.backfill_date: must be a date (2026-11-02) or a date and time with its offset (2026-11-02T14:30:00Z)');
    resolvedAt = new Date(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(resolvedAt.getTime())) return apiError(422, 'incident.backfill_date: is not a real date');
  }
  const status = input.status ?? 'resolved';
  if (status !== 'resolved') return apiError(422, 'incident.status: a backfilled incident is created resolved');
  if ((input.component_ids ?? []).length > 0 || Object.keys(input.components ?? {}).length > 0) {
    return apiError(422, 'incident.components: a backfilled incident changes no component (it is over)');
  }
  const backfilled = await backfillIncident(request.services, request.actor, {
    title: input.name ?? '',
    severity,
    impact,
    body: input.body?.trim() || DEFAULT_BODY.resolved,
    resolvedAt,
    metadata: input.metadata,
  });
  if (!backfilled.ok) return useCaseRefusal(backfilled.errors, 'incident', INCIDENT_FIELD_NAMES);
  const answer = await getIncidentAnswer({ ...request, params: { ...request.params, incident_id: backfilled.value.incidentId } });
  return { ...answer, status: answer.status === 200 ? 201 : answer.status };
}

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
  if (isMaintenanceInput(input)) return createMaintenanceAnswer(request, input);
  const checked = incidentStatusOf(input.status);
  if (!checked.ok) return checked.answer;

  // Affected components: the statuses given, and those only listed keep their current status.
  const all = new Map((await listComponents(request.services.db)).map((c) => [c.id, c]));
  const statuses = new Map<string, ComponentStatus>(Object.entries(input.components ?? {}));
  for (const id of input.component_ids ?? []) if (!statuses.has(id)) statuses.set(id, all.get(id)?.status ?? 'operational');
  const unknown = [...statuses.keys()].find((id) => !all.has(id));
  if (unknown !== undefined) return apiError(404, `incident.components: there is no component "${unknown}".`);

  const worst = [...statuses.values()].reduce<Impact>((acc, s) => (IMPACT_RANK[IMPACT_OF_STATUS[s]] > IMPACT_RANK[acc] ? IMPACT_OF_STATUS[s] : acc), 'none');
  const impact: Impact = input.impact_override || (input.severity ? IMPACT_OF_SEVERITY[input.severity] : worst === 'none' ? 'minor' : worst);
  const severity: Severity = input.severity ?? SEVERITY_OF_IMPACT[impact];
  if (input.backfilled === true) return backfillAnswer(request, input, severity, impact);

  const mayPublish = actorCan(request.actor, 'update.publish');
  if (input.visibility === 'public' && !mayPublish) return apiError(403, 'This API token lacks the scope "incidents:publish" needed to create a public incident.');
  const internal = input.visibility === 'internal';
  const status = checked.status ?? 'investigating';
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
    metadata: input.metadata,
    update,
  });
  if (!declared.ok) return useCaseRefusal(declared.errors, 'incident', INCIDENT_FIELD_NAMES);
  const answer = await getIncidentAnswer({ ...request, params: { ...request.params, incident_id: declared.value.incidentId } });
  return { ...answer, status: answer.status === 200 ? 201 : answer.status };
}

import type { Db } from '../../db/client.ts';
import { updateComponentManualStatus } from '../../db/queries/components.ts';
import { listIncidentClaimedComponentIds } from '../../db/queries/incident-component-statuses.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { hasPublishedExternalUpdate, insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { isBetterStatus } from '../catalog/derive-component-status.ts';
import { type ComponentStatusSources, loadComponentStatusSources } from '../catalog/derived-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Audience, ComponentStatus, Incident, UpdateComponentChange } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { describeComponentStatus } from '../status/overall-status.ts';
import { INCIDENT_GONE } from './checks.ts';
import { publishUpdateNow } from './publish-update.ts';
import { resolveIncidentSchema } from './schemas.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

/** One component on the resolve form: where it is, and where resolving takes it by default. */
export interface ResolutionComponent {
  componentId: string;
  name: string;
  current: ComponentStatus;
  /** What the status rule gives once this incident is resolved: the form's default. */
  defaultStatus: ComponentStatus;
  /** Why the default is not operational, in words ("Database upgrade (maintenance in progress)"). */
  heldBy: string[];
}

function reasons(source: ComponentStatusSources): string[] {
  return [
    ...source.incidents.filter((i) => i.status !== 'operational').map((i) => `${i.incidentTitle} (${describeComponentStatus(i.status).toLowerCase()})`),
    ...(source.maintenanceInProgress ? ['a maintenance in progress'] : []),
    ...(source.manualStatus !== null && source.manualStatus !== 'operational' ? [`set by hand to ${describeComponentStatus(source.manualStatus).toLowerCase()}`] : []),
  ];
}

async function incidentComponentIds(db: Db, incident: Incident): Promise<string[]> {
  return [...new Set([...incident.components.map((c) => c.componentId), ...(await listIncidentClaimedComponentIds(db, incident.id))])];
}

async function resolutionComponents(db: Db, incident: Incident, forUpdate: boolean): Promise<ResolutionComponent[]> {
  const sources = await loadComponentStatusSources(db, await incidentComponentIds(db, incident), { exceptIncidentId: incident.id, forUpdate });
  return sources
    .map((source) => ({ componentId: source.componentId, name: source.name, current: source.status, defaultStatus: source.derived, heldBy: reasons(source) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * For the resolve form: the incident's components, each with the status it goes
 * to by default when the incident is resolved. Empty for an incident that never
 * became public (its resolution is internal and changes no component).
 */
export async function previewResolution(db: Db, incidentId: string): Promise<ResolutionComponent[]> {
  const incident = await findIncidentById(db, incidentId);
  if (!incident || incident.resolvedAt !== null || !(await hasPublishedExternalUpdate(db, incident.id))) return [];
  return resolutionComponents(db, incident, false);
}

/**
 * Resolves an incident with its last update, published now: status resolved,
 * resolved_at stamped, and its claims on components dropped, so each affected
 * component goes to what the status rule gives without it — operational, or what
 * another open incident, a maintenance in progress or a manual status keeps.
 *
 * The resolver may choose a status per component, as on Statuspage's resolve
 * form. A choice worse than the default becomes the component's manual status
 * (kept until someone sets it back by hand in /admin/components), so "resolved,
 * but keep Search degraded" holds. A choice better than the default is refused
 * with the reason: another open incident or a maintenance still claims it.
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
  const chosen = new Map(parsed.value.components.map((c) => [c.componentId, c.status]));
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ updateId: string; audience: Audience }>> => {
    const incident = await findIncidentById(trx, incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    if (incident.resolvedAt !== null) return fail(formError(ERRORS.IncidentAlreadyResolved));
    const audience: Audience = (await hasPublishedExternalUpdate(trx, incident.id)) ? 'external' : 'internal';

    const changes: UpdateComponentChange[] = [];
    const manual: { componentId: string; status: ComponentStatus }[] = [];
    if (audience === 'external') {
      const errors: Record<string, string> = {};
      for (const component of await resolutionComponents(trx, incident, true)) {
        const status = chosen.get(component.componentId) ?? component.defaultStatus;
        if (isBetterStatus(status, component.defaultStatus)) {
          errors[`component.${component.componentId}`] =
            `${component.name} stays ${describeComponentStatus(component.defaultStatus).toLowerCase()} because of ${component.heldBy.join(', ')}: choose that or worse.`;
          continue;
        }
        if (status !== component.defaultStatus) manual.push({ componentId: component.componentId, status });
        if (status !== component.current) changes.push({ componentId: component.componentId, oldStatus: component.current, newStatus: status });
      }
      if (Object.keys(errors).length > 0) return fail(errors);
    }

    // Nothing is written before this line: every expected failure above returns.
    for (const { componentId, status } of manual) await updateComponentManualStatus(trx, componentId, status);
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

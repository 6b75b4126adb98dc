import { findAlertRouteById, insertAlertRoute, lockAlertRouteOrder, updateAlertRoute } from '../../db/queries/alert-routes.ts';
import { listComponents } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { parseMatchers } from './matchers.ts';
import { alertRouteSchema, NEEDS_MATCHERS } from './route-input.ts';

/**
 * Adds a route (tried after the others, before the default) or changes one. The
 * default route keeps no matchers: it catches whatever no other route does.
 * Audited like every admin change.
 */
export async function saveAlertRoute(services: Services, actor: Actor, input: unknown): Promise<Result<{ routeId: string }>> {
  requirePermission(actor, 'alertRoute.manage');
  const parsed = parseInput(alertRouteSchema, input);
  if (!parsed.ok) return parsed;
  const { routeId, ...values } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ routeId: string }>> => {
    const existing = routeId === undefined ? null : await findAlertRouteById(trx, routeId);
    if (routeId !== undefined && existing === null) return fail(formError(ERRORS.AlertRouteGone));
    const isDefault = existing?.isDefault ?? false;
    const matchers = parseMatchers(values.matchers);
    if (!isDefault && (!matchers.ok || matchers.value.length === 0)) return fail({ matchers: NEEDS_MATCHERS });
    const catalog = new Set((await listComponents(trx)).map((c) => c.id));
    const missing = values.componentIds.find((id) => !catalog.has(id));
    if (missing !== undefined) return fail({ componentIds: 'One of the components no longer exists: reload the page and pick again.' });
    const stored = { ...values, matchers: isDefault ? '' : values.matchers };
    let id: string;
    if (existing === null) {
      await lockAlertRouteOrder(trx);
      id = await insertAlertRoute(trx, stored, now);
    } else {
      id = existing.id;
      await updateAlertRoute(trx, id, stored, now);
    }
    await insertTimelineEvent(trx, {
      kind: existing === null ? 'alert_route.created' : 'alert_route.updated',
      actor: actor.name,
      actorId: actor.id,
      details: { routeId: id, name: values.name, matchers: stored.matchers, action: values.action, severity: values.severity },
      occurredAt: now,
    });
    return ok({ routeId: id });
  });
}

import { deleteAlertRoute, findAlertRouteById, lockAlertRouteOrder, moveAlertRoute } from '../../db/queries/alert-routes.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';

/** Removes a route (the default one stays). Incidents it opened keep their alerts. */
export async function deleteAlertRouteById(services: Services, actor: Actor, routeId: string): Promise<Result<null>> {
  requirePermission(actor, 'alertRoute.manage');
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<null>> => {
    const route = await findAlertRouteById(trx, routeId);
    if (route === null || route.isDefault) return fail(formError(ERRORS.AlertRouteGone));
    await deleteAlertRoute(trx, routeId);
    await insertTimelineEvent(trx, { kind: 'alert_route.deleted', actor: actor.name, actorId: actor.id, details: { routeId, name: route.name }, occurredAt: now });
    return ok(null);
  });
}

/** Moves a route one place up (tried earlier) or down. */
export async function moveAlertRouteBy(services: Services, actor: Actor, routeId: string, direction: -1 | 1): Promise<Result<null>> {
  requirePermission(actor, 'alertRoute.manage');
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<null>> => {
    await lockAlertRouteOrder(trx);
    const route = await findAlertRouteById(trx, routeId);
    if (route === null || route.isDefault) return fail(formError(ERRORS.AlertRouteGone));
    if (await moveAlertRoute(trx, routeId, direction)) {
      await insertTimelineEvent(trx, { kind: 'alert_route.moved', actor: actor.name, actorId: actor.id, details: { routeId, name: route.name, direction: direction < 0 ? 'up' : 'down' }, occurredAt: now });
    }
    return ok(null);
  });
}

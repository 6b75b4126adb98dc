import type { APIRoute } from 'astro';
import { deliverySummary } from '../../../../db/queries/deliveries.ts';
import { findUpdateById } from '../../../../db/queries/updates.ts';
import { requirePermission } from '../../../../src/auth/permissions.ts';
import { describeDeliverySummary, isDeliveryInProgress } from '../../../../src/deliveries/describe-delivery-summary.ts';

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

// GET only (no other method is exported): the incident page's script polls it while an update's email goes out.
export const GET: APIRoute = async ({ locals, params }) => {
  requirePermission(locals.user!, 'internal.view');
  const id = params.id ?? '';
  const update = id.length > 0 && id.length <= 64 ? await findUpdateById(locals.services.db, id) : null;
  if (update === null) return json(404, { error: 'No update with this id.' });
  const summary = await deliverySummary(locals.services.db, update.id);
  return json(200, { updateId: update.id, ...summary, inProgress: isDeliveryInProgress(summary), text: describeDeliverySummary(summary) });
};

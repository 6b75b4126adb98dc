import type { APIRoute } from 'astro';
import { describeDeliverySummary, isDeliveryInProgress } from '../../../../src/deliveries/describe-delivery-summary.ts';
import { loadUpdateDeliveries } from '../../../../src/deliveries/update-deliveries.ts';

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

// GET only (no other method is exported): the incident page's script polls it while an update's email goes out.
export const GET: APIRoute = async ({ locals, params }) => {
  const found = await loadUpdateDeliveries(locals.services, locals.user!, params.id ?? '');
  if (found === null) return json(404, { error: 'No update with this id.' });
  const { updateId, summary } = found;
  return json(200, { updateId, ...summary, inProgress: isDeliveryInProgress(summary), text: describeDeliverySummary(summary) });
};

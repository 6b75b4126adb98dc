import type { APIRoute } from 'astro';
import { handleAlertIntake } from '../../../../src/alerts/intake-endpoint.ts';

/** Alert intake: POST /api/v1/alerts/alertmanager | grafana | generic (see src/alerts/). */
export const POST: APIRoute = ({ params, request, locals }) =>
  handleAlertIntake(locals.services, request, params['source'], locals.clientAddress ?? 'unknown', { rateLimit: locals.services.config.alertRateLimit });

export const ALL: APIRoute = () =>
  new Response(JSON.stringify({ error: 'Send alert notifications with POST.' }), {
    status: 405,
    headers: { 'content-type': 'application/json; charset=utf-8', allow: 'POST' },
  });

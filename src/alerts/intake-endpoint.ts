import { countAlertIntakeHit, insertAlertIntakeHit } from '../../db/queries/alert-groups.ts';
import { ALERT_SOURCES, type AlertSource } from '../domain/alerts.ts';
import type { Services } from '../services.ts';
import { authenticateToken, requireScope } from '../tokens/authenticate-token.ts';
import { tokenActor } from '../tokens/token-actor.ts';
import { parseNotification, readJson } from './payloads.ts';
import { receiveAlerts } from './receive-alerts.ts';

/**
 * POST /api/v1/alerts/{alertmanager,grafana,generic}: the HTTP side of alert intake.
 * Token with `alerts:write` (Bearer, OAuth, or Basic with the token as password) →
 * per-token limit → JSON → shape → receiveAlerts. Every answer is JSON; errors are
 * `{"error": "…"}` (a wrong shape also names the `field`). Bodies over 1 MB never get
 * here: the front server answers 413 while reading them (src/server/request-listener.ts).
 */

/** Notifications per token in any rolling minute (HERALD_ALERT_RATE_LIMIT). */
export const DEFAULT_ALERT_RATE_LIMIT = 120;
const WINDOW_MS = 60_000;

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

export function isAlertSource(value: string | undefined): value is AlertSource {
  return (ALERT_SOURCES as readonly (string | undefined)[]).includes(value);
}

/** Counts the request against the token's minute; the seconds to wait when over the limit. */
async function overLimit(services: Services, tokenId: string, limit: number): Promise<number | null> {
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const { count, oldest } = await countAlertIntakeHit(trx, tokenId, now, WINDOW_MS);
    if (count >= limit) return Math.max(1, Math.ceil((oldest.getTime() + WINDOW_MS - now.getTime()) / 1000));
    await insertAlertIntakeHit(trx, tokenId, now);
    return null;
  });
}

export async function handleAlertIntake(
  services: Services,
  request: Request,
  source: string | undefined,
  clientAddress: string,
  options: { rateLimit?: number } = {},
): Promise<Response> {
  if (!isAlertSource(source)) return json({ error: `Unknown alert source: use /api/v1/alerts/alertmanager, /api/v1/alerts/grafana or /api/v1/alerts/generic.` }, 404);
  const auth = await authenticateToken(services.db, request.headers, clientAddress, services.now);
  if (!auth.ok) return json({ error: auth.error }, 401, { 'www-authenticate': 'Bearer realm="herald"' });
  const scope = requireScope(auth.principal, 'alerts:write');
  if (!scope.ok) return json({ error: scope.error }, 403);

  const wait = await overLimit(services, auth.principal.tokenId, options.rateLimit ?? DEFAULT_ALERT_RATE_LIMIT);
  if (wait !== null) {
    return json({ error: `Too many alert notifications: this token may send ${options.rateLimit ?? DEFAULT_ALERT_RATE_LIMIT} a minute. Retry after ${wait} s.` }, 429, { 'retry-after': String(wait) });
  }

  const text = await request.text();
  if (text.trim() === '') return json({ error: 'The body is empty: send the notification as JSON.' }, 400);
  const body = readJson(text);
  if (!body.ok) return json({ error: `The body is not valid JSON: ${body.reason}` }, 400);
  const parsed = parseNotification(source, body.value, services.now());
  if (!parsed.ok) {
    const [field, message] = Object.entries(parsed.errors)[0] ?? ['_form', 'The notification has the wrong shape'];
    if (field === '_form') return json({ error: message }, 422);
    return json({ error: `${field}: ${message}`, field }, 422);
  }
  const outcome = await receiveAlerts(services, { actorId: tokenActor(auth.principal).id, name: auth.principal.name }, parsed.value);
  if (outcome.kind === 'ignored') return json({ result: 'ignored', reason: outcome.reason }, 202);
  return json({ result: outcome.kind, incident_id: outcome.incidentId }, 202);
}

import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { deleteWebhookEndpoint, findWebhookEndpointById, rotateWebhookSecret, setWebhookEndpointEnabled, updateWebhookEndpoint } from '../../db/queries/webhook-endpoints.ts';
import { recordTestWebhook } from './record-webhook-event.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { checkWebhookUrl } from './check-webhook-url.ts';
import { endpointSchema } from './endpoint-input.ts';
import { newWebhookSecret } from './signing.ts';

/*
 * The changes an admin makes to an integration after adding it. Each is one
 * transaction with its audit event; all are admin-only ('settings.manage').
 */

type WebhookServices = Pick<Services, 'db' | 'config' | 'now'>;

/** How long the old secret keeps signing after a rotation: receivers have a day to switch. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;


export async function editWebhookEndpoint(services: WebhookServices, actor: Actor, id: string, input: Record<string, unknown>): Promise<Result<null>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(endpointSchema, input);
  if (!parsed.ok) return parsed;
  const urlProblem = await checkWebhookUrl(parsed.value.url, services.config.webhookAllowPrivate);
  if (urlProblem !== null) return fail({ url: urlProblem });
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const before = await findWebhookEndpointById(trx, id, { forUpdate: true });
    if (before === null) return fail(formError(ERRORS.IntegrationGone));
    await updateWebhookEndpoint(trx, id, parsed.value, now);
    await insertTimelineEvent(trx, { kind: 'integration.edited', ...auditActor(actor), details: { endpointId: id, name: parsed.value.name }, occurredAt: now });
    return ok(null);
  });
}

/** A new secret, returned once; the old one signs too for ROTATION_OVERLAP_MS (both signatures sent). */
export async function rotateWebhookEndpointSecret(services: WebhookServices, actor: Actor, id: string): Promise<Result<{ secret: string; overlapUntil: Date }>> {
  requirePermission(actor, 'settings.manage');
  const now = services.now();
  const secret = newWebhookSecret();
  const overlapUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  return services.db.transaction().execute(async (trx) => {
    const endpoint = await findWebhookEndpointById(trx, id, { forUpdate: true });
    if (endpoint === null) return fail(formError(ERRORS.IntegrationGone));
    await rotateWebhookSecret(trx, id, secret, overlapUntil, now);
    await insertTimelineEvent(trx, { kind: 'integration.secret_rotated', ...auditActor(actor), details: { endpointId: id, name: endpoint.name }, occurredAt: now });
    return ok({ secret, overlapUntil });
  });
}

/** Disables (with the reason, kept on the endpoint) or enables; enabling forgets past failures. */
export async function setWebhookEndpointState(services: WebhookServices, actor: Actor, id: string, enabled: boolean, reason = ''): Promise<Result<null>> {
  requirePermission(actor, 'settings.manage');
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const endpoint = await findWebhookEndpointById(trx, id, { forUpdate: true });
    if (endpoint === null) return fail(formError(ERRORS.IntegrationGone));
    const why = reason.trim().slice(0, 500) || `Disabled by ${actor.name}.`;
    await setWebhookEndpointEnabled(trx, id, enabled, enabled ? null : why, now);
    await insertTimelineEvent(trx, { kind: enabled ? 'integration.enabled' : 'integration.disabled', ...auditActor(actor), details: { endpointId: id, name: endpoint.name, ...(enabled ? {} : { reason: why }) }, occurredAt: now });
    return ok(null);
  });
}

/** Deletes the endpoint, its log and its queued deliveries (cascade). */
export async function deleteWebhookEndpointUseCase(services: WebhookServices, actor: Actor, id: string): Promise<Result<null>> {
  requirePermission(actor, 'settings.manage');
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const endpoint = await findWebhookEndpointById(trx, id, { forUpdate: true });
    if (endpoint === null) return fail(formError(ERRORS.IntegrationGone));
    await deleteWebhookEndpoint(trx, id);
    await insertTimelineEvent(trx, { kind: 'integration.deleted', ...auditActor(actor), details: { endpointId: id, name: endpoint.name, url: endpoint.url }, occurredAt: now });
    return ok(null);
  });
}

/** Queues a test event to this endpoint through the outbox; the delivery log shows how it went. */
export async function sendWebhookTestEvent(services: WebhookServices, actor: Actor, id: string): Promise<Result<null>> {
  requirePermission(actor, 'settings.manage');
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const endpoint = await findWebhookEndpointById(trx, id);
    if (endpoint === null) return fail(formError(ERRORS.IntegrationGone));
    if (endpoint.disabledAt !== null) return fail(formError(ERRORS.IntegrationDisabled));
    await recordTestWebhook(trx, id, now);
    return ok(null);
  });
}

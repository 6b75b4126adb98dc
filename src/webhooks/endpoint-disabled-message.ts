import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { webhookDisabledEmail } from '../../emails/webhook-disabled.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { formatUtcDateTime } from '../status/page-view.ts';

/** What deliver-webhook.ts queues with a 'webhook-disabled' delivery (deliveries.payload). */
export interface EndpointDisabledPayload {
  endpointId: string;
  name: string;
  url: string;
  reason: string;
  /** ISO instant. */
  failingSince: string;
}

export function isEndpointDisabledPayload(value: unknown): value is EndpointDisabledPayload {
  const p = value as Partial<EndpointDisabledPayload> | null;
  return typeof p === 'object' && p !== null && ['endpointId', 'name', 'url', 'reason', 'failingSince'].every((key) => typeof p[key as keyof EndpointDisabledPayload] === 'string');
}

/** Pure: the owner's message; null when the payload is unusable (the delivery is then skipped). */
export function buildEndpointDisabledMessage(delivery: ClaimedDelivery, context: { pageName: string; publicUrl: string }): OutgoingMessage | null {
  const payload = delivery.payload;
  if (!isEndpointDisabledPayload(payload)) return null;
  const rendered = webhookDisabledEmail({
    pageName: context.pageName,
    pageUrl: context.publicUrl,
    endpointName: payload.name,
    endpointUrl: payload.url,
    failingSinceUtc: formatUtcDateTime(payload.failingSince),
    reason: payload.reason,
    manageUrl: `${context.publicUrl}/admin/integrations/${encodeURIComponent(payload.endpointId)}`,
  });
  return { to: delivery.recipient, ...rendered, messageId: delivery.messageId, headers: { 'Auto-Submitted': 'auto-generated' } };
}

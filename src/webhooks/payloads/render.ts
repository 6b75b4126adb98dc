import type { WebhookKind } from '../../domain/webhook.ts';
import { type WebhookEvent, withPublicUrl } from '../webhook-event.ts';
import { buildGenericPayload } from './generic.ts';
import { buildSlackPayload } from './slack.ts';
import { buildTeamsPayload } from './teams.ts';

/**
 * Pure: the exact bytes posted to an endpoint of this kind (the signature covers
 * them). `meta.unsubscribe` is the public unsubscribe page for a subscriber's
 * endpoint (`unsubscribeUrl`), else the integration's admin page.
 */
export function renderWebhookBody(kind: WebhookKind, recorded: WebhookEvent, context: { publicUrl: string; endpointId: string; unsubscribeUrl?: string | null }): string {
  const event = withPublicUrl(recorded, context.publicUrl);
  switch (kind) {
    case 'slack':
      return JSON.stringify(buildSlackPayload(event));
    case 'teams':
      return JSON.stringify(buildTeamsPayload(event));
    case 'generic':
      return JSON.stringify(
        buildGenericPayload(event, {
          manageUrl: context.unsubscribeUrl ?? `${context.publicUrl}/admin/integrations/${encodeURIComponent(context.endpointId)}`,
          documentationUrl: `${context.publicUrl}/docs/api#webhooks`,
        }),
      );
  }
}

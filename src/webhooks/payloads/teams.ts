import type { WebhookEvent } from '../webhook-event.ts';
import { summarizeEvent } from './summary.ts';

/*
 * A Microsoft Teams Workflows webhook ("Post to a channel when a webhook request is
 * received") takes a message whose attachment is an Adaptive Card
 * (contentType application/vnd.microsoft.card.adaptive). Version 1.4, the highest
 * Teams renders everywhere: TextBlocks (title, body; Markdown subset), a FactSet
 * (status, severity, components) and an Action.OpenUrl to the incident.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Pure: the Teams endpoint's body. */
export function buildTeamsPayload(event: WebhookEvent): Record<string, unknown> {
  const summary = summarizeEvent(event);
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: summary.title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }];
  if (summary.body.trim() !== '') body.push({ type: 'TextBlock', text: summary.body, wrap: true });
  if (summary.facts.length > 0) body.push({ type: 'FactSet', facts: summary.facts.map((fact) => ({ title: fact.title, value: fact.value })) });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(summary.link === null ? {} : { actions: [{ type: 'Action.OpenUrl', title: summary.link.label, url: summary.link.url }] }),
  };
  return { type: 'message', summary: summary.fallback.slice(0, 250), attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }] };
}

import type { WebhookEvent } from '../webhook-event.ts';
import { summarizeEvent } from './summary.ts';

/*
 * A Slack incoming webhook message (api.slack.com/messaging/webhooks) in Block Kit:
 * a header block (plain_text, at most 150 characters), a section with the update's
 * body as mrkdwn (at most 3000 characters), a context block with status, severity
 * and components, and an actions block with a button to the incident. `text` is the
 * fallback Slack shows in notifications.
 */

/** Slack's three control characters, escaped as its docs require. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown as people write it → Slack's mrkdwn (bold, links, headings); the rest is kept. */
export function markdownToMrkdwn(markdown: string): string {
  return escapeSlack(markdown)
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => `<${url}|${label}>`)
    .replace(/\*\*([^*]+)\*\*/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Pure: the Slack endpoint's body. */
export function buildSlackPayload(event: WebhookEvent): Record<string, unknown> {
  const summary = summarizeEvent(event);
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: clip(summary.title, 150), emoji: true } }];
  if (summary.body.trim() !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(markdownToMrkdwn(summary.body), 3000) } });
  if (summary.facts.length > 0) {
    blocks.push({ type: 'context', elements: summary.facts.slice(0, 10).map((fact) => ({ type: 'mrkdwn', text: clip(`*${escapeSlack(fact.title)}:* ${escapeSlack(fact.value)}`, 3000) })) });
  }
  if (summary.link !== null) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: clip(summary.link.label, 75) }, url: summary.link.url }] });
  }
  return { text: clip(summary.fallback, 3000), blocks };
}

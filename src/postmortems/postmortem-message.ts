import { instantText } from '../i18n/time-text.ts';
import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { postmortemEmail } from '../../emails/postmortem.ts';
import { notificationHeaders } from '../mail/headers.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { renderMarkdown } from '../markdown.ts';
import { siteTitle } from '../settings/site-title.ts';
import { UTC, type TimeZone } from '../time/time-zone.ts';

/** What publish-postmortem-publicly.ts queues with a 'postmortem' delivery (deliveries.payload): the public part only. */
export interface PostmortemPayload {
  incidentId: string;
  title: string;
  body: string;
  /** ISO instant. */
  publishedAt: string;
}

export function isPostmortemPayload(value: unknown): value is PostmortemPayload {
  const p = value as Partial<PostmortemPayload> | null;
  return typeof p === 'object' && p !== null && ['incidentId', 'title', 'body', 'publishedAt'].every((key) => typeof p[key as keyof PostmortemPayload] === 'string');
}

/**
 * Pure: the postmortem's message to one subscriber, threaded with the incident's
 * updates (same In-Reply-To/References as every update of the incident). Null when
 * the payload is unusable (the delivery is then skipped).
 */
export function buildPostmortemMessage(
  delivery: ClaimedDelivery,
  context: { pageName: string; publicUrl: string; linkToken: string; unsubscribeMailto: string | null; logoUrl?: string | null; accent?: string | null; timeZone?: TimeZone },
): OutgoingMessage | null {
  const payload = delivery.payload;
  if (!isPostmortemPayload(payload)) return null;
  const base = context.publicUrl;
  const query = `?token=${encodeURIComponent(context.linkToken)}`;
  const unsubscribeUrl = `${base}/unsubscribe${query}`;
  const rendered = postmortemEmail({
    pageName: context.pageName,
    pageUrl: base,
    logoUrl: context.logoUrl ?? null,
    accent: context.accent ?? null,
    incident: { title: payload.title, url: `${base}/incidents/${encodeURIComponent(payload.incidentId)}#postmortem` },
    postmortem: { bodyHtml: renderMarkdown(payload.body), bodyMarkdown: payload.body, publishedAtText: instantText(delivery.subscriberLanguage ?? 'en', new Date(payload.publishedAt), context.timeZone ?? UTC) },
    unsubscribeUrl,
    manageUrl: `${base}/subscribe/manage${query}`,
    language: delivery.subscriberLanguage ?? 'en',
  });
  const headers = notificationHeaders({ publicUrl: base, pageName: context.pageName, unsubscribeUrl, unsubscribeMailto: context.unsubscribeMailto, threadKey: payload.incidentId });
  return { to: delivery.recipient, ...rendered, fromName: siteTitle(context.pageName), messageId: delivery.messageId, headers };
}

import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { link, renderEmail } from './layout.ts';

export interface WebhookDisabledEmailData {
  pageName: string;
  pageUrl: string;
  endpointName: string;
  endpointUrl: string;
  /** Since when it has failed, already formatted ("29 Nov 2026, 09:00 UTC"). */
  failingSinceUtc: string;
  reason: string;
  /** The endpoint's page in the hub, where it is enabled again. */
  manageUrl: string;
}

/**
 * Tells an endpoint's owner that Herald stopped posting to it after a day of
 * failures. Sent once per disabling; internal mail, no unsubscribe link.
 */
export function webhookDisabledEmail(data: WebhookDisabledEmailData): RenderedEmail {
  const subject = `[${toHeaderText(data.pageName)}] Webhook disabled: ${toHeaderText(data.endpointName)}`;
  const summary = `Herald could not deliver to the webhook "${data.endpointName}" (${data.endpointUrl}) since ${data.failingSinceUtc} and has stopped sending to it.`;
  const ask = 'Fix the receiver, then enable the endpoint again; events from the time it was disabled are not sent.';
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">${escapeHtml(summary)}</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(data.reason)}</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(ask)}</p>`,
    `<p style="margin:0;">Delivery log and settings: ${link(data.manageUrl, data.manageUrl)}</p>`,
  ].join('\n');
  const bodyText = [summary, '', data.reason, '', ask, '', `Delivery log and settings: ${data.manageUrl}`].join('\n');
  const { html, text } = renderEmail({
    pageName: data.pageName,
    pageUrl: data.pageUrl,
    preheader: summary,
    heading: `Webhook disabled: ${data.endpointName}`,
    bodyHtml,
    bodyText,
    banner: 'INTERNAL',
    footerLines: [{ text: 'You received this because you are the owner of this integration in Herald.' }],
  });
  return { subject, text, html };
}

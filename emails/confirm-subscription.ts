import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, COLORS, type EmailBrand, isSafeHref, link, renderEmail } from './layout.ts';
import { enteredOnPageFooter } from './parts.ts';

export interface ConfirmSubscriptionEmailData extends EmailBrand {
  confirmUrl: string;
  /** Names of the components followed; null means all of them. */
  components: string[] | null;
  expiresInHours: number;
}

/** The double opt-in mail: nothing else is sent to an address until its link is opened. */
export function confirmSubscriptionEmail(data: ConfirmSubscriptionEmailData): RenderedEmail {
  const subject = `[${toHeaderText(data.pageName)}] Confirm your subscription`;
  const hours = `${data.expiresInHours} hour${data.expiresInHours === 1 ? '' : 's'}`;
  const scopeText =
    data.components === null || data.components.length === 0
      ? 'all components'
      : data.components.join(', ');
  const scopeHtml =
    data.components === null || data.components.length === 0
      ? '<p style="margin:0 0 16px 0;">You asked to be notified about <strong>all components</strong>.</p>'
      : `<p style="margin:0 0 8px 0;">You asked to be notified about:</p><ul style="margin:0 0 16px 0;padding-left:20px;">${data.components
          .map((name) => `<li>${escapeHtml(name)}</li>`)
          .join('')}</ul>`;

  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">Someone (hopefully you) asked to receive status updates from ${escapeHtml(data.pageName)} by email.</p>`,
    scopeHtml,
    isSafeHref(data.confirmUrl) ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr><td style="border-radius:6px;background:${COLORS.link};"><a href="${escapeHtml(data.confirmUrl)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:600;text-decoration:none;">Confirm subscription</a></td></tr></table>` : '',
    `<p style="margin:0 0 16px 0;">Or open this link: ${link(data.confirmUrl, data.confirmUrl)}</p>`,
    `<p style="margin:0;color:${COLORS.muted};">The link expires in ${escapeHtml(hours)}. If you did not ask for this, ignore this email: you will not be subscribed.</p>`,
  ].join('\n');

  const bodyText = [
    `Someone (hopefully you) asked to receive status updates from ${data.pageName} by email.`,
    '',
    `Components: ${scopeText}`,
    '',
    'To confirm, open this link and press "Confirm subscription":',
    data.confirmUrl,
    '',
    `The link expires in ${hours}. If you did not ask for this, ignore this email: you will not be subscribed.`,
  ].join('\n');

  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: `Confirm your subscription to ${data.pageName} status updates.`,
    heading: 'Confirm your subscription',
    bodyHtml,
    bodyText,
    footerLines: enteredOnPageFooter(data.pageName, data.pageUrl),
  });
  return { subject, text, html };
}

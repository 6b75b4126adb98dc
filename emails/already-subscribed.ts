import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, COLORS, type EmailBrand, link, renderEmail } from './layout.ts';
import { enteredOnPageFooter } from './parts.ts';

export interface AlreadySubscribedEmailData extends EmailBrand {
  /** The subscriber's own page to change components or unsubscribe. */
  manageUrl: string;
}

/**
 * Sent when someone asks to subscribe an address that is subscribed already. The
 * subscribe page answers the same for every address (it must not tell a stranger
 * who is subscribed); the owner of the address learns it here, and gets the link
 * that changes their choices, which the form may not do on their behalf.
 */
export function alreadySubscribedEmail(data: AlreadySubscribedEmailData): RenderedEmail {
  const subject = `[${toHeaderText(data.pageName)}] You are already subscribed`;
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">Someone (hopefully you) asked to receive status updates from ${escapeHtml(data.pageName)} at this address. It is subscribed already, so nothing has changed.</p>`,
    `<p style="margin:0 0 16px 0;">To change which components you follow, or to unsubscribe: ${link(data.manageUrl, 'manage your subscription')}.</p>`,
    `<p style="margin:0;color:${COLORS.muted};">If you did not ask for this, ignore this email.</p>`,
  ].join('\n');
  const bodyText = [
    `Someone (hopefully you) asked to receive status updates from ${data.pageName} at this address. It is subscribed already, so nothing has changed.`,
    '',
    'To change which components you follow, or to unsubscribe:',
    data.manageUrl,
    '',
    'If you did not ask for this, ignore this email.',
  ].join('\n');
  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: `You are already subscribed to ${data.pageName} status updates.`,
    heading: 'You are already subscribed',
    bodyHtml,
    bodyText,
    footerLines: enteredOnPageFooter(data.pageName, data.pageUrl),
  });
  return { subject, text, html };
}

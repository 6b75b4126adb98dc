import { type Language, translator } from '../src/i18n/languages.ts';
import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, COLORS, type EmailBrand, link, renderEmail } from './layout.ts';

export interface AlreadySubscribedEmailData extends EmailBrand {
  /** The subscriber's own page to change components or unsubscribe. */
  manageUrl: string;
  /** The subscriber's language; English when absent. */
  language?: Language;
}

/**
 * Sent when someone asks to subscribe an address that is subscribed already. The
 * subscribe page answers the same for every address (it must not tell a stranger
 * who is subscribed); the owner of the address learns it here, and gets the link
 * that changes their choices, which the form may not do on their behalf.
 */
export function alreadySubscribedEmail(data: AlreadySubscribedEmailData): RenderedEmail {
  const tr = translator(data.language);
  const heading = tr.t('email.already.subject');
  const subject = `[${toHeaderText(data.pageName)}] ${heading}`;
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">${tr.html('email.already.intro', { name: data.pageName })}</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(tr.t('email.already.manage'))} ${link(data.manageUrl, tr.t('email.already.manageLink'))}.</p>`,
    `<p style="margin:0;color:${COLORS.muted};">${escapeHtml(tr.t('email.already.ignore'))}</p>`,
  ].join('\n');
  const bodyText = [
    tr.t('email.already.intro', { name: data.pageName }),
    '',
    tr.t('email.already.manage'),
    data.manageUrl,
    '',
    tr.t('email.already.ignore'),
  ].join('\n');
  const { html, text } = renderEmail({
    ...brandOf(data),
    lang: tr.lang,
    preheader: tr.t('email.already.preheader', { name: data.pageName }),
    heading,
    bodyHtml,
    bodyText,
    footerLines: [{ text: tr.t('email.subscribedFooter', { name: data.pageName }) }, { text: tr.t('email.statusPage'), href: data.pageUrl }],
  });
  return { subject, text, html };
}

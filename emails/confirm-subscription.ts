import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, COLORS, type EmailBrand, isSafeHref, link, renderEmail } from './layout.ts';
import { type Language, translator } from '../src/i18n/languages.ts';

export interface ConfirmSubscriptionEmailData extends EmailBrand {
  confirmUrl: string;
  /** Names of the components followed; null means all of them. */
  components: string[] | null;
  expiresInHours: number;
  /** The language the subscriber subscribed in; English when absent. */
  language?: Language;
}

/** The double opt-in mail: nothing else is sent to an address until its link is opened. */
export function confirmSubscriptionEmail(data: ConfirmSubscriptionEmailData): RenderedEmail {
  const tr = translator(data.language);
  const subject = `[${toHeaderText(data.pageName)}] ${tr.t('email.confirm.subject')}`;
  const all = data.components === null || data.components.length === 0;
  const scopeText = all ? tr.t('email.confirm.allComponents') : (data.components ?? []).join(', ');
  const scopeHtml = all
    ? `<p style="margin:0 0 16px 0;">${tr.html('email.confirm.allHtml')}</p>`
    : `<p style="margin:0 0 8px 0;">${tr.html('email.confirm.someHtml')}</p><ul style="margin:0 0 16px 0;padding-left:20px;">${(data.components ?? [])
        .map((name) => `<li>${escapeHtml(name)}</li>`)
        .join('')}</ul>`;
  const button = tr.t('email.confirm.button');
  const expires = tr.t('email.confirm.expires', { hours: data.expiresInHours });

  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">${tr.html('email.confirm.intro', { name: data.pageName })}</p>`,
    scopeHtml,
    isSafeHref(data.confirmUrl) ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr><td style="border-radius:6px;background:${COLORS.link};"><a href="${escapeHtml(data.confirmUrl)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:600;text-decoration:none;">${escapeHtml(button)}</a></td></tr></table>` : '',
    `<p style="margin:0 0 16px 0;">${escapeHtml(tr.t('email.confirm.orOpen'))} ${link(data.confirmUrl, data.confirmUrl)}</p>`,
    `<p style="margin:0;color:${COLORS.muted};">${escapeHtml(expires)}</p>`,
  ].join('\n');

  const bodyText = [
    tr.t('email.confirm.intro', { name: data.pageName }),
    '',
    tr.t('email.confirm.components', { list: scopeText }),
    '',
    tr.t('email.confirm.toConfirm', { button }),
    data.confirmUrl,
    '',
    expires,
  ].join('\n');

  const { html, text } = renderEmail({
    ...brandOf(data),
    lang: tr.lang,
    preheader: tr.t('email.confirm.preheader', { name: data.pageName }),
    heading: tr.t('email.confirm.subject'),
    bodyHtml,
    bodyText,
    footerLines: [{ text: tr.t('email.subscribedFooter', { name: data.pageName }) }, { text: tr.t('email.statusPage'), href: data.pageUrl }],
  });
  return { subject, text, html };
}

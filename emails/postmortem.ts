import { type Language, translator } from '../src/i18n/languages.ts';
import type { RenderedEmail } from './rendered-email.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';
import { joinTextBlocks, notificationSubject, paragraphHtml, statusLineHtml, statusLineText, updateBodyHtml, updateBodyText } from './parts.ts';
import { subscriberFooter } from './subscriber-footer.ts';

export interface PostmortemEmailData extends EmailBrand {
  incident: { title: string; url: string };
  /** The public part only: sanitized HTML and its Markdown. */
  postmortem: { bodyHtml: string; bodyMarkdown: string; publishedAtText: string };
  unsubscribeUrl: string;
  manageUrl: string;
  /** The subscriber's language; English when absent. */
  language?: Language;
}

/** A published postmortem (its public part), to a confirmed subscriber, in the incident's thread. */
export function postmortemEmail(data: PostmortemEmailData): RenderedEmail {
  const tr = translator(data.language);
  const label = tr.t('email.pm.label');
  const read = tr.t('email.pm.read');
  const subject = notificationSubject(data.pageName, label, data.incident.title);
  const bodyHtml = [
    statusLineHtml(label, data.postmortem.publishedAtText),
    updateBodyHtml(data.postmortem.bodyHtml),
    paragraphHtml(link(data.incident.url, read)),
  ].join('\n');
  const bodyText = joinTextBlocks([
    statusLineText(label, data.postmortem.publishedAtText),
    updateBodyText(data.postmortem.bodyMarkdown),
    `${read}:\n${data.incident.url}`,
  ]);
  const { html, text } = renderEmail({
    ...brandOf(data),
    lang: tr.lang,
    preheader: `${label}: ${data.incident.title}`,
    heading: `${label}: ${data.incident.title}`,
    bodyHtml,
    bodyText,
    footerLines: subscriberFooter(tr, data),
  });
  return { subject, text, html };
}

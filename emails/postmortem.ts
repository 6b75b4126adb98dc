import type { RenderedEmail } from './rendered-email.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';
import { joinTextBlocks, notificationSubject, paragraphHtml, statusLineHtml, statusLineText, updateBodyHtml, updateBodyText } from './parts.ts';

export interface PostmortemEmailData extends EmailBrand {
  incident: { title: string; url: string };
  /** The public part only: sanitized HTML and its Markdown. */
  postmortem: { bodyHtml: string; bodyMarkdown: string; publishedAtText: string };
  unsubscribeUrl: string;
  manageUrl: string;
}

/** A published postmortem (its public part), to a confirmed subscriber, in the incident's thread. */
export function postmortemEmail(data: PostmortemEmailData): RenderedEmail {
  const subject = notificationSubject(data.pageName, 'Postmortem', data.incident.title);
  const bodyHtml = [
    statusLineHtml('Postmortem', data.postmortem.publishedAtText),
    updateBodyHtml(data.postmortem.bodyHtml),
    paragraphHtml(link(data.incident.url, 'Read it on the status page')),
  ].join('\n');
  const bodyText = joinTextBlocks([
    statusLineText('Postmortem', data.postmortem.publishedAtText),
    updateBodyText(data.postmortem.bodyMarkdown),
    `Read it on the status page:\n${data.incident.url}`,
  ]);
  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: `Postmortem: ${data.incident.title}`,
    heading: `Postmortem: ${data.incident.title}`,
    bodyHtml,
    bodyText,
    footerLines: [
      { text: `You are receiving this because you subscribed to ${data.pageName} status updates.` },
      { text: 'Change which components you follow', href: data.manageUrl },
      { text: 'Unsubscribe', href: data.unsubscribeUrl },
    ],
  });
  return { subject, text, html };
}

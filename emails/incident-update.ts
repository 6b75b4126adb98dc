import type { Impact, IncidentStatus } from '../src/domain/types.ts';
import type { RenderedEmail } from '../src/mail/types.ts';
import { describeIncidentStatus } from '../src/status/overall-status.ts';
import { link, renderEmail } from './layout.ts';
import {
  componentsHtml,
  componentsText,
  type EmailComponent,
  joinTextBlocks,
  notificationSubject,
  paragraphHtml,
  statusLineHtml,
  statusLineText,
  updateBodyHtml,
  updateBodyText,
} from './parts.ts';

export interface IncidentUpdateEmailData {
  pageName: string;
  pageUrl: string;
  incident: { id: string; title: string; url: string; impact: Impact };
  update: { status: IncidentStatus; bodyMarkdown: string; publishedAt: string };
  components: EmailComponent[];
  unsubscribeUrl: string;
  manageUrl: string;
}

/** A published external incident update, to a confirmed subscriber. */
export function incidentUpdateEmail(data: IncidentUpdateEmailData): RenderedEmail {
  const status = describeIncidentStatus(data.update.status);
  const subject = notificationSubject(data.pageName, status, data.incident.title);

  const bodyHtml = [
    statusLineHtml(status, data.update.publishedAt),
    updateBodyHtml(data.update.bodyMarkdown),
    componentsHtml(data.components),
    paragraphHtml(link(data.incident.url, 'View this incident on the status page')),
  ].join('\n');
  const bodyText = joinTextBlocks([
    statusLineText(status, data.update.publishedAt),
    updateBodyText(data.update.bodyMarkdown),
    componentsText(data.components),
    `View this incident on the status page:\n${data.incident.url}`,
  ]);

  const { html, text } = renderEmail({
    pageName: data.pageName,
    pageUrl: data.pageUrl,
    preheader: `${status}: ${data.incident.title}`,
    heading: data.incident.title,
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

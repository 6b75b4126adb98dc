import type { Impact } from '../src/domain/types.ts';
import type { RenderedEmail } from './rendered-email.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';
import {
  componentsHtml,
  componentsText,
  type EmailComponent,
  type EmailUpdate,
  joinTextBlocks,
  notificationSubject,
  paragraphHtml,
  statusLineHtml,
  statusLineText,
  updateBodyHtml,
  updateBodyText,
} from './parts.ts';

export interface IncidentUpdateEmailData extends EmailBrand {
  incident: { id: string; title: string; url: string; impact: Impact };
  /** `statusLabel`: the incident status in words ("Identified"). */
  update: EmailUpdate & { statusLabel: string };
  components: EmailComponent[];
  unsubscribeUrl: string;
  manageUrl: string;
}

/** A published external incident update, to a confirmed subscriber. */
export function incidentUpdateEmail(data: IncidentUpdateEmailData): RenderedEmail {
  const status = data.update.statusLabel;
  const subject = notificationSubject(data.pageName, status, data.incident.title);

  const bodyHtml = [
    statusLineHtml(status, data.update.publishedAtText),
    updateBodyHtml(data.update.bodyHtml),
    componentsHtml(data.components),
    paragraphHtml(link(data.incident.url, 'View this incident on the status page')),
  ].join('\n');
  const bodyText = joinTextBlocks([
    statusLineText(status, data.update.publishedAtText),
    updateBodyText(data.update.bodyMarkdown),
    componentsText(data.components),
    `View this incident on the status page:\n${data.incident.url}`,
  ]);

  const { html, text } = renderEmail({
    ...brandOf(data),
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

import type { Impact } from '../src/domain/types.ts';
import type { RenderedEmail } from './rendered-email.ts';
import { toHeaderText } from './escape.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';
import {
  componentsHtml,
  componentsText,
  type EmailComponent,
  type EmailUpdate,
  joinTextBlocks,
  paragraphHtml,
  statusLineHtml,
  statusLineText,
  updateBodyHtml,
  updateBodyText,
} from './parts.ts';

/** `pageUrl` is the public URL; the hub is at <pageUrl>/admin. */
export interface InternalUpdateEmailData extends EmailBrand {
  incident: { id: string; title: string; impact: Impact };
  /** `statusLabel`: the status in words ("Investigating"). */
  update: EmailUpdate & { statusLabel: string };
  components: EmailComponent[];
  /** Where a user turns internal mail off (their account page). */
  accountUrl: string;
}

/** Link to the incident in the hub: internal readers need the private view, not the public page. */
export function adminIncidentUrl(pageUrl: string, incidentId: string): string {
  return `${pageUrl.replace(/\/+$/, '')}/admin/incidents/${encodeURIComponent(incidentId)}`;
}

/**
 * An internal update, to the internal list only. Marked INTERNAL in the subject, a
 * banner and the text part, so that nobody forwards it by mistake; it carries no
 * subscriber unsubscribe link, only how to stop internal mail.
 */
export function internalUpdateEmail(data: InternalUpdateEmailData): RenderedEmail {
  const status = data.update.statusLabel;
  const subject = `[${toHeaderText(data.pageName)}] [INTERNAL] ${toHeaderText(status)}: ${toHeaderText(data.incident.title)}`;
  const hubUrl = adminIncidentUrl(data.pageUrl, data.incident.id);

  const bodyHtml = [
    statusLineHtml(status, data.update.publishedAtText),
    updateBodyHtml(data.update.bodyHtml),
    componentsHtml(data.components),
    paragraphHtml(link(hubUrl, 'Open this incident in Herald')),
  ].join('\n');
  const bodyText = joinTextBlocks([
    statusLineText(status, data.update.publishedAtText),
    updateBodyText(data.update.bodyMarkdown),
    componentsText(data.components),
    `Open this incident in Herald:\n${hubUrl}`,
  ]);

  const { html, text } = renderEmail({
    ...brandOf(data),
    banner: 'INTERNAL - do not forward outside the team',
    preheader: `Internal update - ${status}: ${data.incident.title}`,
    heading: data.incident.title,
    bodyHtml,
    bodyText,
    footerLines: [
      { text: `You are on the internal list of ${data.pageName}: this update was not sent to subscribers.` },
      { text: 'To stop internal mail, turn it off under Your account, or ask an admin to remove your address from the internal list in Settings.' },
      { text: 'Your account', href: data.accountUrl },
    ],
  });
  return { subject, text, html };
}

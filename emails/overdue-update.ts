import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml, toHeaderText } from './escape.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';

export interface OverdueUpdateEmailData extends EmailBrand {
  /** The recipient's name, as shown in the hub. */
  name: string;
  /** "incident commander", "communications lead", or both joined with "and". */
  roleLabel: string;
  incident: { title: string; severity: string };
  /** The severity's cadence, in minutes. */
  targetMinutes: number;
  /** When the last external update was published, already formatted in the page's zone ("Nov 29, 2026, 10:00 CET"). */
  lastUpdateText: string;
  /** When the next one was due, formatted the same way. */
  dueAtText: string;
  /** The incident's page in the hub, where the update is written. */
  incidentUrl: string;
}

/**
 * Tells an incident's commander and comms lead that customers have waited longer
 * than the severity's cadence for news. Sent once per overdue period; internal
 * mail, so it carries no unsubscribe link (the cadence is set in the hub).
 */
export function overdueUpdateEmail(data: OverdueUpdateEmailData): RenderedEmail {
  const subject = `[${toHeaderText(data.pageName)}] Update overdue: ${toHeaderText(data.incident.severity)} ${toHeaderText(data.incident.title)}`;
  const summary = `The public update for ${data.incident.severity} "${data.incident.title}" was due at ${data.dueAtText}: its cadence is every ${data.targetMinutes} minutes, and the last external update was published at ${data.lastUpdateText}.`;
  const ask = 'Customers are waiting for news. Publish an external update, even if it only says the team is still working on it.';
  const bodyHtml = [
    `<p style="margin:0 0 16px 0;">Hello ${escapeHtml(data.name)},</p>`,
    `<p style="margin:0 0 16px 0;">You are the ${escapeHtml(data.roleLabel)} of this incident. ${escapeHtml(summary)}</p>`,
    `<p style="margin:0 0 16px 0;">${escapeHtml(ask)}</p>`,
    `<p style="margin:0;">Write the update: ${link(data.incidentUrl, data.incidentUrl)}</p>`,
  ].join('\n');
  const bodyText = [
    `Hello ${data.name},`,
    '',
    `You are the ${data.roleLabel} of this incident. ${summary}`,
    '',
    ask,
    '',
    `Write the update: ${data.incidentUrl}`,
  ].join('\n');
  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: summary,
    heading: `Update overdue: ${data.incident.title}`,
    bodyHtml,
    bodyText,
    banner: 'INTERNAL',
    footerLines: [{ text: 'You received this because you hold a role on this incident. One reminder is sent per overdue period; the cadence per severity is set in the hub.' }],
  });
  return { subject, text, html };
}

import type { RenderedEmail } from './rendered-email.ts';
import { escapeHtml } from './escape.ts';
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

export type MaintenancePhase = 'announced' | 'reminder' | 'rescheduled' | 'corrected' | 'starting' | 'progress' | 'completed' | 'cancelled';

export interface MaintenanceUpdateEmailData extends EmailBrand {
  maintenance: {
    id: string;
    title: string;
    url: string;
    /** The window, in the page's zone: "Dec 1, 2026, 03:00 CET". */
    scheduledForText: string;
    scheduledUntilText: string;
  };
  phase: MaintenancePhase;
  /** The update published with this phase, if any. */
  update: EmailUpdate | null;
  components: EmailComponent[];
  unsubscribeUrl: string;
  manageUrl: string;
}

const PHASE_WORDS: Readonly<Record<MaintenancePhase, string>> = {
  announced: 'Scheduled maintenance',
  reminder: 'Maintenance reminder',
  rescheduled: 'Maintenance rescheduled',
  corrected: 'Maintenance announcement corrected',
  starting: 'Maintenance in progress',
  progress: 'Maintenance update',
  completed: 'Maintenance completed',
  cancelled: 'Maintenance cancelled',
};

const PHASE_SENTENCE: Readonly<Record<MaintenancePhase, string>> = {
  announced: 'Maintenance is scheduled for',
  starting: 'Maintenance has started. Planned window:',
  completed: 'Maintenance is complete. Planned window was',
  rescheduled: 'Maintenance has moved. New window:',
  corrected: 'The announcement of this maintenance was corrected; the corrected text is below. Window:',
  reminder: 'Reminder: maintenance is scheduled for',
  progress: 'Maintenance is in progress. Planned window:',
  cancelled: 'This maintenance has been cancelled and will not take place. Planned window was',
};

/** "Dec 1, 2026, 02:00 UTC to Dec 1, 2026, 04:00 UTC". */
export function formatWindow(fromUtc: string, untilUtc: string): string {
  return `${fromUtc} to ${untilUtc}`;
}

/** Maintenance announced, reminded, rescheduled, starting, updated, completed or cancelled, to a confirmed subscriber. */
export function maintenanceUpdateEmail(data: MaintenanceUpdateEmailData): RenderedEmail {
  const status = PHASE_WORDS[data.phase];
  const subject = notificationSubject(data.pageName, status, data.maintenance.title);
  const window = formatWindow(data.maintenance.scheduledForText, data.maintenance.scheduledUntilText);
  const sentence = `${PHASE_SENTENCE[data.phase]} ${window}.`;
  const heading =
    data.phase === 'completed' ? 'Affected components (now back to normal)'
    : data.phase === 'cancelled' ? 'Components that were to be under maintenance'
    : 'Components under maintenance';
  const publishedAt = data.update?.publishedAtText ?? (data.phase === 'announced' ? data.maintenance.scheduledForText : data.maintenance.scheduledUntilText);

  const bodyHtml = [
    data.update === null ? paragraphHtml(`<strong>${escapeHtml(status)}</strong>`) : statusLineHtml(status, publishedAt),
    paragraphHtml(escapeHtml(sentence)),
    data.update === null ? '' : updateBodyHtml(data.update.bodyHtml),
    componentsHtml(data.components, heading),
    paragraphHtml(link(data.maintenance.url, 'View this maintenance on the status page')),
  ].join('\n');
  const bodyText = joinTextBlocks([
    data.update === null ? status : statusLineText(status, publishedAt),
    sentence,
    data.update === null ? '' : updateBodyText(data.update.bodyMarkdown),
    componentsText(data.components, heading),
    `View this maintenance on the status page:\n${data.maintenance.url}`,
  ]);

  const { html, text } = renderEmail({
    ...brandOf(data),
    preheader: `${status}: ${data.maintenance.title}, ${window}`,
    heading: data.maintenance.title,
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

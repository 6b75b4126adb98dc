import { type Language, translator } from '../src/i18n/languages.ts';
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
import { subscriberFooter } from './subscriber-footer.ts';

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
  /** The subscriber's language (dates come in written in it); English when absent. */
  language?: Language;
}

/** "Dec 1, 2026, 02:00 UTC to Dec 1, 2026, 04:00 UTC". */
export function formatWindow(fromUtc: string, untilUtc: string, language?: Language): string {
  return translator(language).t('email.mnt.window', { from: fromUtc, until: untilUtc });
}

/** Maintenance announced, reminded, rescheduled, starting, updated, completed or cancelled, to a confirmed subscriber. */
export function maintenanceUpdateEmail(data: MaintenanceUpdateEmailData): RenderedEmail {
  const tr = translator(data.language);
  const status = tr.t(`email.mnt.word.${data.phase}`);
  const subject = notificationSubject(data.pageName, status, data.maintenance.title);
  const window = formatWindow(data.maintenance.scheduledForText, data.maintenance.scheduledUntilText, tr.lang);
  const sentence = tr.t(`email.mnt.sentence.${data.phase}`, { window });
  const view = tr.t('email.mnt.view');
  const heading = tr.t(data.phase === 'completed' ? 'email.mnt.headingBack' : data.phase === 'cancelled' ? 'email.mnt.headingWere' : 'email.mnt.headingUnder');
  const publishedAt = data.update?.publishedAtText ?? (data.phase === 'announced' ? data.maintenance.scheduledForText : data.maintenance.scheduledUntilText);

  const bodyHtml = [
    data.update === null ? paragraphHtml(`<strong>${escapeHtml(status)}</strong>`) : statusLineHtml(status, publishedAt),
    paragraphHtml(escapeHtml(sentence)),
    data.update === null ? '' : updateBodyHtml(data.update.bodyHtml),
    componentsHtml(data.components, heading),
    paragraphHtml(link(data.maintenance.url, view)),
  ].join('\n');
  const bodyText = joinTextBlocks([
    data.update === null ? status : statusLineText(status, publishedAt),
    sentence,
    data.update === null ? '' : updateBodyText(data.update.bodyMarkdown),
    componentsText(data.components, heading),
    `${view}:\n${data.maintenance.url}`,
  ]);

  const { html, text } = renderEmail({
    ...brandOf(data),
    lang: tr.lang,
    preheader: `${status}: ${data.maintenance.title}, ${window}`,
    heading: data.maintenance.title,
    bodyHtml,
    bodyText,
    footerLines: subscriberFooter(tr, data),
  });
  return { subject, text, html };
}

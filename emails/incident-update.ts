import type { Impact } from '../src/domain/types.ts';
import type { RenderedEmail } from './rendered-email.ts';
import { brandOf, type EmailBrand, link, renderEmail } from './layout.ts';
import { type Language, translator } from '../src/i18n/languages.ts';
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

export interface IncidentUpdateEmailData extends EmailBrand {
  incident: { id: string; title: string; url: string; impact: Impact };
  /** `statusLabel`: the incident status in words ("Identified"). */
  update: EmailUpdate & { statusLabel: string };
  components: EmailComponent[];
  unsubscribeUrl: string;
  manageUrl: string;
  /** The subscriber's language (words and dates come in already written in it); English when absent. */
  language?: Language;
}

/** A published external incident update, to a confirmed subscriber. */
export function incidentUpdateEmail(data: IncidentUpdateEmailData): RenderedEmail {
  const tr = translator(data.language);
  const status = data.update.statusLabel;
  const view = tr.t('email.update.view');
  const affected = tr.t('email.update.affected');
  const subject = notificationSubject(data.pageName, status, data.incident.title);

  const bodyHtml = [
    statusLineHtml(status, data.update.publishedAtText),
    updateBodyHtml(data.update.bodyHtml),
    componentsHtml(data.components, affected),
    paragraphHtml(link(data.incident.url, view)),
  ].join('\n');
  const bodyText = joinTextBlocks([
    statusLineText(status, data.update.publishedAtText),
    updateBodyText(data.update.bodyMarkdown),
    componentsText(data.components, affected),
    `${view}:\n${data.incident.url}`,
  ]);

  const { html, text } = renderEmail({
    ...brandOf(data),
    lang: tr.lang,
    preheader: `${status}: ${data.incident.title}`,
    heading: data.incident.title,
    bodyHtml,
    bodyText,
    footerLines: subscriberFooter(tr, data),
  });
  return { subject, text, html };
}

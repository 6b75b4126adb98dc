import type { Translator } from '../src/i18n/languages.ts';
import type { FooterLine } from './layout.ts';

/**
 * The footer of every email a subscriber gets about an incident, a maintenance or a
 * postmortem: why it came, and the two links each must carry (choose components,
 * unsubscribe), in the subscriber's language.
 */
export function subscriberFooter(tr: Translator, data: { pageName: string; manageUrl: string; unsubscribeUrl: string }): FooterLine[] {
  return [
    { text: tr.t('email.update.footer', { name: data.pageName }) },
    { text: tr.t('email.update.manage'), href: data.manageUrl },
    { text: tr.t('email.update.unsubscribe'), href: data.unsubscribeUrl },
  ];
}

import { en, type MessageKey } from './messages/en.ts';
import type { Translator } from './languages.ts';

/**
 * The subscribe flow's own messages (src/subscriptions/), which the use cases write
 * in English, in the reader's language. A message not listed (a webhook URL's
 * specific problem, say) stays in English rather than being guessed at.
 */
const KNOWN: readonly MessageKey[] = ['sub.err.email', 'sub.err.emailMissing', 'sub.err.emailLong', 'sub.err.unicode', 'sub.err.webhookMissing', 'sub.err.rate'];
const BY_ENGLISH = new Map<string, MessageKey>(KNOWN.map((key) => [en[key], key]));

export function translateFormErrors(tr: Translator, errors: Record<string, string>): Record<string, string> {
  if (tr.lang === 'en') return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const key = BY_ENGLISH.get(message);
      return [field, key === undefined ? message : tr.t(key)];
    }),
  );
}

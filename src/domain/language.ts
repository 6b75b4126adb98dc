/**
 * The languages of the public page, the subscribe flow and subscriber emails: the
 * vocabulary db/ and the domain types share. Their texts are in src/i18n/.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

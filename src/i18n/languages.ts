import { de } from './messages/de.ts';
import { en, type MessageKey, type Messages } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../domain/language.ts';

/**
 * The languages of the public page, the subscribe flow and subscriber emails.
 * Adding one: a catalogue in messages/ typed `Messages`, an entry here, and its
 * name in its own language (the switcher shows it).
 */
export { DEFAULT_LANGUAGE, isLanguage, type Language, LANGUAGES } from '../domain/language.ts';

export const CATALOGUES: Readonly<Record<Language, Messages>> = { en, de, fr, es };

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

/** Intl locales: American English keeps the page's existing "Nov 27, 2026" form. */
const INTL_LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

export function intlLocale(lang: Language): string {
  return INTL_LOCALES[lang];
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export type Vars = Readonly<Record<string, string | number>>;

export interface Translator {
  lang: Language;
  /** The text for `key` with `{name}` replaced; English when the language lacks the key. */
  t(key: MessageKey, vars?: Vars): string;
  /** The same for a key holding markup (`…Html`): the values are escaped, the markup kept. */
  html(key: MessageKey, vars?: Vars): string;
  /**
   * The text before and after the placeholder `{slot}`, for a sentence with markup
   * in it ("Updated {time}" around a <time>): [before, after], plain text.
   */
  around(key: MessageKey, slot: string, vars?: Vars): [string, string];
}

function fill(template: string, vars: Vars | undefined, escape: (s: string) => string): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? escape(String(vars[name])) : whole));
}

function lookup(lang: Language, key: MessageKey): string {
  // A catalogue always has every key (the type and a unit test make sure); English is the net.
  return (CATALOGUES[lang] as Partial<Messages>)[key] ?? en[key];
}

const translators = new Map<Language, Translator>();

export function translator(lang: Language | undefined): Translator {
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  let found = translators.get(language);
  if (!found) {
    found = {
      lang: language,
      t: (key, vars) => fill(lookup(language, key), vars, (s) => s),
      html: (key, vars) => fill(lookup(language, key), vars, escapeHtml),
      around: (key, slot, vars) => {
        const text = fill(lookup(language, key), vars, (v) => v);
        const at = text.indexOf(`{${slot}}`);
        return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + slot.length + 2)];
      },
    };
    translators.set(language, found);
  }
  return found;
}

import { DEFAULT_LANGUAGE, isLanguage, type Language, LANGUAGES } from './languages.ts';

/** The cookie that remembers a reader's choice from the switcher (a year). */
export const LANGUAGE_COOKIE = 'herald_lang';
/** The query parameter the switcher's links set: `?lang=de`. */
export const LANGUAGE_PARAM = 'lang';

interface Range {
  tag: string;
  q: number;
  order: number;
}

/** Accept-Language ranges (RFC 9110 §12.5.4), best first; malformed parts are skipped. */
export function parseAcceptLanguage(header: string | undefined): Range[] {
  if (!header) return [];
  const ranges: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = (rawTag ?? '').trim().toLowerCase();
    if (!/^([a-z]{1,8}(-[a-z0-9]{1,8})*|\*)$/.test(tag)) return;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(param);
      if (match) q = Math.min(1, Number(match[1]));
      else if (/^\s*q\s*=/i.test(param)) q = -1; // a malformed weight: the range is dropped
    }
    if (q >= 0) ranges.push({ tag, q, order });
  });
  // Highest weight first; the header's own order breaks ties.
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * The best of Herald's languages for an Accept-Language header, or null when none
 * is acceptable. A regional range matches its language (de-AT → de); `*` means any
 * language not named otherwise, so it picks `fallback`; q=0 refuses a language.
 */
export function negotiateLanguage(header: string | undefined, fallback: Language = DEFAULT_LANGUAGE): Language | null {
  const ranges = parseAcceptLanguage(header);
  // Refused tags as written: "de;q=0" refuses German, "de-AT;q=0" only its Austrian variant.
  const refused = new Set(ranges.filter((r) => r.q === 0).map((r) => r.tag));
  for (const range of ranges) {
    if (range.q === 0) break;
    if (range.tag === '*') {
      if (!refused.has(fallback)) return fallback;
      return LANGUAGES.find((l) => !refused.has(l)) ?? null;
    }
    const primary = range.tag.split('-')[0];
    if (isLanguage(primary) && !refused.has(primary)) return primary;
  }
  return null;
}

export interface LanguageInputs {
  /** The `lang` query parameter, if any. */
  param?: string | null;
  /** The herald_lang cookie, if any. */
  cookie?: string | null;
  acceptLanguage?: string;
  /** The page's default language (page settings). */
  pageDefault: Language;
}

/** An explicit choice (switcher link, then cookie), else Accept-Language, else the page's default. */
export function chooseLanguage(inputs: LanguageInputs): Language {
  if (isLanguage(inputs.param)) return inputs.param;
  if (isLanguage(inputs.cookie)) return inputs.cookie;
  return negotiateLanguage(inputs.acceptLanguage, inputs.pageDefault) ?? inputs.pageDefault;
}

/** One cookie's value from a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

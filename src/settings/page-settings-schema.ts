import { LANGUAGES } from '../i18n/languages.ts';
import { z } from 'zod';
import type { FooterLink } from '../domain/types.ts';
import { checkAccent, isHexColour } from './contrast.ts';

/**
 * Input of "save page settings", shared by /admin/settings and `herald page set`.
 * Accepts what the form sends: empty strings mean "none", footer links are one per
 * line as "Label | https://…".
 */

export const MAX_NAME_LENGTH = 80;
export const MAX_DESCRIPTION_LENGTH = 300;
export const MAX_FOOTER_LINKS = 8;

const blankToNull = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? null : value);

/** Only http(s): the URLs end up in links on the public page and in emails. */
const webUrl = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .max(500, 'Keep the address under 500 characters.')
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'Enter a full address starting with https://')
    .nullable(),
);

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** "Label | https://…" per line; blank lines ignored. Unparseable lines are kept for the error. */
export function parseFooterLinks(text: string): Array<{ label: string; url: string }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const bar = line.lastIndexOf('|');
      return bar === -1 ? { label: '', url: line } : { label: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() };
    });
}

export function formatFooterLinks(links: FooterLink[]): string {
  return links.map((link) => `${link.label} | ${link.url}`).join('\n');
}

const footerLink = z.object({
  label: z.string().trim().min(1, 'Each footer link needs a label before the “|”.').max(40, 'Keep footer link labels under 40 characters.'),
  url: z.string().trim().refine((value) => {
    try {
      return ['https:', 'http:', 'mailto:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Each footer link needs a full address after the “|” (https://… or mailto:…).'),
});

export const pageSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Enter the name of your company or product.').max(MAX_NAME_LENGTH, `Keep the name under ${MAX_NAME_LENGTH} characters.`),
  description: z.preprocess((v) => v ?? '', z.string().trim().max(MAX_DESCRIPTION_LENGTH, `Keep the description under ${MAX_DESCRIPTION_LENGTH} characters.`)),
  timeZone: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? 'Etc/UTC' : (v ?? 'Etc/UTC')),
    z.string().trim().refine(isTimeZone, 'Enter a time zone such as Europe/Berlin or America/New_York.'),
  ),
  language: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? 'en' : typeof v === 'string' ? v.trim().toLowerCase() : (v ?? 'en')),
    z.enum(LANGUAGES, { message: `Choose one of the page's languages: ${LANGUAGES.join(', ')}.` }),
  ),
  companyUrl: webUrl,
  supportUrl: webUrl,
  accent: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toLowerCase()) : (v ?? null)),
    z
      .string()
      .refine(isHexColour, 'Enter a colour as #RRGGBB, for example #0969da.')
      .superRefine((value, ctx) => {
        if (!isHexColour(value)) return;
        const check = checkAccent(value);
        if (check.problem) ctx.addIssue({ code: 'custom', message: check.problem });
      })
      .nullable(),
  ),
  footerLinks: z.preprocess(
    (v) => (typeof v === 'string' ? parseFooterLinks(v) : (v ?? [])),
    z.array(footerLink).max(MAX_FOOTER_LINKS, `Up to ${MAX_FOOTER_LINKS} footer links.`),
  ),
});

export type PageSettingsInput = z.output<typeof pageSettingsSchema>;

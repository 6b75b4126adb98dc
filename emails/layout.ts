import { escapeHtml, toHeaderText } from './escape.ts';

export interface FooterLine {
  text: string;
  /** A link for the whole line; http(s) or mailto only, anything else is shown as text. */
  href?: string;
}

/**
 * The page's brand, as every email carries it: the name (subject, header, text
 * part), and in the HTML part the logo and the accent colour when they are set.
 */
export interface EmailBrand {
  pageName: string;
  pageUrl: string;
  /** Absolute URL of the page's logo (PUBLIC_URL + /brand/logo?v=…); null or absent: the name in text. */
  logoUrl?: string | null;
  /**
   * #rrggbb, checked when saved: white text on it passes 4.5:1, so it is also
   * readable as link text on the white card. Null or absent: Herald's own colours.
   */
  accent?: string | null;
}

/** The brand fields of a template's data, passed on to renderEmail. */
export function brandOf(data: EmailBrand): EmailBrand {
  return { pageName: data.pageName, pageUrl: data.pageUrl, logoUrl: data.logoUrl ?? null, accent: data.accent ?? null };
}

export interface EmailLayoutInput extends EmailBrand {
  /** The language the email is written in (<html lang>); English when absent. */
  lang?: string;
  /** Shown by many clients next to the subject; plain text. */
  preheader: string;
  heading: string;
  /** Already-safe HTML: built from escaped values and sanitized Markdown only. */
  bodyHtml: string;
  bodyText: string;
  footerLines: FooterLine[];
  /** Optional banner above the heading, e.g. "INTERNAL"; plain text. */
  banner?: string;
}

/**
 * Colours chosen for contrast on white (all at least 4.5:1): the body text is
 * near-black, muted text is #4b5563, links are #1d4ed8.
 */
export const COLORS = Object.freeze({
  text: '#111827',
  muted: '#4b5563',
  link: '#1d4ed8',
  border: '#e5e7eb',
  background: '#f3f4f6',
  card: '#ffffff',
  banner: '#991b1b',
});

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Links in mail must be absolute web or mail links; a javascript: or data: URL never is. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(href);
}

/** An escaped <a> with our inline link style, or escaped text when the href is not safe. */
export function link(href: string, text: string): string {
  if (!isSafeHref(href)) return escapeHtml(text);
  return `<a href="${escapeHtml(href)}" style="color:${COLORS.link};text-decoration:underline;">${escapeHtml(text)}</a>`;
}

function footerLineHtml(line: FooterLine): string {
  return line.href === undefined ? escapeHtml(line.text) : link(line.href, line.text);
}

function footerLineText(line: FooterLine): string {
  return line.href === undefined ? line.text : `${line.text}: ${line.href}`;
}

const ACCENT = /^#[0-9a-f]{6}$/i;

/**
 * The header: the logo (alt text the page's name, so a client that blocks remote
 * images still shows the name) or the name, linked to the page, under a stripe of
 * the accent colour like the public page's header.
 */
function headerHtml(input: EmailLayoutInput, accent: string | null): string {
  const stripe = accent === null ? '' : `border-top:4px solid ${accent};border-radius:8px 8px 0 0;`;
  const logoUrl = input.logoUrl ?? null;
  const inner =
    logoUrl !== null && isSafeHref(input.pageUrl) && /^https?:\/\//i.test(logoUrl)
      ? `<a href="${escapeHtml(input.pageUrl)}" style="color:${accent ?? COLORS.link};text-decoration:none;"><img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(input.pageName)}" height="32" style="display:block;height:32px;width:auto;max-width:240px;border:0;font-size:15px;font-weight:600;"></a>`
      : link(input.pageUrl, input.pageName);
  return `<tr><td style="padding:16px 24px;border-bottom:1px solid ${COLORS.border};font-size:15px;font-weight:600;${stripe}">${inner}</td></tr>`;
}

/**
 * The one layout every Herald email shares. HTML mail clients strip <style> and
 * ignore most CSS, so the layout is a table, max 600px wide, with inline styles and
 * system fonts only. The only thing it loads is the page's logo, when one is set;
 * with remote content blocked its alt text (the page's name) stands in. The text
 * part reads on its own.
 */
export function renderEmail(input: EmailLayoutInput): { html: string; text: string } {
  const accent = input.accent && ACCENT.test(input.accent) ? input.accent.toLowerCase() : null;
  const banner =
    input.banner === undefined
      ? ''
      : `<tr><td style="padding:10px 24px;background:${COLORS.banner};color:#ffffff;font-weight:700;font-size:14px;letter-spacing:0.05em;">${escapeHtml(input.banner)}</td></tr>`;
  const footer = input.footerLines
    .map((line) => `<p style="margin:0 0 6px 0;">${footerLineHtml(line)}</p>`)
    .join('');

  const page = `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(toHeaderText(input.heading))}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.background};color:${COLORS.text};font-family:${FONT};">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(input.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLORS.background};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:${COLORS.card};border:1px solid ${COLORS.border};border-radius:8px;">
${headerHtml(input, accent)}
${banner}
<tr><td style="padding:24px 24px 8px 24px;">
<h1 style="margin:0 0 16px 0;font-size:22px;line-height:1.3;color:${COLORS.text};">${escapeHtml(input.heading)}</h1>
<div style="font-size:15px;line-height:1.6;color:${COLORS.text};">${input.bodyHtml}</div>
</td></tr>
<tr><td style="padding:16px 24px 24px 24px;border-top:1px solid ${COLORS.border};font-size:13px;line-height:1.5;color:${COLORS.muted};">${footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  // Links in the accent colour. Every link style is ours (escaped text cannot hold a
  // quote, sanitized Markdown has no style attributes), so this replaces only them.
  const html = accent === null ? page : page.replaceAll(`style="color:${COLORS.link};`, `style="color:${accent};`);

  const rule = '-'.repeat(40);
  const text = [
    input.pageName,
    ...(input.banner === undefined ? [] : [`*** ${input.banner} ***`]),
    '',
    input.heading,
    '='.repeat(Math.min(Math.max(input.heading.length, 3), 72)),
    '',
    input.bodyText.trim(),
    '',
    rule,
    ...input.footerLines.map(footerLineText),
    '',
  ].join('\n');

  return { html, text };
}

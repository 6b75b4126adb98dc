import { escapeHtml, toHeaderText } from './escape.ts';

export interface FooterLine {
  text: string;
  /** A link for the whole line; http(s) or mailto only, anything else is shown as text. */
  href?: string;
}

export interface EmailLayoutInput {
  pageName: string;
  pageUrl: string;
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

/**
 * The one layout every Herald email shares. HTML mail clients strip <style> and
 * ignore most CSS, so the layout is a table, max 600px wide, with inline styles and
 * system fonts only; it loads nothing (no images, no web fonts), so it looks the
 * same with remote content blocked. The text part reads on its own.
 */
export function renderEmail(input: EmailLayoutInput): { html: string; text: string } {
  const banner =
    input.banner === undefined
      ? ''
      : `<tr><td style="padding:10px 24px;background:${COLORS.banner};color:#ffffff;font-weight:700;font-size:14px;letter-spacing:0.05em;">${escapeHtml(input.banner)}</td></tr>`;
  const footer = input.footerLines
    .map((line) => `<p style="margin:0 0 6px 0;">${footerLineHtml(line)}</p>`)
    .join('');

  const html = `<!DOCTYPE html>
<html lang="en">
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
<tr><td style="padding:16px 24px;border-bottom:1px solid ${COLORS.border};font-size:15px;font-weight:600;">${link(input.pageUrl, input.pageName)}</td></tr>
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

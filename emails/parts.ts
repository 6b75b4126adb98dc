import { escapeHtml, toHeaderText } from './escape.ts';
import { COLORS, type FooterLine } from './layout.ts';

/**
 * Pieces the notification templates share, so that they all read the same. Templates
 * are pure functions of their data: words, dates and the rendered Markdown come in
 * already made (src/notifications/build-message.ts), so no template reaches into src/.
 */

export interface EmailComponent {
  name: string;
  /** The status in words: "Degraded performance". */
  statusLabel: string;
}

/** An update as the templates show it. */
export interface EmailUpdate {
  /** The update's sanitized HTML rendering (src/markdown.ts): the only HTML a template inserts unescaped. */
  bodyHtml: string;
  /** The Markdown source, for the text part. */
  bodyMarkdown: string;
  /** "Nov 27, 2026, 12:40 CET", in the page's zone. */
  publishedAtText: string;
}

/** "[Acme Cloud] Identified: API requests failing", one line whatever the input. */
export function notificationSubject(pageName: string, label: string, title: string): string {
  return `[${toHeaderText(pageName)}] ${toHeaderText(label)}: ${toHeaderText(title)}`;
}

export function paragraphHtml(html: string, muted = false): string {
  return `<p style="margin:0 0 16px 0;${muted ? `color:${COLORS.muted};` : ''}">${html}</p>`;
}

/** "Identified · Nov 27, 2026, 12:40 CET" above the update. */
export function statusLineHtml(statusWords: string, publishedAtText: string): string {
  return paragraphHtml(
    `<strong style="display:inline-block;padding:2px 8px;border:1px solid ${COLORS.text};border-radius:4px;">${escapeHtml(statusWords)}</strong> <span style="color:${COLORS.muted};">${escapeHtml(publishedAtText)}</span>`,
  );
}

export function statusLineText(statusWords: string, publishedAtText: string): string {
  return `${statusWords} - ${publishedAtText}`;
}

/**
 * The update itself. Bodies are Markdown written by staff: the HTML part gets the
 * sanitized rendering (the only unescaped HTML any template inserts), the text part
 * the Markdown source, which is already written to be read as text.
 */
export function updateBodyHtml(sanitizedHtml: string): string {
  // Sanitized output has no style attributes and only <a> has attributes at all, so
  // adding constant inline styles to exact tags cannot open anything up.
  const html = sanitizedHtml
    .replace(/<a /g, `<a style="color:${COLORS.link};text-decoration:underline;" `)
    .replace(/<(p|ul|ol|blockquote|pre)>/g, '<$1 style="margin:0 0 12px 0;">');
  return `<div style="margin:0 0 16px 0;padding:4px 0 4px 16px;border-left:3px solid ${COLORS.border};">${html}</div>`;
}

export function updateBodyText(markdown: string): string {
  return markdown.replace(/\r\n?/g, '\n').trim();
}

export function componentsHtml(components: EmailComponent[], heading = 'Affected components'): string {
  if (components.length === 0) return '';
  const rows = components
    .map(
      (component) =>
        `<tr><td style="padding:6px 12px 6px 0;border-bottom:1px solid ${COLORS.border};">${escapeHtml(component.name)}</td><td style="padding:6px 0;border-bottom:1px solid ${COLORS.border};color:${COLORS.muted};text-align:right;">${escapeHtml(component.statusLabel)}</td></tr>`,
    )
    .join('');
  return `<p style="margin:8px 0 4px 0;font-weight:600;">${escapeHtml(heading)}</p><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;font-size:14px;">${rows}</table>`;
}

export function componentsText(components: EmailComponent[], heading = 'Affected components'): string {
  if (components.length === 0) return '';
  return [`${heading}:`, ...components.map((c) => `- ${c.name}: ${c.statusLabel}`)].join('\n');
}

/** Blocks of the text part, separated by one blank line, empty ones left out. */
export function joinTextBlocks(blocks: string[]): string {
  return blocks.filter((block) => block.trim() !== '').join('\n\n');
}

/** The footer of mail sent because someone typed an address on the page (no subscription yet to leave). */
export function enteredOnPageFooter(pageName: string, pageUrl: string): FooterLine[] {
  return [
    { text: `You received this because your address was entered on the ${pageName} status page.` },
    { text: 'Status page', href: pageUrl },
  ];
}

import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Our own instance, so that no other module's `marked.use()` can change what we emit.
const marked = new Marked({ async: false, gfm: true, breaks: false });

const withRel: sanitizeHtml.Transformer = (tagName, attribs) => ({
  tagName,
  attribs: { ...attribs, rel: 'nofollow noopener noreferrer' },
});

/**
 * Update bodies are written by staff but shown to the public and mailed out, so the
 * allowlist is strict: no images or embeds (the page loads nothing from third
 * parties), no raw HTML, no attributes but a link's href. Headings are demoted
 * because the page already has its own h1 and h2.
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'hr', 'del'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
    a: withRel,
  },
};

/** Raw HTML elements the sanitizer keeps (some renamed); every other one it drops. */
const KEPT_ELEMENTS = new Set([...(SANITIZE_OPTIONS.allowedTags as string[]), ...Object.keys(SANITIZE_OPTIONS.transformTags ?? {})]);

/**
 * Finds raw HTML a person typed into Markdown that rendering would silently drop
 * (a <form>, <base>, <meta>, <object>, <img>, <div> … anything but the few kept
 * tags, or an event handler), so the form can refuse it with a message instead of
 * publishing something other than what was written. Code spans, fenced blocks and
 * backslash-escaped `\<` are text, not HTML, and are skipped. `what` names the
 * text in the message ("updates", "templates"). Returns the message, or null.
 */
export function findRefusedHtml(markdown: string, what = 'updates'): string | null {
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/(`+)[\s\S]*?\1/g, '');
  const refuse = (thing: string): string => `Remove the ${thing}: ${what} are Markdown, HTML is not allowed`;
  // The dangerous ones first, even written loosely ("< script").
  const dangerous = /<\s*(script|iframe|style)\b/i.exec(prose);
  if (dangerous) return refuse(`<${dangerous[1]!.toLowerCase()}> tag`);
  const handler = /<[a-z][^>]*?\s(on[a-z]+)\s*=/i.exec(prose);
  if (handler) return refuse(`${handler[1]!.toLowerCase()}= attribute`);
  // A real tag starts right after "<" (so "a < b" is prose) and its name ends at a
  // space, "/" or ">" (so <https://…> and <me@example.com> autolinks are links).
  for (const match of prose.matchAll(/(?<!\\)<\/?([a-z][a-z0-9-]*)(?=[\s/>])/gi)) {
    const name = match[1]!.toLowerCase();
    if (!KEPT_ELEMENTS.has(name)) return refuse(`<${name}> tag`);
  }
  if (/(?<!\\)<!--/.test(prose)) return refuse('HTML comment');
  return null;
}

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }), SANITIZE_OPTIONS);
}

const RENDERED_LIMIT = 5_000;
const rendered = new Map<string, string>();

/**
 * renderMarkdown, remembered for the most recent texts (the same function of the
 * same text): every snapshot rebuild renders the same updates again, and Markdown
 * plus sanitizing is most of a rebuild's time.
 */
export function renderMarkdownCached(markdown: string): string {
  let html = rendered.get(markdown);
  if (html === undefined) {
    html = renderMarkdown(markdown);
    if (rendered.size >= RENDERED_LIMIT) rendered.delete(rendered.keys().next().value as string);
  } else rendered.delete(markdown);
  rendered.set(markdown, html);
  return html;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of sanitized HTML: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h[1-6]|\/blockquote|\/pre)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
      }
      return NAMED_ENTITIES[name.toLowerCase()] ?? match;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

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

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }), SANITIZE_OPTIONS);
}

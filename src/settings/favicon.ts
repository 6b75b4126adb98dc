import type { Result } from '../domain/result.ts';
import { readPng } from './logo.ts';

/**
 * Checks an uploaded favicon: a PNG, or an SVG (the format browsers prefer for tab
 * icons, sharp at every size). Unlike the logo, SVG is accepted here because a
 * favicon is tiny and simple, so a strict check is practical: only drawing elements,
 * no scripts, event handlers, style sheets, entities or references outside the
 * file. What does not pass is refused, never rewritten (the admin re-exports). The
 * route also serves it with a Content-Security-Policy that blocks scripts and
 * sandboxes the document, in case it is opened on its own. Pure: no I/O.
 */

export const MAX_FAVICON_BYTES = 64 * 1024;
export const MAX_FAVICON_SIDE = 512;
export const FAVICON_TYPES = ['image/png', 'image/svg+xml'] as const;
export type FaviconType = (typeof FAVICON_TYPES)[number];

export interface CheckedFavicon {
  bytes: Uint8Array;
  type: FaviconType;
}

/** Elements an icon is drawn with; anything else (script, style, foreignObject, image, a, …) is refused. */
const SVG_ELEMENTS = new Set([
  'svg', 'g', 'path', 'circle', 'ellipse', 'rect', 'line', 'polyline', 'polygon', 'defs', 'symbol', 'use',
  'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'title', 'desc', 'text', 'tspan', 'metadata',
]);

const refuse = (message: string): Result<CheckedFavicon> => ({ ok: false, errors: { favicon: message } });

function checkSvg(bytes: Uint8Array): Result<CheckedFavicon> {
  const neither = 'The file is neither a PNG nor an SVG image.';
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(neither); // binary: a JPEG, an ICO, …
  }
  // The prolog (BOM, XML declaration, comments) may precede the root element.
  const body = source.replace(/^\uFEFF/, '').replace(/^\s*(<\?xml\s[^?]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/, '');
  if (!/^<svg[\s>]/i.test(body) || !/<\/svg>\s*$/i.test(body)) return refuse(neither);
  const problem =
    /<!DOCTYPE|<!ENTITY|<!\[CDATA\[|<\?xml-stylesheet/i.test(body) ? 'a document type, entities or CDATA'
    : /\son[a-z]+\s*=/i.test(body) ? 'event handlers (on… attributes)'
    : /javascript:|data:|@import/i.test(body) ? 'script or data links'
    : /url\(\s*['"]?(?!#)/i.test(body) ? 'references to other files'
    : /\s(?:xlink:)?href\s*=\s*(["'])(?!#)/i.test(body) ? 'links to other files'
    : null;
  if (problem !== null) return refuse(`The SVG contains ${problem}, which a favicon must not. Export a plain SVG, or a PNG.`);
  for (const match of body.matchAll(/<\s*\/?\s*([a-zA-Z][\w:.-]*)/g)) {
    const name = match[1]!.toLowerCase();
    if (!SVG_ELEMENTS.has(name)) return refuse(`The SVG contains a <${match[1]}> element; a favicon may only draw shapes. Export a plain SVG, or a PNG.`);
  }
  return { ok: true, value: { bytes, type: 'image/svg+xml' } };
}

export function checkFavicon(bytes: Uint8Array): Result<CheckedFavicon> {
  if (bytes.length === 0) return refuse('Choose a PNG or SVG file to upload.');
  if (bytes.length > MAX_FAVICON_BYTES) return refuse(`The favicon is ${Math.ceil(bytes.length / 1024)} KB; the most is ${MAX_FAVICON_BYTES / 1024} KB. Export it smaller.`);
  const png = readPng(bytes);
  if (png === null) return checkSvg(bytes);
  if (png.width === 0 || png.height === 0 || png.width > MAX_FAVICON_SIDE || png.height > MAX_FAVICON_SIDE) {
    return refuse(`The favicon is ${png.width}×${png.height} pixels; each side must be between 1 and ${MAX_FAVICON_SIDE}.`);
  }
  if (!png.complete) return refuse('The PNG file is incomplete or damaged. Export it again.');
  return { ok: true, value: { bytes, type: 'image/png' } };
}

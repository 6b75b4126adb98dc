import { describe, expect, it } from 'vitest';
import { checkFavicon, MAX_FAVICON_BYTES } from '../../src/settings/favicon.ts';
import { solidPng } from '../support/png.ts';

const svg = (source: string): Uint8Array => new TextEncoder().encode(source);
const refusal = (bytes: Uint8Array): string | undefined => {
  const result = checkFavicon(bytes);
  return result.ok ? undefined : result.errors['favicon'];
};
const PLAIN_SVG =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>Acme</title><defs><linearGradient id="g"><stop offset="0" stop-color="#8250df"/></linearGradient></defs><circle cx="16" cy="16" r="14" fill="url(#g)"/><use href="#c"/></svg>\n';

describe('checkFavicon', () => {
  it('accepts a small PNG and a plain SVG, with their types', () => {
    const png = checkFavicon(solidPng(32, 32));
    expect(png.ok && png.value.type).toBe('image/png');
    const plain = checkFavicon(svg(PLAIN_SVG));
    expect(plain.ok && plain.value.type).toBe('image/svg+xml');
  });

  it('refuses other file types', () => {
    expect(refusal(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toBe('The file is neither a PNG nor an SVG image.');
    expect(refusal(svg('GIF89a'))).toBe('The file is neither a PNG nor an SVG image.');
    expect(refusal(svg('<html><svg></svg></html>'))).toBe('The file is neither a PNG nor an SVG image.');
    expect(refusal(new Uint8Array())).toBe('Choose a PNG or SVG file to upload.');
  });

  it('refuses a file over the limit and a PNG too large to be an icon, saying by how much', () => {
    const big = new Uint8Array(MAX_FAVICON_BYTES + 1);
    big.set(solidPng(1, 1));
    expect(refusal(big)).toBe('The favicon is 65 KB; the most is 64 KB. Export it smaller.');
    expect(refusal(solidPng(513, 16))).toBe('The favicon is 513×16 pixels; each side must be between 1 and 512.');
    expect(refusal(solidPng(16, 16).subarray(0, 60))).toBe('The PNG file is incomplete or damaged. Export it again.');
  });

  it('refuses SVG that could run script or load anything', () => {
    const wrap = (inner: string, attrs = ''): Uint8Array => svg(`<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${inner}</svg>`);
    expect(refusal(wrap('<script>alert(1)</script>'))).toContain('<script> element');
    expect(refusal(wrap('<circle r="4"/>', ' onload="alert(1)"'))).toContain('event handlers');
    expect(refusal(wrap('<style>@import url(https://x.test/a.css)</style>'))).toContain('script or data links');
    expect(refusal(wrap('<style>circle{fill:red}</style>'))).toContain('<style> element');
    expect(refusal(wrap('<foreignObject><div/></foreignObject>'))).toContain('<foreignObject> element');
    expect(refusal(wrap('<image href="https://x.test/a.png"/>'))).toContain('links to other files');
    expect(refusal(wrap('<a href="javascript:alert(1)"><circle r="4"/></a>'))).toContain('script or data links');
    expect(refusal(wrap('<use xlink:href="other.svg#x"/>'))).toContain('links to other files');
    expect(refusal(wrap('<rect fill="url(https://x.test/p)"/>'))).toContain('references to other files');
    expect(refusal(svg('<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>'))).toBe('The file is neither a PNG nor an SVG image.');
    expect(refusal(wrap('<![CDATA[x]]>'))).toContain('CDATA');
  });
});

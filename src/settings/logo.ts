import type { Result } from '../domain/result.ts';

/**
 * Checks an uploaded logo. PNG only, on purpose: an SVG is a document that can carry
 * scripts, external references and CSS, and it would be served from the status
 * page's own origin; an allowlist sanitiser for SVG is a large surface to get right
 * for little gain (any logo exports to PNG). Pure: no I/O.
 */

export const MAX_LOGO_BYTES = 256 * 1024;
export const MAX_LOGO_SIDE = 2048;
export const LOGO_TYPE = 'image/png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface CheckedLogo {
  bytes: Uint8Array;
  type: typeof LOGO_TYPE;
  width: number;
  height: number;
}

const ascii = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));

/** A PNG's size from its header, and whether it ends as a PNG must; null when it is not a PNG. */
export function readPng(bytes: Uint8Array): { width: number; height: number; complete: boolean } | null {
  const isPng = bytes.length >= 33 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte) && ascii(bytes, 12) === 'IHDR';
  if (!isPng) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), complete: ascii(bytes, bytes.length - 8) === 'IEND' };
}

export function checkLogo(bytes: Uint8Array): Result<CheckedLogo> {
  const refuse = (message: string): Result<CheckedLogo> => ({ ok: false, errors: { logo: message } });
  if (bytes.length === 0) return refuse('Choose a PNG file to upload.');
  if (bytes.length > MAX_LOGO_BYTES) return refuse(`The logo is ${Math.ceil(bytes.length / 1024)} KB; the most is ${MAX_LOGO_BYTES / 1024} KB. Export it smaller.`);
  const png = readPng(bytes);
  if (png === null) return refuse('The logo must be a PNG file (export SVG or JPEG logos as PNG).');
  const { width, height } = png;
  if (width === 0 || height === 0 || width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE) {
    return refuse(`The logo is ${width}×${height} pixels; each side must be between 1 and ${MAX_LOGO_SIDE}.`);
  }
  if (!png.complete) return refuse('The PNG file is incomplete or damaged. Export it again.');
  return { ok: true, value: { bytes, type: LOGO_TYPE, width, height } };
}

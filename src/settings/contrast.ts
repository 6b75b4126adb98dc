/**
 * WCAG 2.x contrast for the page's accent colour. Pure: no I/O.
 *
 * How the accent is used decides the rule. One colour cannot be readable *text* on
 * both a white and a near-black page (it would need a luminance below 0.18 and above
 * 0.20 at once), so the accent is used as a fill: the stripe above the header and
 * the background of accent buttons, with white text on it. Hence two checks:
 * - white text on the accent: at least 4.5:1 (WCAG AA, 1.4.3 normal text);
 * - the accent against the light and the dark page background: at least 3:1
 *   (WCAG AA, 1.4.11 non-text contrast), so the stripe and buttons stay visible.
 */

/** Page backgrounds of styles/public.css (--bg), light and dark. */
export const LIGHT_BACKGROUND = '#f6f8fa';
export const DARK_BACKGROUND = '#0d1117';
const WHITE = '#ffffff';

export const TEXT_MINIMUM = 4.5;
export const NON_TEXT_MINIMUM = 3;

const HEX = /^#([0-9a-f]{6})$/i;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (WCAG definition) of #rrggbb. */
export function relativeLuminance(hex: string): number {
  const match = HEX.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const n = Number.parseInt(match[1]!, 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Contrast ratio between two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface AccentCheck {
  ok: boolean;
  whiteText: number;
  onLight: number;
  onDark: number;
  /** Why it was refused, in words for the admin; null when it passes. */
  problem: string | null;
}

const round = (ratio: number): string => `${Math.floor(ratio * 100) / 100}:1`;

/** Checks an accent colour against the rules above. */
export function checkAccent(hex: string): AccentCheck {
  const whiteText = contrastRatio(WHITE, hex);
  const onLight = contrastRatio(hex, LIGHT_BACKGROUND);
  const onDark = contrastRatio(hex, DARK_BACKGROUND);
  let problem: string | null = null;
  if (whiteText < TEXT_MINIMUM) {
    problem = `White text on ${hex} has a contrast of ${round(whiteText)}; WCAG AA needs ${TEXT_MINIMUM}:1. Choose a darker colour.`;
  } else if (onLight < NON_TEXT_MINIMUM) {
    problem = `${hex} stands out from the light page background at only ${round(onLight)}; WCAG AA needs ${NON_TEXT_MINIMUM}:1. Choose a darker colour.`;
  } else if (onDark < NON_TEXT_MINIMUM) {
    problem = `${hex} stands out from the dark page background at only ${round(onDark)}; WCAG AA needs ${NON_TEXT_MINIMUM}:1. Choose a brighter colour.`;
  }
  return { ok: problem === null, whiteText, onLight, onDark, problem };
}

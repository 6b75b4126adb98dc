import { describe, expect, it } from 'vitest';
import { checkLogo, MAX_LOGO_BYTES } from '../../src/settings/logo.ts';
import { solidPng } from '../support/png.ts';

const refusal = (bytes: Uint8Array): string | undefined => {
  const result = checkLogo(bytes);
  return result.ok ? undefined : result.errors['logo'];
};

describe('checkLogo', () => {
  it('accepts a PNG and reads its size', () => {
    const result = checkLogo(solidPng(40, 20));
    expect(result.ok && { width: result.value.width, height: result.value.height, type: result.value.type }).toEqual({ width: 40, height: 20, type: 'image/png' });
  });

  it('refuses SVG, even a harmless-looking one, and says to export PNG', () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(refusal(svg)).toContain('must be a PNG');
  });

  it('refuses an empty, truncated or oversized file', () => {
    expect(refusal(new Uint8Array())).toContain('Choose a PNG');
    const png = solidPng(10, 10);
    expect(refusal(png.subarray(0, png.length - 12))).toContain('incomplete');
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(png);
    expect(refusal(big)).toContain('the most is 256 KB');
  });

  it('refuses absurd dimensions', () => {
    expect(refusal(solidPng(4000, 1))).toContain('4000×1 pixels');
  });
});

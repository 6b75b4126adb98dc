import { describe, expect, it } from 'vitest';
import { checkAccent, contrastRatio, relativeLuminance } from '../../src/settings/contrast.ts';
import { parseFooterLinks, pageSettingsSchema } from '../../src/settings/page-settings-schema.ts';
import { siteTitle } from '../../src/settings/site-title.ts';
import { parseInput } from '../../src/domain/validation.ts';

describe('contrast', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // #767676 is the well-known lightest grey passing 4.5:1 on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(relativeLuminance('#FFFFFF')).toBe(1);
  });

  it('accepts accents that work as a fill in light and dark mode', () => {
    for (const accent of ['#0969da', '#1a7f37', '#8250df']) expect(checkAccent(accent)).toMatchObject({ ok: true, problem: null });
  });

  it('refuses a light accent: white text on it is unreadable', () => {
    const check = checkAccent('#ffd33d');
    expect(check.ok).toBe(false);
    expect(check.problem).toContain('White text on #ffd33d');
    expect(check.problem).toContain('4.5:1');
  });

  it('refuses a near-black accent: invisible on the dark page', () => {
    const check = checkAccent('#111111');
    expect(check.ok).toBe(false);
    expect(check.problem).toContain('dark page background');
  });
});

describe('site title', () => {
  it('appends "Status" once, never twice', () => {
    expect(siteTitle('Acme')).toBe('Acme Status');
    expect(siteTitle('Status')).toBe('Status');
    expect(siteTitle('Acme Status')).toBe('Acme Status');
    expect(siteTitle('Acme status page')).toBe('Acme status page');
  });
});

describe('page settings schema', () => {
  const base = { name: 'Acme', description: '', timeZone: '', companyUrl: '', supportUrl: '', accent: '', footerLinks: '' };

  it('turns empty fields into defaults and nulls', () => {
    const result = parseInput(pageSettingsSchema, base);
    expect(result).toEqual({ ok: true, value: { name: 'Acme', description: '', timeZone: 'Etc/UTC', language: 'en', companyUrl: null, supportUrl: null, accent: null, footerLinks: [] } });
  });

  it('takes one of the page languages as the default, and refuses others', () => {
    expect(parseInput(pageSettingsSchema, { ...base, language: 'DE' })).toMatchObject({ ok: true, value: { language: 'de' } });
    expect(parseInput(pageSettingsSchema, { ...base, language: 'nl' })).toMatchObject({ ok: false, errors: { language: "Choose one of the page's languages: en, de, fr, es." } });
  });

  it('parses footer links and lower-cases the accent', () => {
    const result = parseInput(pageSettingsSchema, { ...base, accent: '#0969DA', footerLinks: 'Privacy | https://acme.test/privacy\n\nContact | mailto:ops@acme.test' });
    expect(result.ok && result.value.accent).toBe('#0969da');
    expect(result.ok && result.value.footerLinks).toEqual([
      { label: 'Privacy', url: 'https://acme.test/privacy' },
      { label: 'Contact', url: 'mailto:ops@acme.test' },
    ]);
  });

  it('says what is wrong, per field', () => {
    const result = parseInput(pageSettingsSchema, { ...base, name: ' ', timeZone: 'Mars/Olympus', companyUrl: 'javascript:alert(1)', accent: 'blue', footerLinks: 'no label here' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['name']).toBe('Enter the name of your company or product.');
    expect(result.errors['timeZone']).toContain('Europe/Berlin');
    expect(result.errors['companyUrl']).toContain('https://');
    expect(result.errors['accent']).toContain('#RRGGBB');
    expect(result.errors['footerLinks.0.label']).toContain('label');
  });

  it('refuses an accent failing contrast with the reason', () => {
    const result = parseInput(pageSettingsSchema, { ...base, accent: '#ffff00' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors['accent']).toMatch(/WCAG AA/);
  });

  it('keeps a line without "|" as a link without label (refused later)', () => {
    expect(parseFooterLinks('https://x.test')).toEqual([{ label: '', url: 'https://x.test' }]);
  });
});

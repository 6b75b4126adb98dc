import { describe, expect, it } from 'vitest';
import { alreadySubscribedEmail } from '../../emails/already-subscribed.ts';
import { confirmSubscriptionEmail } from '../../emails/confirm-subscription.ts';
import { postmortemEmail } from '../../emails/postmortem.ts';
import { dayText, monthText, percentText } from '../../src/i18n/format.ts';
import { CATALOGUES, LANGUAGES, translator } from '../../src/i18n/languages.ts';
import { en } from '../../src/i18n/messages/en.ts';
import { chooseLanguage, negotiateLanguage, parseAcceptLanguage } from '../../src/i18n/negotiate.ts';
import { instantText } from '../../src/i18n/time-text.ts';
import type { TimeZone } from '../../src/time/time-zone.ts';

describe('message catalogues', () => {
  const englishKeys = Object.keys(en).sort();

  it.each(LANGUAGES.map((lang) => [lang]))('%s has exactly the English keys, none empty', (lang) => {
    const catalogue = CATALOGUES[lang] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual(englishKeys);
    for (const key of englishKeys) expect(catalogue[key]?.trim(), `${lang} ${key}`).not.toBe('');
  });

  it.each(LANGUAGES.map((lang) => [lang]))('%s keeps every placeholder of the English text', (lang) => {
    const catalogue = CATALOGUES[lang] as Record<string, string>;
    const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of englishKeys) expect(placeholders(catalogue[key] ?? ''), `${lang} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
  });

  it('translates the terms people know from Statuspage', () => {
    expect(translator('de').t('indicator.none')).toBe('Alle Systeme betriebsbereit');
    expect(translator('fr').t('indicator.none')).toBe('Tous les systèmes sont opérationnels');
    expect(translator('es').t('indicator.none')).toBe('Todos los sistemas operativos');
    expect(translator('de').t('history.incidents')).toBe('Störungen');
    expect(translator('es').t('impact.maintenance')).toBe('Mantenimiento');
  });

  it('fills values, escaping them in markup, and falls back to English for an unknown language', () => {
    expect(translator('de').t('home.affects', { names: 'API, Web' })).toBe('Betrifft API, Web');
    expect(translator('en').html('unsub.stopHtml', { email: '<a@b.c>' })).toBe('Stop all status emails to <strong>&lt;a@b.c&gt;</strong>.');
    expect(translator('xx' as never).t('layout.history')).toBe('History');
    expect(translator('fr').around('home.updated', 'time')).toEqual(['Mis à jour le ', '']);
  });
});

describe('Accept-Language negotiation', () => {
  it('reads weights and keeps the header order for equal weights', () => {
    expect(parseAcceptLanguage('fr;q=0.5, de, es;q=0.9').map((r) => r.tag)).toEqual(['de', 'es', 'fr']);
    expect(parseAcceptLanguage('en, fr').map((r) => r.tag)).toEqual(['en', 'fr']);
    expect(parseAcceptLanguage('de;q=abc, fr').map((r) => r.tag)).toEqual(['fr']);
  });

  it('picks the highest weighted language Herald has', () => {
    expect(negotiateLanguage('de')).toBe('de');
    expect(negotiateLanguage('ja, fr;q=0.8, de;q=0.9')).toBe('de');
    expect(negotiateLanguage('en-US,en;q=0.9,es;q=0.8')).toBe('en');
    expect(negotiateLanguage('nl, es;q=0.1')).toBe('es');
  });

  it('maps regional variants to their language', () => {
    expect(negotiateLanguage('de-AT')).toBe('de');
    expect(negotiateLanguage('fr-CA,fr;q=0.9')).toBe('fr');
    expect(negotiateLanguage('es-419')).toBe('es');
    expect(negotiateLanguage('DE-ch')).toBe('de');
  });

  it('takes * as any language, preferring the page default, and honours q=0', () => {
    expect(negotiateLanguage('ja, *;q=0.5', 'fr')).toBe('fr');
    expect(negotiateLanguage('*', 'es')).toBe('es');
    expect(negotiateLanguage('de;q=0, *', 'de')).toBe('en');
    expect(negotiateLanguage('fr;q=0, de;q=0')).toBeNull();
    expect(negotiateLanguage('ja, zh')).toBeNull();
    expect(negotiateLanguage(undefined)).toBeNull();
    expect(negotiateLanguage('')).toBeNull();
  });

  it('lets an explicit choice win over the browser, and the page default come last', () => {
    expect(chooseLanguage({ param: 'es', cookie: 'fr', acceptLanguage: 'de', pageDefault: 'en' })).toBe('es');
    expect(chooseLanguage({ cookie: 'fr', acceptLanguage: 'de', pageDefault: 'en' })).toBe('fr');
    expect(chooseLanguage({ cookie: 'xx', acceptLanguage: 'de-AT', pageDefault: 'en' })).toBe('de');
    expect(chooseLanguage({ acceptLanguage: 'ja', pageDefault: 'fr' })).toBe('fr');
    expect(chooseLanguage({ pageDefault: 'es' })).toBe('es');
  });
});

describe('dates and numbers for the language', () => {
  const berlin = 'Europe/Berlin' as TimeZone;
  const at = new Date('2026-11-27T11:40:00Z');

  it('writes instants with Intl, in the page zone, with the zone named', () => {
    expect(instantText('en', at, berlin)).toBe('Nov 27, 2026, 12:40 CET');
    expect(instantText('de', at, berlin)).toBe('27. Nov. 2026, 12:40 CET');
    expect(instantText('fr', at, berlin)).toBe('27 nov. 2026, 12:40 CET');
    expect(instantText('es', at, berlin, 'time')).toBe('12:40 CET');
  });

  it('writes days, months and percentages the way each language does', () => {
    expect(dayText('en', '2026-11-03')).toBe('Nov 3, 2026');
    expect(dayText('de', '2026-11-03')).toBe('3. Nov. 2026');
    expect(monthText('fr', '2026-11')).toBe('novembre 2026');
    expect(monthText('es', '2026-11')).toBe('noviembre de 2026');
    expect(percentText('en', 0.997)).toBe('99.70%');
    expect(percentText('de', 0.997)).toBe('99,70\u00a0%');
    expect(percentText('fr', 0.99999)).toMatch(/^99,99[\u00a0\u202f]%$/);
  });
});

describe('subscriber emails in their language', () => {
  const brand = { pageName: 'Acme Cloud', pageUrl: 'https://status.example.com', logoUrl: null, accent: null };

  it('writes the confirmation, "already subscribed" and postmortem emails in it, and English without one', () => {
    const confirm = confirmSubscriptionEmail({ ...brand, confirmUrl: 'https://status.example.com/subscribe/confirm?token=a.b', components: null, expiresInHours: 48, language: 'fr' });
    expect(confirm.subject).toBe('[Acme Cloud] Confirmez votre abonnement');
    expect(confirm.text).toContain('Composants\u00a0: tous les composants');
    expect(confirm.html).toContain('<html lang="fr"');
    expect(confirmSubscriptionEmail({ ...brand, confirmUrl: 'https://x.test/c', components: ['API'], expiresInHours: 48 }).text).toContain('The link expires in 48 hours.');

    const already = alreadySubscribedEmail({ ...brand, manageUrl: 'https://status.example.com/subscribe/manage?token=t', language: 'es' });
    expect(already.subject).toBe('[Acme Cloud] Ya está suscrito');
    expect(already.text).toContain('Para cambiar los componentes que sigue o darse de baja:');
    expect(already.html).toContain('gestionar su suscripción</a>');

    const postmortem = postmortemEmail({
      ...brand,
      incident: { title: 'API requests failing', url: 'https://status.example.com/incidents/i#postmortem' },
      postmortem: { bodyHtml: '<p>What happened.</p>', bodyMarkdown: 'What happened.', publishedAtText: '27. Nov. 2026, 12:40 CET' },
      unsubscribeUrl: 'https://status.example.com/unsubscribe?token=t',
      manageUrl: 'https://status.example.com/subscribe/manage?token=t',
      language: 'de',
    });
    expect(postmortem.subject).toBe('[Acme Cloud] Nachbetrachtung: API requests failing');
    expect(postmortem.text).toContain('Auf der Statusseite lesen:');
    expect(postmortem.text).toContain('What happened.');
  });
});

describe('the subscribe form\'s messages', () => {
  it('are shown in the reader\'s language, the ones the catalogue knows; others stay as written', async () => {
    const { translateFormErrors } = await import('../../src/i18n/form-errors.ts');
    const { EMAIL_MESSAGE, UNICODE_LOCAL_PART_MESSAGE } = await import('../../src/subscriptions/email-address.ts');
    // The English entries must stay the use cases' own words, or nothing is recognised.
    expect(en['sub.err.email']).toBe(EMAIL_MESSAGE);
    expect(en['sub.err.unicode']).toBe(UNICODE_LOCAL_PART_MESSAGE);
    expect(translateFormErrors(translator('de'), { email: EMAIL_MESSAGE, webhookUrl: 'Something specific' })).toEqual({
      email: 'Geben Sie eine E-Mail-Adresse wie name@example.com ein',
      webhookUrl: 'Something specific',
    });
    expect(translateFormErrors(translator('en'), { email: EMAIL_MESSAGE })).toEqual({ email: EMAIL_MESSAGE });
  });
});

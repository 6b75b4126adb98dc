import { describe, expect, it } from 'vitest';
import { EMAIL_MESSAGE, emailAddress, UNICODE_LOCAL_PART_MESSAGE } from '../../src/subscriptions/email-address.ts';

const parse = (value: string): { ok: boolean; value?: string; message?: string } => {
  const result = emailAddress.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.issues[0]?.message };
};

describe('emailAddress', () => {
  it('accepts internationalised domains and keeps them in punycode, which every mail server reads', () => {
    expect(parse('ops@bücher.example')).toEqual({ ok: true, value: 'ops@xn--bcher-kva.example' });
    expect(parse(' status@例え.jp ')).toEqual({ ok: true, value: 'status@xn--r8jz45g.jp' });
    expect(parse('Ops@MÜNCHEN.de')).toEqual({ ok: true, value: 'Ops@xn--mnchen-3ya.de' });
    expect(parse('plain@example.com')).toEqual({ ok: true, value: 'plain@example.com' });
  });

  it('refuses a non-ASCII part before the @ and says why', () => {
    expect(parse('отдел@example.ru')).toEqual({ ok: false, message: UNICODE_LOCAL_PART_MESSAGE });
  });

  it('still refuses malformed addresses and line breaks', () => {
    for (const bad of ['no-at-sign', '@example.com', 'a@', 'a@b..c', 'a@example.com\r\nBcc: x@evil.example']) expect(parse(bad), bad).toEqual({ ok: false, message: EMAIL_MESSAGE });
  });
});

import { domainToASCII } from 'node:url';
import { z } from 'zod';

export const EMAIL_MESSAGE = 'Enter an email address like name@example.com';
export const UNICODE_LOCAL_PART_MESSAGE =
  'Use an address whose part before the @ is in plain Latin letters, digits and . _ + - : addresses like отдел@… need SMTPUTF8, which many mail servers do not support, so mail to them could be lost.';

/**
 * Internationalised domain names are accepted and kept in their ASCII (punycode)
 * form, which every mail server understands: "ops@bücher.example" is stored and
 * mailed as "ops@xn--bcher-kva.example". A non-ASCII part before the @ is refused
 * with a message saying why (it needs SMTPUTF8 end to end).
 */
function toAsciiDomain(value: string, context: z.RefinementCtx): string {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return value; // z.email() explains
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (/[^\u0000-\u007f]/.test(local)) {
    context.addIssue({ code: 'custom', message: UNICODE_LOCAL_PART_MESSAGE });
    return z.NEVER;
  }
  if (!/[^\u0000-\u007f]/.test(domain)) return value;
  const ascii = domainToASCII(domain.toLowerCase());
  if (ascii === '') {
    context.addIssue({ code: 'custom', message: EMAIL_MESSAGE });
    return z.NEVER;
  }
  return `${local}@${ascii}`;
}

/**
 * An email address as typed in a form. CR, LF and other control characters are
 * refused before anything else (trimming would hide them): an address is put in a
 * To: header, so a line break in it is a header-injection attempt.
 */
export const emailAddress = z
  .string({ error: EMAIL_MESSAGE })
  .max(320, 'That is too long for an email address')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), EMAIL_MESSAGE)
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'Enter your email address').transform(toAsciiDomain).pipe(z.email({ error: EMAIL_MESSAGE })));

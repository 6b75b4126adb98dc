import { z } from 'zod';

export const EMAIL_MESSAGE = 'Enter an email address like name@example.com';

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
  .pipe(z.string().min(1, 'Enter your email address').pipe(z.email({ error: EMAIL_MESSAGE })));

import { z } from 'zod';
import { isScope, type Scope, SCOPES } from './scopes.ts';

/** How long a new token lives: "90d", "12h", or blank / "never" for no expiry. */
export const EXPIRY_CHOICES = [
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** "90d" → milliseconds; null for "never" or blank; undefined when it is not a duration. */
export function parseExpiresIn(text: string): number | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'never') return null;
  const match = /^(\d{1,4})\s*([dh])$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (amount < 1) return undefined;
  return match[2] === 'd' ? amount * DAY_MS : amount * 60 * 60 * 1000;
}

const MAX_EXPIRY_MS = 5 * 365 * DAY_MS;

/** Scopes from checkboxes (an array), one value, or a comma-separated list (the CLI). */
const scopesField = z
  .union([z.string(), z.array(z.string())], { error: 'Choose at least one scope.' })
  .optional()
  .transform((value, context): Scope[] => {
    const list = (Array.isArray(value) ? value : (value ?? '').split(',')).map((s) => s.trim()).filter((s) => s !== '');
    const unknown = list.filter((s) => !isScope(s));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', message: `Unknown scope ${unknown.map((s) => `“${s}”`).join(', ')}: choose from ${SCOPES.join(', ')}.` });
      return z.NEVER;
    }
    if (list.length === 0) {
      context.addIssue({ code: 'custom', message: 'Choose at least one scope.' });
      return z.NEVER;
    }
    // In the canonical order, once each.
    return SCOPES.filter((scope) => list.includes(scope));
  });

export const tokenFields = {
  name: z
    .string({ error: 'Give the token a name.' })
    .trim()
    .min(1, 'Give the token a name, such as “deploy script” or “Terraform”: the audit log shows it.')
    .max(80, 'Keep the name under 80 characters.'),
  scopes: scopesField,
  expiresIn: z
    .string({ error: 'Choose when the token expires.' })
    .optional()
    .transform((value, context): number | null => {
      const ms = parseExpiresIn(value ?? '');
      if (ms === undefined || (ms !== null && ms > MAX_EXPIRY_MS)) {
        context.addIssue({ code: 'custom', message: 'Give the expiry as a number of days (90d) or hours (12h), at most 5 years, or “never”.' });
        return z.NEVER;
      }
      return ms;
    }),
};

import type { z } from 'zod';
import type { FieldErrors, Result } from '../domain/result.ts';

/**
 * Parses input with a zod schema into a Result: on failure, one message per field
 * (the first), keyed by the field's path joined with dots ("components.0.status").
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length === 0 ? '_form' : issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * FormData as a plain object for zod: a field sent once is a string, a field sent
 * several times (checkboxes, multi-selects) an array of strings. Files are ignored.
 */
export function formToObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

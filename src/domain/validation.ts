import type { z } from 'zod';
import type { FieldErrors, Result } from './result.ts';

/**
 * Parses a use case's input with a zod schema into a Result: on failure, one message
 * per field (the first), keyed by the field's path joined with dots
 * ("components.0.status"). It lives in the domain, not in src/http/, because the
 * pages, the API and the CLI all call the same use cases.
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

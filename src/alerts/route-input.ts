import { z } from 'zod';
import { ROUTE_ACTIONS, ROUTE_COMPONENT_STATUSES } from '../domain/alerts.ts';
import { SEVERITIES } from '../domain/types.ts';
import { findRefusedHtml } from '../markdown.ts';
import { parseMatchers } from './matchers.ts';
import { ROUTE_TEMPLATE_PLACEHOLDERS, unknownRoutePlaceholders } from './route-template.ts';

/**
 * What a person fills in for an alert route (pages/admin/alert-routes). It accepts
 * what the HTML form sends: a checkbox is "on" or absent, components one id or several.
 */

const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());
const idList = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return [...new Set(list.filter((v) => v !== ''))];
}, z.array(z.string().trim().min(1)));

export const alertRouteSchema = z
  .object({
    routeId: z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().min(1).optional()),
    name: z.string({ error: 'Name the route.' }).trim().min(1, 'Name the route (e.g. “API pages”).').max(100, 'Keep the name under 100 characters.'),
    matchers: z.string().default('').transform((text) => text.trim()),
    componentIds: idList,
    componentStatus: z.enum(ROUTE_COMPONENT_STATUSES, { error: 'Pick the status to suggest for the components.' }),
    severity: z.enum(SEVERITIES, { error: 'Pick a severity: SEV1, SEV2 or SEV3.' }),
    updateTemplate: z
      .string({ error: 'Write the suggested first update.' })
      .trim()
      .min(1, 'Write the suggested first update (it stays a draft until someone declares).')
      .max(10_000, 'Keep the text under 10,000 characters.')
      .superRefine((body, context) => {
        const problem = findRefusedHtml(body, 'templates');
        if (problem !== null) context.addIssue({ code: 'custom', message: problem });
        const unknown = unknownRoutePlaceholders(body);
        if (unknown.length > 0) {
          context.addIssue({ code: 'custom', message: `Unknown placeholder ${unknown[0]}. Use ${ROUTE_TEMPLATE_PLACEHOLDERS.map((p) => p.token).join(', ')}.` });
        }
      }),
    action: z.enum(ROUTE_ACTIONS, { error: 'Choose what the route does.' }),
    setComponentStatus: checkbox,
    autoResolve: checkbox,
  })
  .superRefine((input, context) => {
    const parsed = parseMatchers(input.matchers);
    if (!parsed.ok) context.addIssue({ code: 'custom', path: ['matchers'], message: parsed.errors['matchers'] ?? 'These matchers cannot be read.' });
    if (input.setComponentStatus && input.componentIds.length === 0) {
      context.addIssue({ code: 'custom', path: ['setComponentStatus'], message: 'Pick the components whose status the route sets, or untick this.' });
    }
    if (input.action === 'attach' && input.componentIds.length === 0) {
      context.addIssue({ code: 'custom', path: ['action'], message: 'Attaching needs components: pick the components whose open incident alerts join.' });
    }
  });

export type AlertRouteInput = z.output<typeof alertRouteSchema>;

/** A route that is not the default needs at least one matcher (else it would catch everything). */
export const NEEDS_MATCHERS = 'Write at least one matcher (e.g. service=api): the default route already catches everything else.';

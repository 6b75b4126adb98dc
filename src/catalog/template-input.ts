import { z } from 'zod';
import { INCIDENT_STATUSES } from '../domain/types.ts';
import { nameField } from './catalog-input.ts';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from './fill-template.ts';
import { findRefusedHtml } from '../markdown.ts';

const MAX_BODY = 10_000;

/** What a person fills in for an update template. */
export const templateFields = {
  name: nameField('template', 80),
  status: z.enum(INCIDENT_STATUSES, { error: 'Choose the incident status this template announces.' }),
  body: z
    .string({ error: 'Write the template’s text.' })
    .trim()
    .min(1, 'Write the template’s text.')
    .max(MAX_BODY, `Keep the text under ${MAX_BODY.toLocaleString('en')} characters.`)
    .superRefine((body, context) => {
      const problem = findRefusedHtml(body, 'templates');
      if (problem !== null) context.addIssue({ code: 'custom', message: problem });
    })
    .superRefine((body, context) => {
      const unknown = unknownPlaceholders(body);
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `Unknown placeholder ${unknown[0]}. Use ${TEMPLATE_PLACEHOLDERS.map((p) => p.token).join(', ')}.`,
        });
      }
    }),
};

export const duplicateTemplateName = (name: string): string => `There is already a template called “${name}”. Choose another name.`;
export const TEMPLATE_GONE = 'This template does not exist any more. It may have just been deleted.';

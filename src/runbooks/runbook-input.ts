import { z } from 'zod';
import { SEVERITIES } from '../domain/types.ts';
import { findRefusedHtml } from '../markdown.ts';

/** A runbook is read during an incident: long enough for real procedures, short enough to read. */
export const MAX_RUNBOOK = 20_000;
export const MAX_CHECKLIST_ITEMS = 30;
export const MAX_CHECKLIST_ITEM = 200;

export const runbookSchema = z.object({
  body: z
    .string({ error: 'Write the runbook in Markdown.' })
    .max(MAX_RUNBOOK, `Runbooks are capped at ${MAX_RUNBOOK.toLocaleString('en')} characters; this one is longer. Link to longer documents instead.`)
    .transform((body) => body.replace(/\r\n?/g, '\n').trimEnd())
    .superRefine((body, context) => {
      const problem = findRefusedHtml(body, 'runbooks');
      if (problem !== null) context.addIssue({ code: 'custom', message: problem });
    }),
});

export const checklistSchema = z.object({
  severity: z.enum(SEVERITIES, { error: 'Choose SEV1, SEV2 or SEV3.' }),
  items: z
    .string({ error: 'Write one item per line.' })
    .transform((text) =>
      text
        .split(/\r\n?|\n/)
        .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim())
        .filter((line) => line !== ''),
    )
    .refine((lines) => lines.length <= MAX_CHECKLIST_ITEMS, `Keep a checklist to ${MAX_CHECKLIST_ITEMS} items or fewer.`)
    .superRefine((lines, context) => {
      const long = lines.findIndex((line) => line.length > MAX_CHECKLIST_ITEM);
      if (long >= 0) context.addIssue({ code: 'custom', message: `Item ${long + 1} is longer than ${MAX_CHECKLIST_ITEM} characters: keep each item to one short line.` });
    }),
});

export const tickSchema = z.object({
  incidentId: z.string().min(1),
  itemId: z.string({ error: 'Choose an item of the checklist.' }).min(1, 'Choose an item of the checklist.'),
  ticked: z.enum(['1', '0'], { error: 'Tick or untick the item.' }),
});

export const COMPONENT_GONE = 'This component does not exist any more.';
export const CHECKLIST_ITEM_GONE = 'This checklist item was changed or removed since the page was loaded. Reload the page and tick it again.';

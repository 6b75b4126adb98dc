import { z } from 'zod';
import { ACTION_ITEM_PRIORITIES, ACTION_ITEM_STATUSES } from '../domain/learning.ts';
import { isCalendarDate } from './due-dates.ts';

/*
 * What a person fills in for an action item. Messages appear next to the field.
 * Forms send strings (a blank select is ""); code may pass the same shapes.
 */

export const MAX_TITLE = 200;
export const MAX_REASON = 1_000;
export const MAX_TICKET_URL = 500;

const blankToNull = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);

const title = z
  .string({ error: 'Say what needs doing.' })
  .trim()
  .min(1, 'Say what needs doing.')
  .max(MAX_TITLE, `Keep the title under ${MAX_TITLE} characters.`);

const ownerId = z.string({ error: 'Choose an owner from the list.' }).trim().optional().transform(blankToNull);

const dueOn = z
  .string({ error: 'Write the due date as YYYY-MM-DD.' })
  .trim()
  .optional()
  .refine((value) => value === undefined || value === '' || isCalendarDate(value), 'Write the due date as a real date, YYYY-MM-DD (e.g. 2026-12-15).')
  .transform(blankToNull);

const priority = z.enum(ACTION_ITEM_PRIORITIES, { error: 'Choose P1, P2 or P3.' });

const ticketUrl = z
  .string({ error: 'The ticket link must be text.' })
  .trim()
  .max(MAX_TICKET_URL, `Keep the link under ${MAX_TICKET_URL} characters.`)
  .optional()
  .refine((value) => value === undefined || value === '' || isWebUrl(value), 'Paste the ticket’s full web address, starting with https:// (or http://).')
  .transform(blankToNull);

const componentIds = z
  .union([z.string(), z.array(z.string())], { error: 'Choose components from the list.' })
  .optional()
  .transform((value) => [...new Set((value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((id) => id !== ''))]);

export const createActionItemSchema = z.object({
  incidentId: z.string({ error: 'Choose the incident this item follows up.' }).min(1, 'Choose the incident this item follows up.'),
  title,
  ownerId,
  dueOn,
  priority: priority.optional().default('P2'),
  ticketUrl,
  componentIds,
});

export const updateActionItemSchema = z
  .object({
    title,
    ownerId,
    dueOn,
    priority,
    status: z.enum(ACTION_ITEM_STATUSES, { error: 'Choose a status.' }),
    wontDoReason: z
      .string({ error: 'The reason must be text.' })
      .trim()
      .max(MAX_REASON, `Keep the reason under ${MAX_REASON.toLocaleString('en')} characters.`)
      .optional()
      .transform(blankToNull),
    ticketUrl,
    componentIds,
  })
  .superRefine((value, context) => {
    if (value.status === 'wont_do' && value.wontDoReason === null) {
      context.addIssue({ code: 'custom', path: ['wontDoReason'], message: 'Say why this will not be done: the reason is kept with the item.' });
    }
  });

export type CreateActionItemInput = z.input<typeof createActionItemSchema>;
export type UpdateActionItemInput = z.input<typeof updateActionItemSchema>;

/** An absolute http(s) address: a ticket in Jira, Linear, GitHub… Never javascript: or a relative path. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const ACTION_ITEM_GONE = 'This action item does not exist any more.';
export const UNKNOWN_OWNER = 'Choose an owner from the list: this person has no active account.';
export const PAST_DUE_DATE = (today: string): string => `The due date is in the past. Choose today (${today}) or later.`;
export const UNKNOWN_COMPONENT = 'One of the chosen components does not exist any more. Choose again.';

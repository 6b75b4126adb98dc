import { z } from 'zod';
import { WEBHOOK_AUDIENCES, WEBHOOK_EVENTS, WEBHOOK_KINDS } from '../domain/webhook.ts';
import { emailAddress } from '../subscriptions/email-address.ts';

/** A form sends one value or many under one name; the CLI a comma-separated list. */
const eventList = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === '') return [...WEBHOOK_EVENTS];
    const items = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(',')).map((item) => item.trim()).filter((item) => item !== '');
    return items.length === 0 ? [...WEBHOOK_EVENTS] : [...new Set(items)];
  },
  z.array(z.enum(WEBHOOK_EVENTS, { message: `Choose events among: ${WEBHOOK_EVENTS.join(', ')}.` })).min(1, 'Choose at least one event.'),
);

/** What an admin types for an endpoint (add and edit). */
export const endpointSchema = z.object({
  name: z.string({ message: 'Give the integration a name.' }).trim().min(1, 'Give the integration a name.').max(100, 'Keep the name under 100 characters.'),
  url: z.string({ message: 'Enter the URL to post to.' }).trim().min(1, 'Enter the URL to post to.').max(2000, 'The URL is too long (2,000 characters at most).'),
  kind: z.preprocess((v) => (v === undefined || v === '' ? 'generic' : v), z.enum(WEBHOOK_KINDS, { message: 'Choose generic, slack or teams.' })),
  audience: z.preprocess((v) => (v === undefined || v === '' ? 'external' : v), z.enum(WEBHOOK_AUDIENCES, { message: 'Choose external or all.' })),
  events: eventList,
  ownerEmail: emailAddress,
});

export type EndpointInput = z.output<typeof endpointSchema>;

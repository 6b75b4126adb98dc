import { POSTMORTEM_SECTIONS, POSTMORTEM_STATES } from '../../domain/learning.ts';
import type { ApiOperation } from './openapi.ts';
import { POSTMORTEM_READ_SCOPES, postmortemBody, publishBody } from './postmortems.ts';

/** The postmortem endpoints' part of /api/v1/openapi.json (kept apart from the rest). */

const PATH = '/pages/{page_id}/incidents/{incident_id}/postmortem';

export const POSTMORTEM_OPERATIONS: readonly ApiOperation[] = [
  { method: 'get', path: PATH, summary: 'Get the incident’s postmortem', scopes: POSTMORTEM_READ_SCOPES, response: 'Postmortem' },
  { method: 'put', path: PATH, summary: 'Create or edit the postmortem draft (body_draft sets the summary; herald.sections sets each section)', scopes: ['postmortems:write'], body: postmortemBody, response: 'Postmortem' },
  { method: 'delete', path: PATH, summary: 'Delete the postmortem (a public part leaves the status page)', scopes: ['postmortems:write'], response: null },
  { method: 'put', path: `${PATH}/publish`, summary: 'Publish the postmortem publicly (notify_subscribers emails it in the incident’s thread; notify_twitter and custom_tweet are ignored)', scopes: ['postmortems:write'], body: publishBody, response: 'Postmortem' },
  { method: 'put', path: `${PATH}/revert`, summary: 'Revert the postmortem to a draft (off the status page)', scopes: ['postmortems:write'], response: 'Postmortem' },
];

const time = { type: ['string', 'null'], format: 'date-time' };

export const POSTMORTEM_SCHEMA = {
  type: 'object',
  properties: {
    preview_key: { type: 'null' },
    body: { type: ['string', 'null'], description: 'The public part as published (Markdown), or null' },
    body_updated_at: time,
    body_draft: { type: 'string', description: 'Every section with text, under its heading' },
    body_draft_updated_at: { type: 'string', format: 'date-time' },
    published_at: time,
    notify_subscribers: { type: 'boolean' },
    notify_twitter: { type: 'boolean' },
    custom_tweet: { type: 'null' },
    herald: {
      type: 'object',
      properties: {
        state: { enum: POSTMORTEM_STATES },
        sections: { type: 'object', properties: Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, { type: 'string' }])) },
        root_cause_tags: { type: 'array', items: { type: 'string' } },
        public_sections: { type: 'array', items: { enum: POSTMORTEM_SECTIONS } },
        due_at: time,
        published_internally_at: time,
      },
    },
  },
  required: ['body', 'body_draft', 'published_at', 'notify_subscribers', 'herald'],
};

import { z } from 'zod';
import { ALERT_STATUSES, INCIDENT_SOURCES } from '../../domain/alerts.ts';
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, SEVERITIES } from '../../domain/types.ts';
import { SCOPES, type Scope } from '../../tokens/scopes.ts';
import { groupBody } from './component-groups.ts';
import { componentBody } from './components.ts';
import { incidentBody } from './incident-create.ts';
import { TEMPLATE_READ_SCOPES, templateBody } from './incident-templates.ts';
import { subscriberBody } from './subscribers.ts';
import { incidentUpdateBody } from './incident-updates.ts';
import { INCIDENT_READ_SCOPES } from './incidents.ts';
import { POSTMORTEM_OPERATIONS, POSTMORTEM_SCHEMA } from './postmortem-openapi.ts';

/**
 * /api/v1/openapi.json: OpenAPI 3.1 for the management API. Request bodies are
 * the JSON Schemas of the very zod schemas that validate them (z.toJSONSchema), so
 * the document cannot drift from what the endpoints accept. Pure.
 */

export interface ApiOperation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  scopes: readonly Scope[];
  body?: z.ZodType;
  /** The response schema's name in components.schemas, `[]` suffix for a list; null for 204. */
  response: string | null;
  created?: boolean;
}

const READ_COMPONENTS: readonly Scope[] = ['read', 'components:write'];

export const OPERATIONS: readonly ApiOperation[] = [
  { method: 'get', path: '/pages/{page_id}/components', summary: 'List components (groups appear as components with group: true)', scopes: READ_COMPONENTS, response: 'Component[]' },
  { method: 'post', path: '/pages/{page_id}/components', summary: 'Create a component', scopes: ['components:write'], body: componentBody, response: 'Component', created: true },
  { method: 'get', path: '/pages/{page_id}/components/{component_id}', summary: 'Get a component', scopes: READ_COMPONENTS, response: 'Component' },
  { method: 'patch', path: '/pages/{page_id}/components/{component_id}', summary: 'Update a component (fields left out are kept)', scopes: ['components:write'], body: componentBody, response: 'Component' },
  { method: 'put', path: '/pages/{page_id}/components/{component_id}', summary: 'Update a component (as PATCH)', scopes: ['components:write'], body: componentBody, response: 'Component' },
  { method: 'delete', path: '/pages/{page_id}/components/{component_id}', summary: 'Delete a component and its uptime history', scopes: ['components:write'], response: null },
  { method: 'get', path: '/pages/{page_id}/component-groups', summary: 'List component groups', scopes: READ_COMPONENTS, response: 'ComponentGroup[]' },
  { method: 'post', path: '/pages/{page_id}/component-groups', summary: 'Create a component group with its components', scopes: ['components:write'], body: groupBody, response: 'ComponentGroup', created: true },
  { method: 'get', path: '/pages/{page_id}/component-groups/{id}', summary: 'Get a component group', scopes: READ_COMPONENTS, response: 'ComponentGroup' },
  { method: 'patch', path: '/pages/{page_id}/component-groups/{id}', summary: 'Update a component group (components: the full member list)', scopes: ['components:write'], body: groupBody, response: 'ComponentGroup' },
  { method: 'put', path: '/pages/{page_id}/component-groups/{id}', summary: 'Update a component group (as PATCH)', scopes: ['components:write'], body: groupBody, response: 'ComponentGroup' },
  { method: 'delete', path: '/pages/{page_id}/component-groups/{id}', summary: 'Delete a component group (its components stay, ungrouped)', scopes: ['components:write'], response: 'ComponentGroup' },
  { method: 'get', path: '/pages/{page_id}/incidents', summary: 'List incidents and scheduled maintenance (q, limit, page)', scopes: INCIDENT_READ_SCOPES, response: 'Incident[]' },
  {
    method: 'post',
    path: '/pages/{page_id}/incidents',
    summary: 'Create an incident (public with incidents:publish, else internal with a draft); backfilled: true records a past one (incidents:publish); scheduled_for/scheduled_until schedule a maintenance (maintenance:write)',
    scopes: ['incidents:write', 'maintenance:write'],
    body: incidentBody,
    response: 'Incident',
    created: true,
  },
  { method: 'get', path: '/pages/{page_id}/incidents/unresolved', summary: 'List unresolved incidents', scopes: INCIDENT_READ_SCOPES, response: 'Incident[]' },
  { method: 'get', path: '/pages/{page_id}/incidents/upcoming', summary: 'List upcoming maintenance', scopes: INCIDENT_READ_SCOPES, response: 'Incident[]' },
  { method: 'get', path: '/pages/{page_id}/incidents/scheduled', summary: 'List scheduled maintenance', scopes: INCIDENT_READ_SCOPES, response: 'Incident[]' },
  { method: 'get', path: '/pages/{page_id}/incidents/active_maintenance', summary: 'List maintenance in progress', scopes: INCIDENT_READ_SCOPES, response: 'Incident[]' },
  { method: 'get', path: '/pages/{page_id}/incidents/{incident_id}', summary: 'Get an incident', scopes: INCIDENT_READ_SCOPES, response: 'Incident' },
  {
    method: 'patch',
    path: '/pages/{page_id}/incidents/{incident_id}',
    summary: 'Post an update (status, body, components), resolve, rename, replace metadata; on a maintenance (maintenance:write): edit, in_progress, verifying, completed (a window not started is cancelled)',
    scopes: ['incidents:write', 'maintenance:write'],
    body: incidentBody,
    response: 'Incident',
  },
  { method: 'put', path: '/pages/{page_id}/incidents/{incident_id}', summary: 'As PATCH', scopes: ['incidents:write', 'maintenance:write'], body: incidentBody, response: 'Incident' },
  {
    method: 'delete',
    path: '/pages/{page_id}/incidents/{incident_id}',
    summary: 'Delete an incident with its updates for good, answered as it was (one the public has seen also needs incidents:publish; maintenance is cancelled with PATCH instead: 422)',
    scopes: ['incidents:write'],
    response: 'Incident',
  },
  { method: 'patch', path: '/pages/{page_id}/incidents/{incident_id}/incident_updates/{incident_update_id}', summary: 'Edit a draft or scheduled update (published updates are never rewritten: 422)', scopes: ['incidents:write'], body: incidentUpdateBody, response: 'IncidentUpdate' },
  { method: 'get', path: '/pages/{page_id}/subscribers', summary: 'List email and webhook subscribers (q, state, page; 50 a page)', scopes: ['subscribers:read'], response: 'Subscriber[]' },
  {
    method: 'post',
    path: '/pages/{page_id}/subscribers',
    summary: 'Add an email subscriber (double opt-in, or confirmed at once with skip_confirmation_notification) or a webhook subscriber (endpoint; its contact email confirms)',
    scopes: ['subscribers:write'],
    body: subscriberBody,
    response: 'Subscriber',
    created: true,
  },
  { method: 'delete', path: '/pages/{page_id}/subscribers/{subscriber_id}', summary: 'Remove a subscriber (a webhook subscriber’s endpoint is disabled)', scopes: ['subscribers:write'], response: 'Subscriber' },
  { method: 'get', path: '/pages/{page_id}/incident_templates', summary: 'List incident templates (Herald’s update templates)', scopes: TEMPLATE_READ_SCOPES, response: 'IncidentTemplate[]' },
  { method: 'post', path: '/pages/{page_id}/incident_templates', summary: 'Create an incident template (name, update_status and body are stored)', scopes: ['incidents:write'], body: templateBody, response: 'IncidentTemplate', created: true },
  { method: 'put', path: '/pages/{page_id}/incidents/{incident_id}/incident_updates/{incident_update_id}', summary: 'Edit a draft or scheduled update (as PATCH)', scopes: ['incidents:write'], body: incidentUpdateBody, response: 'IncidentUpdate' },
  ...POSTMORTEM_OPERATIONS,
];

const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };

const COMPONENT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    page_id: { type: 'string' },
    group_id: nullable('string'),
    created_at: time,
    updated_at: time,
    group: { type: 'boolean' },
    name: { type: 'string' },
    description: nullable('string'),
    position: { type: 'integer' },
    status: { enum: COMPONENT_STATUSES },
    showcase: { type: 'boolean' },
    only_show_if_degraded: { type: 'boolean' },
    automation_email: { type: 'null' },
    start_date: { type: ['string', 'null'], format: 'date' },
    components: { type: 'array', items: { type: 'string' }, description: 'Groups only: their members’ ids' },
  },
  required: ['id', 'page_id', 'group_id', 'created_at', 'updated_at', 'group', 'name', 'description', 'position', 'status', 'showcase', 'only_show_if_degraded', 'automation_email', 'start_date'],
};

const GROUP = {
  type: 'object',
  properties: { id: { type: 'string' }, page_id: { type: 'string' }, name: { type: 'string' }, description: nullable('string'), components: { type: 'array', items: { type: 'string' } }, position: { type: 'integer' }, created_at: time, updated_at: time },
  required: ['id', 'page_id', 'name', 'description', 'components', 'position', 'created_at', 'updated_at'],
};

const INCIDENT_UPDATE = {
  type: 'object',
  properties: { id: { type: 'string' }, incident_id: { type: 'string' }, status: { type: 'string' }, body: { type: 'string' }, created_at: time, updated_at: time, display_at: nullableTime, affected_components: { type: ['array', 'null'] }, deliver_notifications: { type: 'boolean' } },
  required: ['id', 'incident_id', 'status', 'body', 'created_at', 'updated_at', 'display_at', 'affected_components', 'deliver_notifications'],
};

const TEMPLATE = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    components: { type: 'array', items: { type: 'string' }, description: 'Always empty: Herald templates carry no components' },
    name: { type: 'string' },
    title: { type: 'string', description: 'The template’s name' },
    body: { type: 'string' },
    group_id: { type: 'null' },
    update_status: { enum: INCIDENT_STATUSES },
    should_tweet: { type: 'boolean' },
    should_send_notifications: { type: 'boolean' },
    created_at: time,
    updated_at: time,
  },
  required: ['id', 'components', 'name', 'title', 'body', 'group_id', 'update_status', 'should_tweet', 'should_send_notifications', 'created_at', 'updated_at'],
};

const SUBSCRIBER = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    mode: { enum: ['email', 'webhook'] },
    endpoint: { type: ['string', 'null'], description: "A webhook subscriber's URL (email is its contact)" },
    skip_confirmation_notification: { type: 'boolean' },
    quarantined_at: nullableTime,
    purge_at: { type: 'null' },
    components: { type: 'array', items: { type: 'string' }, description: 'Empty: every component' },
    created_at: time,
    herald: { type: 'object', properties: { status: { enum: ['pending', 'confirmed', 'unsubscribed', 'suspended'] }, confirmed_at: nullableTime } },
  },
  required: ['id', 'email', 'mode', 'endpoint', 'skip_confirmation_notification', 'quarantined_at', 'purge_at', 'components', 'created_at', 'herald'],
};

const INCIDENT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { enum: [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] },
    impact: { enum: [...IMPACTS, 'maintenance'] },
    created_at: time,
    updated_at: time,
    started_at: time,
    monitoring_at: nullableTime,
    resolved_at: nullableTime,
    shortlink: { type: 'string', format: 'uri' },
    page_id: { type: 'string' },
    incident_updates: { type: 'array', items: { $ref: '#/components/schemas/IncidentUpdate' } },
    components: { type: 'array', items: { $ref: '#/components/schemas/Component' } },
    postmortem_body: { ...nullable('string'), description: 'The postmortem’s public part (Markdown), once published publicly' },
    postmortem_published_at: nullableTime,
    postmortem_notified_subscribers: { type: 'boolean' },
    scheduled_for: nullableTime,
    scheduled_until: nullableTime,
    scheduled_remind_prior: { type: 'boolean' },
    scheduled_auto_in_progress: { type: 'boolean' },
    scheduled_auto_completed: { type: 'boolean' },
    metadata: { type: 'object', description: 'The client’s own JSON object, as sent (at most 16 KB as JSON); always {} on maintenance' },
    backfilled: { type: 'boolean', description: 'Recorded after the fact: created resolved in the past, with no notifications' },
    herald: {
      type: 'object',
      description: 'Herald’s own fields; Statuspage clients ignore them.',
      properties: {
        kind: { enum: ['incident', 'maintenance'] },
        severity: { enum: [...SEVERITIES, null] },
        visibility: { enum: ['public', 'internal'] },
        state: { type: 'string', description: 'Incidents: triage, active or dismissed; maintenance: its status' },
        source: { enum: INCIDENT_SOURCES },
        alerts: {
          type: 'array',
          description: 'Alert-sourced incidents: their alerts, firing first',
          items: {
            type: 'object',
            properties: { fingerprint: { type: 'string' }, status: { enum: ALERT_STATUSES }, name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } }, starts_at: time, ends_at: nullableTime },
            required: ['fingerprint', 'status', 'name', 'labels', 'starts_at', 'ends_at'],
          },
        },
      },
    },
  },
  required: ['id', 'name', 'status', 'impact', 'created_at', 'updated_at', 'started_at', 'shortlink', 'page_id', 'incident_updates', 'components', 'herald'],
};

const ERROR = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };

function responseSchema(name: string): Record<string, unknown> {
  return name.endsWith('[]') ? { type: 'array', items: { $ref: `#/components/schemas/${name.slice(0, -2)}` } } : { $ref: `#/components/schemas/${name}` };
}

const errorResponse = (description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(op: ApiOperation): Record<string, unknown> {
  const success = op.response === null ? { '204': { description: 'Done; no body' } } : { [op.created ? '201' : '200']: { description: 'OK', content: { 'application/json': { schema: responseSchema(op.response) } } } };
  const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' }, ...(name === 'page_id' ? { description: 'The `id` in /api/v2/summary.json' } : {}) }));
  const body = op.body ? z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) : null;
  return {
    summary: op.summary,
    description: `Scopes: ${op.scopes.map((s) => `\`${s}\``).join(' or ')} (\`admin\` always).`,
    'x-scopes': op.scopes,
    parameters: op.method === 'post' ? [...params, { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : params,
    ...(body
      ? {
          requestBody: {
            required: true,
            description: 'JSON, or form-encoded with Rails-style brackets (component[name]=…, component_group[components][]=…, incident[components][<id>]=…). Unknown fields are ignored.',
            content: { 'application/json': { schema: body }, 'application/x-www-form-urlencoded': { schema: body } },
          },
        }
      : {}),
    responses: {
      ...success,
      '401': errorResponse('No token, or one that is wrong, revoked or expired'),
      '403': errorResponse('The token lacks the scope (named in the error)'),
      '404': errorResponse('Another page id, or an unknown id'),
      ...(body ? { '400': errorResponse('Unreadable JSON'), '413': errorResponse('Body over 1 MB'), '422': errorResponse('Invalid field (named in the error)') } : {}),
      '429': { ...errorResponse('Rate limit: HERALD_API_RATE_LIMIT requests a rolling minute per token'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
    },
  };
}

export function buildOpenApi(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Herald management API',
      version: '1',
      description: `Atlassian Statuspage's REST API v1 (same paths, fields and form or JSON bodies) for this Herald. Authenticate with "Authorization: OAuth <token>" or "Bearer <token>"; admins create tokens at /admin/tokens. Scopes: ${SCOPES.join(', ')}.`,
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ oauth: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        oauth: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'OAuth <token>' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Component: COMPONENT, ComponentGroup: GROUP, Incident: INCIDENT, IncidentUpdate: INCIDENT_UPDATE, IncidentTemplate: TEMPLATE, Subscriber: SUBSCRIBER, Postmortem: POSTMORTEM_SCHEMA, Error: ERROR },
    },
  };
}

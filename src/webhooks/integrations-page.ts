import { listWebhookAttempts } from '../../db/queries/webhook-attempts.ts';
import { findWebhookEndpointById, listWebhookEndpoints, type WebhookEndpointListing } from '../../db/queries/webhook-endpoints.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { FieldErrors } from '../domain/result.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { WEBHOOK_EVENTS, type WebhookAttempt, type WebhookEndpoint } from '../domain/webhook.ts';
import { listField, textField, type FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { addWebhookEndpoint } from './add-endpoint.ts';
import { deleteWebhookEndpointUseCase, editWebhookEndpoint, rotateWebhookEndpointSecret, sendWebhookTestEvent, setWebhookEndpointState } from './change-endpoint.ts';

/*
 * The page modules of /admin/integrations (list and add) and
 * /admin/integrations/<id> (delivery log, edit, rotate, disable, test, delete).
 * The pages only render what these return. Admins only.
 */

export interface EndpointFormValues {
  name: string;
  url: string;
  kind: string;
  audience: string;
  events: string[];
  ownerEmail: string;
}

export const EMPTY_ENDPOINT_FORM: EndpointFormValues = { name: '', url: '', kind: 'generic', audience: 'external', events: [...WEBHOOK_EVENTS], ownerEmail: '' };

function formValues(form: FormValues): EndpointFormValues {
  return {
    name: textField(form, 'name'),
    url: textField(form, 'url'),
    kind: textField(form, 'kind'),
    audience: textField(form, 'audience'),
    events: listField(form, 'events'),
    ownerEmail: textField(form, 'ownerEmail'),
  };
}

export interface IntegrationsPageView {
  endpoints: WebhookEndpointListing[];
  values: EndpointFormValues;
  errors: FieldErrors;
  /** Just added: its id and secret, shown once on this response (never in a redirect URL). */
  added: { id: string; name: string; secret: string } | null;
  status: 200 | 400;
}

export async function loadIntegrationsPage(services: Services, actor: Actor, form: FormValues | null): Promise<IntegrationsPageView> {
  requirePermission(actor, 'settings.manage');
  let values = { ...EMPTY_ENDPOINT_FORM, ownerEmail: '' };
  let errors: FieldErrors = {};
  let added: IntegrationsPageView['added'] = null;
  if (form !== null) {
    values = formValues(form);
    const result = await addWebhookEndpoint(services, actor, { ...values, events: values.events.length === 0 ? ['none'] : values.events });
    if (result.ok) {
      added = { id: result.value.id, name: values.name.trim(), secret: result.value.secret };
      values = { ...EMPTY_ENDPOINT_FORM };
    } else errors = result.errors;
  }
  const endpoints = await listWebhookEndpoints(services.db);
  return { endpoints, values, errors, added, status: Object.keys(errors).length > 0 ? 400 : 200 };
}

export interface IntegrationPageView {
  endpoint: WebhookEndpoint | null;
  attempts: WebhookAttempt[];
  values: EndpointFormValues;
  errors: FieldErrors;
  /** A secret just made by a rotation, shown once on this response. */
  rotated: { secret: string; overlapUntil: Date } | null;
  status: 200 | 400 | 404;
}

export type IntegrationPost = { redirect: string } | IntegrationPageView;

function valuesOf(endpoint: WebhookEndpoint): EndpointFormValues {
  return { name: endpoint.name, url: endpoint.url, kind: endpoint.kind, audience: endpoint.audience, events: [...endpoint.events], ownerEmail: endpoint.ownerEmail };
}

export async function loadIntegrationPage(services: Services, actor: Actor, id: string): Promise<IntegrationPageView> {
  requirePermission(actor, 'settings.manage');
  const endpoint = await findWebhookEndpointById(services.db, id);
  if (endpoint === null) return { endpoint: null, attempts: [], values: { ...EMPTY_ENDPOINT_FORM }, errors: {}, rotated: null, status: 404 };
  return { endpoint, attempts: await listWebhookAttempts(services.db, id), values: valuesOf(endpoint), errors: {}, rotated: null, status: 200 };
}

/** One of the endpoint page's forms, by its `intent`. */
export async function handleIntegrationPost(services: Services, actor: Actor, id: string, form: FormValues): Promise<IntegrationPost> {
  const base = `/admin/integrations/${encodeURIComponent(id)}`;
  const intent = textField(form, 'intent');
  const page = async (errors: FieldErrors, values?: EndpointFormValues): Promise<IntegrationPageView> => {
    const view = await loadIntegrationPage(services, actor, id);
    return view.endpoint === null ? view : { ...view, errors, values: values ?? view.values, status: 400 };
  };
  switch (intent) {
    case 'edit': {
      const values = formValues(form);
      const result = await editWebhookEndpoint(services, actor, id, { ...values, events: values.events.length === 0 ? ['none'] : values.events });
      return result.ok ? { redirect: `${base}?done=saved` } : page(result.errors, values);
    }
    case 'rotate': {
      const result = await rotateWebhookEndpointSecret(services, actor, id);
      if (!result.ok) return page(result.errors);
      return { ...(await loadIntegrationPage(services, actor, id)), rotated: result.value };
    }
    case 'disable':
    case 'enable': {
      const result = await setWebhookEndpointState(services, actor, id, intent === 'enable', textField(form, 'reason'));
      return result.ok ? { redirect: `${base}?done=${intent}d` } : page(result.errors);
    }
    case 'test': {
      const result = await sendWebhookTestEvent(services, actor, id);
      return result.ok ? { redirect: `${base}?done=test` } : page(result.errors);
    }
    case 'delete': {
      const result = await deleteWebhookEndpointUseCase(services, actor, id);
      return result.ok ? { redirect: '/admin/integrations?done=deleted' } : page(result.errors);
    }
    default:
      return page(formError(ERRORS.ActionFailed));
  }
}

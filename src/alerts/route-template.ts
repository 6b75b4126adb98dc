import { fillTemplate, TEMPLATE_PLACEHOLDERS } from '../catalog/fill-template.ts';
import type { IncomingAlert } from '../domain/alerts.ts';

/**
 * A route's suggested first public update: the update templates' placeholders
 * (`{{incident.title}}`, `{{components}}`, `{{status}}`, `{{page.name}}`) plus two
 * from the alert. It is a DRAFT a person reads before anything is public, so a
 * label value never reaches the page unseen.
 */

export const ROUTE_TEMPLATE_PLACEHOLDERS = [
  ...TEMPLATE_PLACEHOLDERS,
  { token: '{{alert.name}}', meaning: 'the first alert’s name (its alertname label)' },
  { token: '{{alert.summary}}', meaning: 'the first alert’s summary annotation (or its description)' },
] as const;

export const DEFAULT_ROUTE_TEMPLATE = 'We are investigating a problem affecting {{components}}. We will post an update within 30 minutes.';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(ROUTE_TEMPLATE_PLACEHOLDERS.map((p) => p.token));

/** Placeholders a route template uses that Herald does not know, as written. */
export function unknownRoutePlaceholders(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER)].filter((match) => !KNOWN.has(`{{${match[1]}}}`)).map((match) => match[0]);
}

export function fillRouteTemplate(
  template: string,
  values: { incidentTitle: string; components: readonly string[]; pageName: string; alert: IncomingAlert },
): string {
  const source = template.trim() === '' ? DEFAULT_ROUTE_TEMPLATE : template;
  const summary = values.alert.annotations['summary'] ?? values.alert.annotations['description'] ?? values.alert.name;
  const withAlert = source.replace(PLACEHOLDER, (whole, name: string) => (name === 'alert.name' ? values.alert.name : name === 'alert.summary' ? summary : whole));
  return fillTemplate(withAlert, { incidentTitle: values.incidentTitle, components: values.components, status: 'investigating', pageName: values.pageName });
}

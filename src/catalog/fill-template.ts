import { INCIDENT_STATUSES, type IncidentStatus, MAINTENANCE_STATUSES, type MaintenanceStatus } from '../domain/types.ts';
import { describeIncidentStatus } from '../status/overall-status.ts';

const STATUSES = new Set<string>([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]);
const isStatus = (value: string): value is IncidentStatus | MaintenanceStatus => STATUSES.has(value);

/**
 * Update templates are Markdown with a few placeholders. Filling them is plain text
 * substitution into Markdown, which is rendered (and sanitised) like any update body,
 * so nothing here needs escaping.
 */

export const TEMPLATE_PLACEHOLDERS = [
  { token: '{{incident.title}}', meaning: 'the incident’s title' },
  { token: '{{components}}', meaning: 'the affected components, e.g. “API and Dashboard”' },
  { token: '{{status}}', meaning: 'the status the update announces, e.g. “Identified”' },
  { token: '{{page.name}}', meaning: 'the status page’s name' },
] as const;

const KNOWN = new Set<string>(TEMPLATE_PLACEHOLDERS.map((p) => p.token));
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholders in `body` that Herald does not know, as written ("{{ incident.name }}"). */
export function unknownPlaceholders(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER)].filter((match) => !KNOWN.has(`{{${match[1]}}}`)).map((match) => match[0]);
}

export interface TemplateValues {
  incidentTitle: string;
  /** Names of the affected components, in page order. */
  components: readonly string[];
  /** An incident or maintenance status (in words when known, as given otherwise). */
  status: string;
  pageName: string;
}

/** "A", "A and B", "A, B and C"; "our services" when there are none. */
export function listComponentNames(names: readonly string[]): string {
  if (names.length === 0) return 'our services';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The template's body with its placeholders filled in; unknown ones are left as written. */
export function fillTemplate(body: string, values: TemplateValues): string {
  const replacements: Record<string, string> = {
    'incident.title': values.incidentTitle,
    components: listComponentNames(values.components),
    status: isStatus(values.status) ? describeIncidentStatus(values.status) : values.status,
    'page.name': values.pageName,
  };
  return body.replace(PLACEHOLDER, (whole, name: string) => replacements[name] ?? whole);
}

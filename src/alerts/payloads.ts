import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertNotification, AlertSource, AlertStatus, IncomingAlert } from '../domain/alerts.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

/**
 * The three intake payloads, parsed with zod into one AlertNotification. Pure.
 *
 * - Alertmanager webhook version 4 (prometheus/alertmanager notify/webhook/webhook.go:
 *   `Message{*template.Data, version, groupKey, truncatedAlerts}`; template/template.go:
 *   `Data{receiver, status, alerts[], groupLabels, commonLabels, commonAnnotations,
 *   externalURL}`, `Alert{status, labels, annotations, startsAt, endsAt, generatorURL,
 *   fingerprint}`). A firing alert's endsAt is Go's zero time, 0001-01-01T00:00:00Z.
 * - Grafana alerting's webhook: the same shape (its Alertmanager inside) plus `orgId`,
 *   `title`, `state`, `message`, and per alert `silenceURL`, `dashboardURL`, `values`…
 * - Generic: `{title, status: firing|resolved, dedup_key, severity, component,
 *   description, url}` — one alert per request.
 *
 * Unknown fields are ignored (as Statuspage ignores them); a wrong type is refused
 * naming the field (`alerts.0.labels`).
 */

const labelMap = z.record(z.string(), z.string({ error: 'must be text' }), { error: 'must be an object of text values' });
const optionalLabels = z.preprocess((value) => (value === undefined || value === null ? {} : value), labelMap);
const status = z.enum(['firing', 'resolved'], { error: 'must be "firing" or "resolved"' });
const timestamp = z.string({ error: 'must be an RFC 3339 time' }).refine((value) => !Number.isNaN(Date.parse(value)), 'must be an RFC 3339 time');
const optionalTimestamp = z.preprocess((value) => (value === null || value === '' ? undefined : value), timestamp.optional());

const alertSchema = z.object({
  status,
  labels: labelMap,
  annotations: optionalLabels,
  startsAt: timestamp,
  endsAt: optionalTimestamp,
  generatorURL: z.string({ error: 'must be text' }).optional().nullable(),
  fingerprint: z.string({ error: 'must be text' }).optional(),
});

const alertmanagerSchema = z.object({
  version: z.string({ error: 'must be text ("4")' }).refine((v) => v === '4', 'must be "4" (Alertmanager webhook version 4)'),
  groupKey: z.string({ error: 'is required (Alertmanager sends it)' }).min(1, 'must not be empty'),
  truncatedAlerts: z.number({ error: 'must be a number' }).int().min(0).optional(),
  status,
  receiver: z.string({ error: 'must be text' }).optional(),
  groupLabels: optionalLabels,
  commonLabels: optionalLabels,
  commonAnnotations: optionalLabels,
  externalURL: z.string({ error: 'must be text' }).optional(),
  alerts: z.array(alertSchema, { error: 'must be a list of alerts' }).min(1, 'must hold at least one alert'),
});

const grafanaSchema = z.object({
  receiver: z.string({ error: 'must be text' }).optional(),
  status,
  orgId: z.number({ error: 'must be a number' }).optional(),
  groupKey: z.string({ error: 'must be text' }).optional(),
  groupLabels: optionalLabels,
  commonLabels: optionalLabels,
  commonAnnotations: optionalLabels,
  externalURL: z.string({ error: 'must be text' }).optional(),
  version: z.string({ error: 'must be text' }).optional(),
  truncatedAlerts: z.number({ error: 'must be a number' }).int().min(0).optional(),
  title: z.string({ error: 'must be text' }).optional(),
  state: z.string({ error: 'must be text' }).optional(),
  message: z.string({ error: 'must be text' }).optional(),
  alerts: z.array(alertSchema, { error: 'must be a list of alerts' }).min(1, 'must hold at least one alert'),
});

const text = (max: number) => z.string({ error: 'must be text' }).trim().max(max, `must be at most ${max} characters`);

const genericSchema = z.object({
  title: text(200).min(1, 'is required'),
  status: status.optional().default('firing'),
  dedup_key: text(255).min(1, 'must not be empty').optional(),
  severity: text(50).optional(),
  component: text(200).optional(),
  description: text(5_000).optional(),
  url: text(2_000).optional(),
});

/** Go's zero time (a firing alert's endsAt) and anything before 1971 mean "no end yet". */
function endTime(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return date.getUTCFullYear() < 1971 ? null : date;
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** Labels sorted by name, so the same labels give the same fingerprint. */
function labelsFingerprint(labels: Record<string, string>): string {
  return hash(JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function toAlert(alert: z.output<typeof alertSchema>): IncomingAlert {
  return {
    fingerprint: alert.fingerprint && alert.fingerprint !== '' ? alert.fingerprint : labelsFingerprint(alert.labels),
    status: alert.status,
    name: alert.labels['alertname'] ?? alert.annotations['summary'] ?? 'Alert',
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: new Date(alert.startsAt),
    endsAt: alert.status === 'resolved' ? endTime(alert.endsAt) : null,
    generatorUrl: alert.generatorURL && alert.generatorURL !== '' ? alert.generatorURL : null,
  };
}

/** "HighErrorRate (api)", from the group's labels: what a person would call the alert. */
function groupTitle(alerts: IncomingAlert[], groupLabels: Record<string, string>, commonLabels: Record<string, string>, commonAnnotations: Record<string, string>): string {
  const summary = commonAnnotations['summary'];
  if (summary) return summary.slice(0, 200);
  const shared = commonLabels['alertname'] ?? groupLabels['alertname'];
  const distinctNames = new Set(alerts.map((a) => a.name)).size;
  const name = shared ?? (distinctNames > 1 ? `${alerts[0]?.name ?? 'Alert'} and ${distinctNames - 1} more` : (alerts[0]?.name ?? 'Alert'));
  const rest = Object.entries(groupLabels)
    .filter(([key]) => key !== 'alertname')
    .map(([, value]) => value);
  return (rest.length > 0 ? `${name} (${rest.join(', ')})` : name).slice(0, 200);
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? '_form' : issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

function sourceNotification(
  source: AlertSource,
  data: {
    status: AlertStatus;
    groupKey: string;
    groupLabels: Record<string, string>;
    commonLabels: Record<string, string>;
    commonAnnotations: Record<string, string>;
    alerts: z.output<typeof alertSchema>[];
  },
): AlertNotification {
  const alerts = data.alerts.map(toAlert);
  const labels = Object.keys(data.commonLabels).length > 0 ? data.commonLabels : (alerts[0]?.labels ?? {});
  return {
    source,
    dedupeKey: data.groupKey,
    status: data.status,
    title: groupTitle(alerts, data.groupLabels, data.commonLabels, data.commonAnnotations),
    commonLabels: labels,
    alerts,
    severity: labels['severity'] ?? null,
    component: null,
  };
}

export function parseAlertmanager(body: unknown): Result<AlertNotification> {
  const parsed = alertmanagerSchema.safeParse(body);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  return ok(sourceNotification('alertmanager', parsed.data));
}

export function parseGrafana(body: unknown): Result<AlertNotification> {
  const parsed = grafanaSchema.safeParse(body);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  const data = parsed.data;
  // Grafana sends a groupKey like Alertmanager's; without one, the group's labels name the group.
  const groupKey = data.groupKey && data.groupKey !== '' ? data.groupKey : `labels:${labelsFingerprint(data.groupLabels)}`;
  const notification = sourceNotification('grafana', { ...data, groupKey });
  // Grafana's title is "[FIRING:2] RuleName (labels…)": kept when it names something beyond the labels.
  const title = (data.title ?? '').replace(/^\[(FIRING|RESOLVED)(:\d+)?\]\s*/, '').trim();
  const useful = title !== '' && !/^\(.*\)$/.test(title) && !data.commonAnnotations['summary'];
  return ok(useful ? { ...notification, title: title.slice(0, 200) } : notification);
}

export function parseGeneric(body: unknown, now: Date): Result<AlertNotification> {
  const parsed = genericSchema.safeParse(body);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  const data = parsed.data;
  const key = data.dedup_key ?? `title:${hash(data.title.toLowerCase())}`;
  const labels: Record<string, string> = { alertname: data.title };
  if (data.severity) labels['severity'] = data.severity;
  if (data.component) labels['component'] = data.component;
  const annotations: Record<string, string> = {};
  if (data.description) annotations['description'] = data.description;
  return ok({
    source: 'generic',
    dedupeKey: key,
    status: data.status,
    title: data.title,
    commonLabels: labels,
    alerts: [
      {
        fingerprint: key,
        status: data.status,
        name: data.title,
        labels,
        annotations,
        startsAt: now,
        endsAt: data.status === 'resolved' ? now : null,
        generatorUrl: data.url ?? null,
      },
    ],
    severity: data.severity ?? null,
    component: data.component ?? null,
  });
}

export function parseNotification(source: AlertSource, body: unknown, now: Date): Result<AlertNotification> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(formError(ERRORS.AlertPayloadNotObject));
  if (source === 'alertmanager') return parseAlertmanager(body);
  if (source === 'grafana') return parseGrafana(body);
  return parseGeneric(body, now);
}

/** Reads a JSON body: the value, or the reason it is not JSON (for a 400). */
export function readJson(body: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

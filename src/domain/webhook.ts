/**
 * Outbound integrations' vocabulary: what kind of endpoint, who it is for and what
 * it is told. db/schema.ts types the webhook tables with these.
 */

export const WEBHOOK_KINDS = ['generic', 'slack', 'teams'] as const;
/** generic: Statuspage's webhook JSON; slack: an incoming webhook (Block Kit); teams: a Workflows URL (Adaptive Card). */
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const WEBHOOK_AUDIENCES = ['external', 'all'] as const;
/** external: what subscribers see; all: internal updates and overdue nudges too (the team's own channel). */
export type WebhookAudience = (typeof WEBHOOK_AUDIENCES)[number];

export const WEBHOOK_EVENTS = ['incident.created', 'incident.updated', 'incident.resolved', 'component.updated', 'maintenance', 'update.overdue', 'postmortem.published'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEventType, string>> = {
  'incident.created': 'Incident created',
  'incident.updated': 'Incident updated',
  'incident.resolved': 'Incident resolved',
  'component.updated': 'Component status changed',
  maintenance: 'Maintenance',
  'update.overdue': 'Update overdue (nudge; only to "internal too" endpoints)',
  'postmortem.published': 'Postmortem published publicly (its public part)',
};

export const WEBHOOK_KIND_LABELS: Readonly<Record<WebhookKind, string>> = {
  generic: 'Webhook (Statuspage JSON)',
  slack: 'Slack incoming webhook',
  teams: 'Microsoft Teams (Workflows)',
};

export type WebhookAttemptOutcome = 'delivered' | 'retrying' | 'failed';

export interface WebhookEndpoint {
  id: string;
  kind: WebhookKind;
  name: string;
  url: string;
  audience: WebhookAudience;
  events: WebhookEventType[];
  secret: string;
  /** The secret before the last rotation, still signing until previousSecretExpiresAt. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  ownerEmail: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
}

export interface WebhookAttempt {
  id: string;
  endpointId: string;
  webhookId: string;
  event: string;
  attemptedAt: Date;
  httpStatus: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  error: string | null;
  outcome: WebhookAttemptOutcome;
}

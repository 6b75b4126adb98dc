import type { ColumnType, Generated } from 'kysely';
import type { DeliveryKind, DeliveryStatus, MailAlertKind, NotificationKind } from '../src/domain/mail.ts';
import type { AlertSource, AlertStatus, IncidentSource, IncidentState, RouteAction, RouteComponentStatus } from '../src/domain/alerts.ts';
import type { ActionItemPriority, ActionItemStatus, PostmortemSection, PostmortemState } from '../src/domain/learning.ts';
import type { SubscriberStatus } from '../src/domain/subscriber.ts';
import type { WebhookAttemptOutcome, WebhookAudience, WebhookEventType, WebhookKind } from '../src/domain/webhook.ts';
import type {
  Audience,
  ComponentStatus,
  Impact,
  IncidentRole,
  IncidentStatus,
  MaintenanceStatus,
  Role,
  Severity,
  UpdateState,
} from '../src/domain/types.ts';
import type { Language } from '../src/domain/language.ts';

/**
 * Row types of the tables, as the database sees them. Only db/ uses these. Enum-like
 * columns carry the domain's unions (the migrations' check constraints and the
 * use cases' validation keep them to those values), so queries return them as is.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PageSettingsTable {
  id: string;
  name: string;
  description: Generated<string>;
  time_zone: Generated<string>;
  /** The default language of the public page and subscribe flow (src/i18n/). */
  language: Generated<Language>;
  updated_at: CreatedAt;
  company_url: string | null;
  support_url: string | null;
  accent: string | null;
  footer_links: ColumnType<Array<{ label: string; url: string }>, string | undefined, string>;
  logo: Buffer | null;
  logo_type: string | null;
  favicon: Buffer | null;
  favicon_type: string | null;
  onboarding_dismissed_at: Timestamp | null;
}

export interface UserInvitesTable {
  id: string;
  user_id: string;
  secret_hash: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PageVersionTable {
  id: number;
  version: ColumnType<string, never, never>;
  changed_at: ColumnType<Date, never, never>;
}

export interface ComponentGroupsTable {
  id: string;
  name: string;
  description: string | null;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ComponentsTable {
  id: string;
  group_id: string | null;
  name: string;
  description: string | null;
  position: Generated<number>;
  status: Generated<ComponentStatus>;
  showcase: Generated<boolean>;
  only_show_if_degraded: Generated<boolean>;
  /** A status set by hand, kept until set back to operational by hand; null: none. */
  manual_status: ColumnType<ComponentStatus | null, ComponentStatus | null | undefined, ComponentStatus | null>;
  start_date: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ComponentStatusIntervalsTable {
  id: Generated<string>;
  component_id: string;
  status: ComponentStatus;
  started_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface IncidentsTable {
  id: string;
  declared_by: ColumnType<string | null, string | null | undefined, string | null>;
  title: string;
  severity: Severity;
  impact: Impact;
  status: IncidentStatus;
  started_at: Timestamp;
  identified_at: Date | null;
  monitoring_at: Date | null;
  resolved_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** 'triage' (opened from alerts, waiting for a person), 'active', 'dismissed'. */
  state: Generated<IncidentState>;
  source: Generated<IncidentSource>;
  dismissed_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Milestones (issue 11); resolved_at above is the last of them. */
  impact_started_at: NullableTime;
  detected_at: NullableTime;
  acknowledged_at: NullableTime;
  mitigated_at: NullableTime;
  /** A management API client's own JSON object (Statuspage's `metadata`). */
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Recorded after the fact: created resolved, in the past, with no notifications. */
  backfilled: Generated<boolean>;
}

export interface RootCauseTagsTable {
  name: string;
  position: number;
}

export interface PostmortemsTable {
  incident_id: string;
  state: Generated<PostmortemState>;
  summary: Generated<string>;
  customer_impact: Generated<string>;
  timeline: Generated<string>;
  root_cause: Generated<string>;
  went_well: Generated<string>;
  went_poorly: Generated<string>;
  lessons: Generated<string>;
  root_cause_tags: ColumnType<string[], string | undefined, string>;
  public_sections: ColumnType<PostmortemSection[], string | undefined, string>;
  public_body: ColumnType<string | null, string | null | undefined, string | null>;
  due_at: NullableTime;
  published_at: NullableTime;
  public_published_at: NullableTime;
  notified_subscribers: Generated<boolean>;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row (id 1): what an admin configures for postmortems. */
export interface PostmortemSettingsTable {
  id: number;
  due_business_days: Generated<number>;
  required_severities: ColumnType<Severity[], string | undefined, string>;
  /** Section → Markdown the section starts from. */
  template: ColumnType<Partial<Record<PostmortemSection, string>>, string | undefined, string>;
  updated_at: CreatedAt;
}

export interface ActionItemsTable {
  id: string;
  incident_id: string;
  title: string;
  owner_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A calendar date, 'YYYY-MM-DD' (Postgres date, read as a string: see db/client.ts). */
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  priority: Generated<ActionItemPriority>;
  status: Generated<ActionItemStatus>;
  wont_do_reason: ColumnType<string | null, string | null | undefined, string | null>;
  ticket_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTime;
  assigned_notified_at: NullableTime;
  overdue_notified_at: NullableTime;
}

export interface ActionItemComponentsTable {
  action_item_id: string;
  component_id: string;
}

/** Every saved text of a component's runbook; the newest version is the runbook. */
export interface RunbookVersionsTable {
  component_id: string;
  version: number;
  body: string;
  author_id: ColumnType<string | null, string | null | undefined, string | null>;
  author_name: string;
  created_at: Timestamp;
}

export interface ChecklistItemsTable {
  id: string;
  severity: Severity;
  position: number;
  text: string;
}

export interface ChecklistTicksTable {
  incident_id: string;
  /** Null once the item was removed from its checklist (the tick keeps its text). */
  item_id: string | null;
  text: string;
  ticked_by: ColumnType<string | null, string | null | undefined, string | null>;
  ticked_by_name: string;
  ticked_at: Timestamp;
}

export interface AlertRoutesTable {
  id: string;
  position: number;
  name: string;
  matchers: Generated<string>;
  component_ids: ColumnType<string[], string | undefined, string>;
  component_status: Generated<RouteComponentStatus>;
  severity: Generated<Severity>;
  update_template: string;
  action: Generated<RouteAction>;
  set_component_status: Generated<boolean>;
  auto_resolve: Generated<boolean>;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** One Alertmanager group (groupKey) or generic dedup_key, and the incident it belongs to. */
export interface AlertGroupsTable {
  id: string;
  source: AlertSource;
  dedupe_key: string;
  incident_id: string;
  route_id: string | null;
  status: AlertStatus;
  notifications: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentAlertsTable {
  group_id: string;
  fingerprint: string;
  incident_id: string;
  status: AlertStatus;
  name: string;
  labels: ColumnType<Record<string, string>, string, string>;
  annotations: ColumnType<Record<string, string>, string, string>;
  starts_at: Timestamp;
  ends_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  generator_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertIntakeHitsTable {
  token_id: string;
  at: Timestamp;
}

export interface IncidentComponentsTable {
  incident_id: string;
  component_id: string;
  status: ComponentStatus;
}

/** The status an incident's latest published external update gave a component. */
export interface IncidentComponentStatusesTable {
  incident_id: string;
  component_id: string;
  status: ComponentStatus;
}

export interface MaintenancesTable {
  id: string;
  title: string;
  impact: Generated<Impact | 'maintenance'>;
  status: MaintenanceStatus;
  scheduled_for: Timestamp;
  scheduled_until: Timestamp;
  started_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  reminder_hours: Generated<number>;
  reminded_at: Date | null;
  /** The reminder still owed (null: none); the sweep sends one whose job was lost. */
  remind_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When a corrected announcement was last emailed (its update is published at that instant). */
  correction_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  notify_start: Generated<boolean>;
  notify_complete: Generated<boolean>;
  auto_start: Generated<boolean>;
  auto_complete: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface MaintenanceComponentsTable {
  maintenance_id: string;
  component_id: string;
}

export interface UpdatesTable {
  id: string;
  incident_id: string | null;
  maintenance_id: string | null;
  audience: Audience;
  state: UpdateState;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  scheduled_for: Date | null;
  published_at: Date | null;
  deliver_notifications: Generated<boolean>;
  author_id: ColumnType<string | null, string | null | undefined, string | null>;
  published_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why a scheduled update was not published at its time (its author may no longer publish it); null: not blocked. */
  publish_blocked_reason: ColumnType<string | null, string | null | undefined, string | null>;
  publish_blocked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface UpdateComponentsTable {
  update_id: string;
  component_id: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface TimelineEventsTable {
  id: Generated<string>;
  incident_id: string | null;
  maintenance_id: string | null;
  kind: string;
  actor: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  actor_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The API token that acted (its name is in `actor`), when one did. */
  token_id: ColumnType<string | null, string | null | undefined, string | null>;
  occurred_at: CreatedAt;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  password_changed_at: CreatedAt;
  internal_notifications: Generated<boolean>;
  disabled_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: Uint8Array;
  created_at: CreatedAt;
  last_used_at: CreatedAt;
  expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  secret_hash: Uint8Array;
  scopes: ColumnType<string[], string, string>;
  created_by: string | null;
  created_by_name: string;
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  revoked_at: Date | null;
}

export interface ApiTokenHitsTable {
  token_id: string;
  at: Timestamp;
}

export interface ApiIdempotencyKeysTable {
  token_id: string;
  key: string;
  request_hash: string;
  status: number | null;
  body: string | null;
  created_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  account: string;
  ip: string;
  succeeded: boolean;
  attempted_at: CreatedAt;
  outcome: ColumnType<LoginAttemptOutcome, LoginAttemptOutcome | undefined, LoginAttemptOutcome>;
}

export type LoginAttemptOutcome = 'pending' | 'failed' | 'succeeded' | 'refused';

export interface SignInAlertsTable {
  account: string;
  alerted_at: Date;
}

export interface SetupTokensTable {
  id: string;
  secret_hash: Uint8Array;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface IncidentRolesTable {
  incident_id: string;
  user_id: string;
  role: IncidentRole;
  assigned_at: CreatedAt;
}

export interface UpdateTemplatesTable {
  id: string;
  name: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CadenceTargetsTable {
  severity: Severity;
  minutes: number | null;
}

export interface SubscribersTable {
  id: string;
  email: string;
  status: SubscriberStatus;
  token_hash: Uint8Array;
  confirmation_hash: Uint8Array | null;
  confirmation_expires_at: Date | null;
  all_components: Generated<boolean>;
  bounce_count: Generated<number>;
  created_at: CreatedAt;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  suspended_at: Date | null;
  suspended_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** A webhook subscriber's URL (posts instead of email); null for email subscribers. */
  webhook_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** The generic endpoint created when a webhook subscriber confirmed. */
  webhook_endpoint_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The language they subscribed in: their emails are written in it. */
  language: Generated<Language>;
}

export interface SubscriberComponentsTable {
  subscriber_id: string;
  component_id: string;
}

export interface SubscribeRequestsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  confirmation_sent: boolean;
  requested_at: CreatedAt;
}

export interface NotificationsTable {
  id: string;
  update_id: string;
  audience: Audience;
  kind: NotificationKind;
  created_at: CreatedAt;
  fanned_out_at: Date | null;
}

export interface DeliveriesTable {
  id: Generated<string>;
  /** Null for subscription mail (confirmations), which belongs to no update. */
  notification_id: string | null;
  kind: Generated<DeliveryKind>;
  /** What a subscription message's template needs (cleared once the delivery is done). */
  payload: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  subscriber_id: string | null;
  recipient: string;
  message_id: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: CreatedAt;
  claim_token: string | null;
  claim_expires_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
  /** The endpoint a 'webhook' delivery posts to. */
  webhook_endpoint_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InternalRecipientsTable {
  email: string;
  created_at: CreatedAt;
}

export interface AppSecretsTable {
  name: string;
  value: Uint8Array;
  created_at: CreatedAt;
}

export interface MailAlertsTable {
  id: Generated<string>;
  kind: MailAlertKind;
  opened_at: Date;
  closed_at: Date | null;
  detail: string;
  deliveries: Generated<number>;
}

/** One row per incident and overdue period: the nudge was sent (see src/incidents/notify-overdue.ts). */
export interface OverdueNudgesTable {
  incident_id: string;
  /** When the period's external update fell due. */
  due_at: Date;
  nudged_at: Date;
  recipients: number;
}

/** An outbound integration (src/webhooks/). */
export interface WebhookEndpointsTable {
  id: string;
  kind: WebhookKind;
  name: string;
  url: string;
  audience: WebhookAudience;
  events: ColumnType<WebhookEventType[], string, string>;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  owner_email: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
}

/** One attempt to post to an endpoint (the delivery log). */
export interface WebhookAttemptsTable {
  id: Generated<string>;
  endpoint_id: string;
  webhook_id: string;
  event: string;
  attempted_at: Date;
  http_status: number | null;
  latency_ms: number;
  response_snippet: string | null;
  error: string | null;
  outcome: WebhookAttemptOutcome;
}

export interface Database {
  page_settings: PageSettingsTable;
  user_invites: UserInvitesTable;
  page_version: PageVersionTable;
  component_groups: ComponentGroupsTable;
  components: ComponentsTable;
  component_status_intervals: ComponentStatusIntervalsTable;
  incidents: IncidentsTable;
  incident_components: IncidentComponentsTable;
  incident_component_statuses: IncidentComponentStatusesTable;
  maintenances: MaintenancesTable;
  maintenance_components: MaintenanceComponentsTable;
  updates: UpdatesTable;
  update_components: UpdateComponentsTable;
  timeline_events: TimelineEventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  sign_in_alerts: SignInAlertsTable;
  setup_tokens: SetupTokensTable;
  incident_roles: IncidentRolesTable;
  update_templates: UpdateTemplatesTable;
  cadence_targets: CadenceTargetsTable;
  subscribers: SubscribersTable;
  subscriber_components: SubscriberComponentsTable;
  subscribe_requests: SubscribeRequestsTable;
  notifications: NotificationsTable;
  deliveries: DeliveriesTable;
  internal_recipients: InternalRecipientsTable;
  app_secrets: AppSecretsTable;
  mail_alerts: MailAlertsTable;
  overdue_nudges: OverdueNudgesTable;
  api_tokens: ApiTokensTable;
  api_token_hits: ApiTokenHitsTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_attempts: WebhookAttemptsTable;
  alert_routes: AlertRoutesTable;
  alert_groups: AlertGroupsTable;
  incident_alerts: IncidentAlertsTable;
  alert_intake_hits: AlertIntakeHitsTable;
  root_cause_tags: RootCauseTagsTable;
  postmortems: PostmortemsTable;
  postmortem_settings: PostmortemSettingsTable;
  action_items: ActionItemsTable;
  action_item_components: ActionItemComponentsTable;
  runbook_versions: RunbookVersionsTable;
  checklist_items: ChecklistItemsTable;
  checklist_ticks: ChecklistTicksTable;
}

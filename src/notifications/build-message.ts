import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import type { NotificationComponent } from '../../db/queries/notifications.ts';
import type { NotificationKind } from '../domain/mail.ts';
import { incidentUpdateEmail } from '../../emails/incident-update.ts';
import { internalUpdateEmail } from '../../emails/internal-update.ts';
import { type MaintenancePhase, maintenanceUpdateEmail } from '../../emails/maintenance-update.ts';
import type { EmailComponent, EmailUpdate } from '../../emails/parts.ts';
import type { Impact, IncidentStatus, MaintenanceStatus } from '../domain/types.ts';
import { notificationHeaders, threadMessageId } from '../mail/headers.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { renderMarkdown } from '../markdown.ts';
import { describeComponentStatus, describeIncidentStatus } from '../status/overall-status.ts';
import { siteTitle } from '../settings/site-title.ts';
import { UTC, type TimeZone } from '../time/time-zone.ts';
import { formatInZone } from '../time/wall-clock.ts';
import { componentStatusText, incidentStatusText } from '../i18n/format.ts';
import { type Language, translator } from '../i18n/languages.ts';
import { instantText } from '../i18n/time-text.ts';

/**
 * Everything one notification's messages share, loaded once per batch; the
 * per-recipient parts (address, links, Message-ID) are added by buildMessage.
 */
export interface NotificationContent {
  kind: NotificationKind;
  pageName: string;
  publicUrl: string;
  /** The brand (page-brand.ts): absent in tests that do not care, then Herald's defaults and UTC. */
  logoUrl?: string | null;
  accent?: string | null;
  /** The zone the email's dates are written in: the page's. */
  timeZone?: TimeZone;
  unsubscribeMailto: string | null;
  update: { id: string; status: IncidentStatus | MaintenanceStatus; body: string; publishedAt: Date };
  incident: { id: string; title: string; impact: Impact } | null;
  maintenance: { id: string; title: string; scheduledFor: Date; scheduledUntil: Date; createdAt: Date; startedAt: Date | null; remindedAt: Date | null; correctionSentAt?: Date | null } | null;
  components: NotificationComponent[];
}

const PHASES: Readonly<Record<MaintenanceStatus, MaintenancePhase>> = {
  scheduled: 'announced',
  in_progress: 'starting',
  verifying: 'progress',
  completed: 'completed',
  cancelled: 'cancelled',
};

/**
 * The phase an update announces. A "scheduled" update after the announcement is
 * the reminder, or else a reschedule (editing without moving the window publishes nothing); an
 * "in progress" one after the start is an update posted during the window.
 */
function phaseOf(content: NotificationContent): MaintenancePhase {
  const phase = PHASES[content.update.status as MaintenanceStatus] ?? 'announced';
  const maintenance = content.maintenance;
  if (maintenance === null) return phase;
  const at = content.update.publishedAt.getTime();
  // The reminder marks its window with the time it published its update.
  if (phase === 'announced' && maintenance.remindedAt !== null && at === maintenance.remindedAt.getTime()) return 'reminder';
  // A correction the editor chose to email marks its window the same way.
  if (phase === 'announced' && maintenance.correctionSentAt !== undefined && maintenance.correctionSentAt !== null && at === maintenance.correctionSentAt.getTime()) return 'corrected';
  if (phase === 'announced' && at > maintenance.createdAt.getTime()) return 'rescheduled';
  if (phase === 'starting' && maintenance.startedAt !== null && at > maintenance.startedAt.getTime()) return 'progress';
  return phase;
}

/** A date as the email writes it: in the page's zone, named ("Nov 27, 2026, 12:40 CET"). */
function dateText(content: NotificationContent, date: Date): string {
  return formatInZone(date, content.timeZone ?? UTC);
}

/** The brand fields every template takes. */
function brand(content: NotificationContent): { pageName: string; pageUrl: string; logoUrl: string | null; accent: string | null } {
  return { pageName: content.pageName, pageUrl: content.publicUrl, logoUrl: content.logoUrl ?? null, accent: content.accent ?? null };
}

// The templates in emails/ are pure functions of their data: the words, the dates
// and the sanitized Markdown rendering are made here, once per message.
function emailUpdate(content: NotificationContent): EmailUpdate {
  return {
    bodyHtml: renderMarkdown(content.update.body),
    bodyMarkdown: content.update.body,
    publishedAtText: dateText(content, content.update.publishedAt),
  };
}

function emailComponents(content: NotificationContent): EmailComponent[] {
  return content.components.map((component) => ({ name: component.name, statusLabel: describeComponentStatus(component.status) }));
}

function threadKey(content: NotificationContent): string {
  return content.incident?.id ?? content.maintenance?.id ?? content.update.id;
}

/** Pure: one delivery's message. `linkToken` is the subscriber's unsubscribe/manage token (external only). */
export function buildMessage(content: NotificationContent, delivery: ClaimedDelivery, linkToken: string | null): OutgoingMessage {
  const base = content.publicUrl;
  if (content.kind === 'internal') {
    if (content.incident === null) throw new Error(`Internal notification of update ${content.update.id} without an incident`);
    const rendered = internalUpdateEmail({
      ...brand(content),
      incident: content.incident,
      update: { ...emailUpdate(content), statusLabel: describeIncidentStatus(content.update.status) },
      components: emailComponents(content),
      accountUrl: `${base}/admin/account`,
    });
    // The internal list has no subscriber links: people leave it from their account.
    const thread = threadMessageId(base, threadKey(content));
    return {
      to: delivery.recipient,
      ...rendered,
      fromName: siteTitle(content.pageName),
      messageId: delivery.messageId,
      headers: { 'In-Reply-To': thread, References: thread, 'Auto-Submitted': 'auto-generated' },
    };
  }

  if (linkToken === null) throw new Error(`Delivery ${delivery.id} to a subscriber needs a link token`);
  const query = `?token=${encodeURIComponent(linkToken)}`;
  const unsubscribeUrl = `${base}/unsubscribe${query}`;
  const manageUrl = `${base}/subscribe/manage${query}`;
  const headers = notificationHeaders({
    publicUrl: base,
    pageName: content.pageName,
    unsubscribeUrl,
    unsubscribeMailto: content.unsubscribeMailto,
    threadKey: threadKey(content),
  });

  // Written in the language the subscriber subscribed in; what staff wrote stays as written.
  const language: Language = delivery.subscriberLanguage ?? 'en';
  const tr = translator(language);
  const zone = content.timeZone ?? UTC;
  const localComponents = content.components.map((component) => ({ name: component.name, statusLabel: componentStatusText(tr, component.status) }));

  if (content.kind === 'maintenance') {
    const maintenance = content.maintenance;
    if (maintenance === null) throw new Error(`Maintenance notification of update ${content.update.id} without a maintenance`);
    const rendered = maintenanceUpdateEmail({
      ...brand(content),
      maintenance: {
        id: maintenance.id,
        title: maintenance.title,
        url: `${base}/#maintenance-${encodeURIComponent(maintenance.id)}`,
        scheduledForText: instantText(language, maintenance.scheduledFor, zone),
        scheduledUntilText: instantText(language, maintenance.scheduledUntil, zone),
      },
      phase: phaseOf(content),
      update: { ...emailUpdate(content), publishedAtText: instantText(language, content.update.publishedAt, zone) },
      components: localComponents,
      unsubscribeUrl,
      manageUrl,
      language,
    });
    return { to: delivery.recipient, ...rendered, fromName: siteTitle(content.pageName), messageId: delivery.messageId, headers };
  }

  const incident = content.incident;
  if (incident === null) throw new Error(`Incident notification of update ${content.update.id} without an incident`);
  const rendered = incidentUpdateEmail({
    ...brand(content),
    incident: { ...incident, url: `${base}/incidents/${encodeURIComponent(incident.id)}` },
    update: {
      ...emailUpdate(content),
      publishedAtText: instantText(language, content.update.publishedAt, zone),
      statusLabel: incidentStatusText(tr, content.update.status),
    },
    components: localComponents,
    unsubscribeUrl,
    manageUrl,
    language,
  });
  return { to: delivery.recipient, ...rendered, fromName: siteTitle(content.pageName), messageId: delivery.messageId, headers };
}

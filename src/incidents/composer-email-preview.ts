import type { Db } from '../../db/client.ts';
import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import type { Config } from '../config.ts';
import type { IncidentDetail } from '../domain/incident-views.ts';
import type { ComponentStatus, IncidentStatus } from '../domain/types.ts';
import { buildMessage, type NotificationContent } from '../notifications/build-message.ts';
import { pageBrandOf } from '../notifications/page-brand.ts';
import type { ComposerRecipients } from './composer-audience.ts';
import type { ComposerValues } from './composer-form.ts';

/**
 * The email the composer's update would send, before it is published: built by
 * buildMessage, the function that builds the real messages, from the same kind of
 * content the delivery loop loads, so the preview cannot drift from what is sent.
 * Only the per-recipient parts are stand-ins: the address, and a link token that
 * opens nothing (the real one is each subscriber's own).
 */

export interface EmailPreview {
  audience: 'external' | 'internal';
  /** Who would receive it: subscribers, or the internal list. */
  recipients: number;
  /** External with "notify" unticked: nobody is emailed, the preview shows what they would have got. */
  sent: boolean;
  subject: string;
  html: string;
  text: string;
}

export const PREVIEW_RECIPIENT = 'subscriber@example.com';
const PREVIEW_TOKEN = 'preview';

/**
 * The components the message lists, as listNotificationComponents would once
 * published: the update's own changes when it has any, else the incident's.
 */
function previewComponents(incident: IncidentDetail, values: ComposerValues, names: ReadonlyMap<string, string>): NotificationContent['components'] {
  const changes = values.audience === 'internal' ? [] : Object.entries(values.components).filter(([id, status]) => status !== '' && names.has(id));
  if (changes.length > 0) return changes.map(([id, status]) => ({ name: names.get(id) ?? id, status: status as ComponentStatus }));
  return incident.components.map((c) => ({ name: c.name, status: c.incidentStatus }));
}

export async function buildEmailPreview(
  db: Db,
  config: Pick<Config, 'publicUrl' | 'unsubscribeMailto'>,
  input: { incident: IncidentDetail; values: ComposerValues; recipients: ComposerRecipients; componentNames: ReadonlyMap<string, string>; now: Date },
): Promise<EmailPreview> {
  const { incident, values, now } = input;
  const internal = values.audience === 'internal';
  const content: NotificationContent = {
    kind: internal ? 'internal' : 'incident',
    ...pageBrandOf(await findPageSettings(db), config.publicUrl),
    publicUrl: config.publicUrl,
    unsubscribeMailto: config.unsubscribeMailto,
    update: { id: 'preview', status: (values.status || incident.status) as IncidentStatus, body: values.body, publishedAt: now },
    incident: { id: incident.id, title: incident.title, impact: incident.impact },
    maintenance: null,
    components: previewComponents(incident, values, input.componentNames),
  };
  const delivery: ClaimedDelivery = {
    id: 'preview',
    kind: 'notification',
    notificationId: 'preview',
    payload: null,
    subscriberId: internal ? null : 'preview',
    recipient: PREVIEW_RECIPIENT,
    messageId: '<preview@herald>',
    attempts: 0,
    subscriberStatus: internal ? null : 'confirmed',
  };
  const message = buildMessage(content, delivery, internal ? null : PREVIEW_TOKEN);
  return {
    audience: internal ? 'internal' : 'external',
    recipients: internal ? input.recipients.internalList : input.recipients.subscribers,
    sent: internal || values.notify,
    subject: message.subject,
    html: message.html,
    text: message.text,
  };
}

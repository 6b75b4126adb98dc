import { listMailAlerts, type MailAlert } from '../../db/queries/mail-alerts.ts';
import { type Actor, can } from '../auth/permissions.ts';
import type { Services } from '../services.ts';

/** How far back the dashboard and outbox show delivery notices (open outages always). */
const NOTICE_DAYS = 7;

export interface MailNotice {
  id: string;
  /** Still going on (an open relay outage): shown as an alert, first. */
  ongoing: boolean;
  openedAt: Date;
  closedAt: Date | null;
  text: string;
}

/** Pure: what the admins read about one alert. */
export function describeMailAlert(alert: MailAlert): MailNotice {
  const base = { id: alert.id, openedAt: alert.openedAt, closedAt: alert.closedAt };
  if (alert.kind === 'relay-outage') {
    const held = alert.deliveries > 0 ? ` ${alert.deliveries} refused ${alert.deliveries === 1 ? 'message was' : 'messages were'} held back.` : '';
    if (alert.closedAt === null) {
      return {
        ...base,
        ongoing: true,
        text: `The email relay is failing: ${alert.detail}. Sending is paused and retried on its own; no subscriber is counted as bouncing.${held} Check SMTP_URL and the relay.`,
      };
    }
    const minutes = Math.max(1, Math.round((alert.closedAt.getTime() - alert.openedAt.getTime()) / 60_000));
    return { ...base, ongoing: false, text: `The email relay failed for about ${minutes} min (${alert.detail}). Everything held back was sent once it recovered; no subscriber was counted as bouncing.${held}` };
  }
  return { ...base, ongoing: false, text: alert.detail };
}

/**
 * Delivery notices for the dashboard and the outbox. Shown to whoever may see the
 * outbox (admin and comms, 'template.manage'): the people who need to know that
 * what they publish is not reaching subscribers. Others get none.
 */
export async function loadMailNotices(services: Services, actor: Actor): Promise<MailNotice[]> {
  if (!can(actor.role, 'template.manage')) return [];
  const since = new Date(services.now().getTime() - NOTICE_DAYS * 24 * 3_600_000);
  const notices = (await listMailAlerts(services.db, since)).map(describeMailAlert);
  return [...notices.filter((n) => n.ongoing), ...notices.filter((n) => !n.ongoing)];
}

import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { overdueUpdateEmail } from '../../emails/overdue-update.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { siteTitle } from '../settings/site-title.ts';
import { UTC, type TimeZone } from '../time/time-zone.ts';
import { formatInZone } from '../time/wall-clock.ts';

/** What notify-overdue.ts queues with an 'overdue-nudge' delivery (deliveries.payload). */
export interface OverdueNudgePayload {
  incidentId: string;
  title: string;
  severity: string;
  name: string;
  roleLabel: string;
  targetMinutes: number;
  /** ISO instants. */
  lastUpdateAt: string;
  dueAt: string;
}

export function isOverdueNudgePayload(value: unknown): value is OverdueNudgePayload {
  const p = value as Partial<OverdueNudgePayload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    ['incidentId', 'title', 'severity', 'name', 'roleLabel', 'lastUpdateAt', 'dueAt'].every((key) => typeof p[key as keyof OverdueNudgePayload] === 'string') &&
    typeof p.targetMinutes === 'number'
  );
}

/** Pure: the nudge's message; null when the payload is unusable (the delivery is then skipped). */
export function buildOverdueNudgeMessage(
  delivery: ClaimedDelivery,
  context: { pageName: string; publicUrl: string; logoUrl?: string | null; accent?: string | null; timeZone?: TimeZone },
): OutgoingMessage | null {
  const payload = delivery.payload;
  if (!isOverdueNudgePayload(payload)) return null;
  // Dates in the page's zone, like every email (the brand's default: UTC).
  const when = (iso: string): string => formatInZone(new Date(iso), context.timeZone ?? UTC);
  const rendered = overdueUpdateEmail({
    pageName: context.pageName,
    pageUrl: context.publicUrl,
    logoUrl: context.logoUrl ?? null,
    accent: context.accent ?? null,
    name: payload.name,
    roleLabel: payload.roleLabel,
    incident: { title: payload.title, severity: payload.severity },
    targetMinutes: payload.targetMinutes,
    lastUpdateText: when(payload.lastUpdateAt),
    dueAtText: when(payload.dueAt),
    incidentUrl: `${context.publicUrl}/admin/incidents/${encodeURIComponent(payload.incidentId)}`,
  });
  return { to: delivery.recipient, ...rendered, fromName: siteTitle(context.pageName), messageId: delivery.messageId, headers: { 'Auto-Submitted': 'auto-generated' } };
}

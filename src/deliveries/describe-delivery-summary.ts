import type { DeliverySummary } from '../domain/mail.ts';

/**
 * "Email: 480 sent · 12 queued · 1 failed". One wording for the page and for the
 * JSON its script polls, so the line reads the same before and after a refresh.
 * Zero counts are left out, except "sent" once anything was delivered or tried.
 */
export function describeDeliverySummary(summary: DeliverySummary): string {
  const parts: string[] = [];
  const total = summary.queued + summary.sending + summary.sent + summary.failed + summary.skipped;
  if (total === 0) return 'Email: no messages queued yet';
  parts.push(`${summary.sent} sent`);
  if (summary.sending > 0) parts.push(`${summary.sending} sending`);
  if (summary.queued > 0) parts.push(`${summary.queued} queued`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  return `Email: ${parts.join(' · ')}`;
}

/** Whether there is still something to wait for: deliveries not yet fanned out, queued or in flight. */
export function isDeliveryInProgress(summary: DeliverySummary): boolean {
  const total = summary.queued + summary.sending + summary.sent + summary.failed + summary.skipped;
  return total === 0 || summary.queued + summary.sending > 0;
}

import type { DeliverySummary } from '../domain/mail.ts';

/**
 * "Email: 480 sent · 12 queued · 1 failed". One wording for the page and for the
 * JSON its script polls, so the line reads the same before and after a refresh.
 * Zero counts are left out, except "sent" once anything was delivered or tried.
 * Before the fan-out there is nothing to count yet; after it, none means nobody
 * (no confirmed subscriber follows the update's components, or an empty internal list).
 */
export function describeDeliverySummary(summary: DeliverySummary): string {
  const parts: string[] = [];
  const total = summary.queued + summary.sending + summary.sent + summary.failed + summary.skipped;
  if (total === 0 && !summary.fannedOut) return 'Email: no messages queued yet';
  // Fanned out to nobody: say so, rather than "not yet" forever.
  if (total === 0) return summary.audience === 'internal' ? 'Email: nobody is on the internal list' : 'Email: no subscriber matched';
  parts.push(`${summary.sent} sent`);
  if (summary.sending > 0) parts.push(`${summary.sending} sending`);
  if (summary.queued > 0) parts.push(`${summary.queued} queued`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  return `Email: ${parts.join(' · ')}`;
}

/** Whether there is still something to wait for: deliveries not yet fanned out, queued or in flight. */
export function isDeliveryInProgress(summary: DeliverySummary): boolean {
  return !summary.fannedOut || summary.queued + summary.sending > 0;
}

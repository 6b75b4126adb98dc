import { reactivateSuspendedSubscribers } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';

/** Which suspended subscribers to reactivate: chosen ones, or all suspended since a time. */
export type ReactivationTarget = { ids: unknown } | { suspendedSince: unknown };

export type ReactivateResult = { ok: true; reactivated: string[] } | { ok: false; error: string };

const MAX_IDS = 1000;

function parseIds(value: unknown): string[] | null {
  const list = Array.isArray(value) ? value : [value];
  const ids = list.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 64);
  return ids.length === 0 || ids.length > MAX_IDS ? null : [...new Set(ids)];
}

/** "2026-11-29T10:00" (a datetime-local field, read as UTC) or a full ISO 8601 instant. */
export function parseSuspendedSince(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text) ? `${text}Z` : text;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Puts suspended subscribers back to confirmed, with a clean bounce count: after a
 * relay outage that was wrongly taken for bounces (before Herald told them apart),
 * or once an address is known to work again. One, several, or every subscriber
 * suspended since a time (the start of an outage). Admins only; audited with the
 * addresses. Subscribers who are not suspended are left alone.
 */
export async function reactivateSubscribers(services: Services, actor: Actor, target: ReactivationTarget): Promise<ReactivateResult> {
  requirePermission(actor, 'settings.manage');
  let selection: { ids: string[] } | { suspendedSince: Date };
  if ('ids' in target) {
    const ids = parseIds(target.ids);
    if (ids === null) return { ok: false, error: 'Choose at least one suspended subscriber.' };
    selection = { ids };
  } else {
    const since = parseSuspendedSince(target.suspendedSince);
    if (since === null) return { ok: false, error: 'Enter the time from which suspended subscribers should be reactivated, e.g. 2026-11-29 10:00 (UTC).' };
    selection = { suspendedSince: since };
  }
  return services.db.transaction().execute(async (trx) => {
    const reactivated = await reactivateSuspendedSubscribers(trx, selection);
    if (reactivated.length > 0) {
      await insertTimelineEvent(trx, {
        kind: 'subscribers.reactivated',
        ...auditActor(actor),
        details: {
          count: reactivated.length,
          ...('suspendedSince' in selection ? { suspendedSince: selection.suspendedSince.toISOString() } : {}),
          emails: reactivated.slice(0, 50).map((s) => s.email),
        },
        occurredAt: services.now(),
      });
    }
    return { ok: true, reactivated: reactivated.map((s) => s.email) };
  });
}

import { listSubscribersForExport } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { toCsv } from './csv.ts';
import type { SubscriberExportRow } from '../domain/subscriber.ts';

export const EXPORT_HEADER = ['email', 'status', 'components', 'created_at', 'confirmed_at'] as const;

/** The CSV (pure): components by name separated by ";", empty for all components. */
export function buildSubscribersCsv(rows: readonly SubscriberExportRow[]): string {
  return toCsv([
    [...EXPORT_HEADER],
    ...rows.map((row) => [row.email, row.status, row.components?.join(';') ?? '', row.createdAt.toISOString(), row.confirmedAt?.toISOString() ?? '']),
  ]);
}

/** Every subscriber as CSV. Bulk personal data: needs 'settings.manage' (admins); audited. */
export async function exportSubscribers(services: Services, actor: Actor): Promise<string> {
  requirePermission(actor, 'settings.manage');
  const rows = await listSubscribersForExport(services.db);
  await insertTimelineEvent(services.db, { kind: 'subscribers.exported', ...auditActor(actor), details: { rows: rows.length }, occurredAt: services.now() });
  return buildSubscribersCsv(rows);
}

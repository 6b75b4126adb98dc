import { listSubscribersForExport } from '../../db/queries/subscribers.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { toCsv } from './csv.ts';
import type { SubscriberExportRow } from './subscriber.ts';

export const EXPORT_HEADER = ['email', 'status', 'components', 'created_at', 'confirmed_at'] as const;

/** The CSV (pure): components by name separated by ";", empty for all components. */
export function buildSubscribersCsv(rows: readonly SubscriberExportRow[]): string {
  return toCsv([
    [...EXPORT_HEADER],
    ...rows.map((row) => [row.email, row.status, row.components?.join(';') ?? '', row.createdAt.toISOString(), row.confirmedAt?.toISOString() ?? '']),
  ]);
}

/** Every subscriber as CSV. Bulk personal data: needs 'settings.manage'. */
export async function exportSubscribers(services: Services, actor: Actor): Promise<string> {
  requirePermission(actor, 'settings.manage');
  return buildSubscribersCsv(await listSubscribersForExport(services.db));
}

import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { MailAlertKind } from '../../src/domain/mail.ts';

/** Something the admins are told about email delivery. */
export interface MailAlert {
  id: string;
  kind: MailAlertKind;
  openedAt: Date;
  /** When a relay outage ended (null while it lasts; set at once for expiries). */
  closedAt: Date | null;
  detail: string;
  /** Deliveries concerned: held back by the outage, or given up. */
  deliveries: number;
}

function toAlert(row: { id: string; kind: MailAlertKind; opened_at: Date; closed_at: Date | null; detail: string; deliveries: number }): MailAlert {
  return { id: String(row.id), kind: row.kind, openedAt: row.opened_at, closedAt: row.closed_at, detail: row.detail, deliveries: row.deliveries };
}

/**
 * Opens the relay outage unless one is open already (a partial unique index allows
 * one): true only for the caller that opened it, who tells the admins.
 */
export async function openRelayOutage(db: Db, at: Date, detail: string): Promise<boolean> {
  const result = await sql`
    insert into mail_alerts (kind, opened_at, detail)
    values ('relay-outage', ${at}, ${detail.slice(0, 1000)})
    on conflict (kind) where closed_at is null and kind = 'relay-outage' do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Counts deliveries held back by the open outage (for the notice). */
export async function addToOpenRelayOutage(db: Db, deliveries: number): Promise<void> {
  if (deliveries <= 0) return;
  await db
    .updateTable('mail_alerts')
    .set({ deliveries: sql`deliveries + ${deliveries}` })
    .where('kind', '=', 'relay-outage')
    .where('closed_at', 'is', null)
    .execute();
}

/** Closes the open outage; true when there was one (the caller logs the recovery). */
export async function closeRelayOutage(db: Db, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('mail_alerts')
    .set({ closed_at: at })
    .where('kind', '=', 'relay-outage')
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertExpiredRetriesAlert(db: Db, at: Date, deliveries: number, detail: string): Promise<void> {
  await db.insertInto('mail_alerts').values({ kind: 'retries-expired', opened_at: at, closed_at: at, detail: detail.slice(0, 1000), deliveries }).execute();
}

/** The open outage, if any, and every alert since `since`, newest first. */
export async function listMailAlerts(db: Db, since: Date, limit = 20): Promise<MailAlert[]> {
  const rows = await db
    .selectFrom('mail_alerts')
    .select(['id', 'kind', 'opened_at', 'closed_at', 'detail', 'deliveries'])
    .where((w) => w.or([w('closed_at', 'is', null), w('opened_at', '>=', since)]))
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAlert);
}

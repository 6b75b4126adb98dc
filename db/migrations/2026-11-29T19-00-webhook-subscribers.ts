import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Public webhook subscribers (issue 10): a subscriber may ask for webhook posts instead
// of email. webhook_url is what they typed (kept while pending: nothing is posted until
// the contact confirms by email); webhook_endpoint_id is the generic endpoint created
// on confirmation (deliveries go through the webhook channel; unsubscribing disables it).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscribers add column webhook_url text`.execute(db);
  await sql`alter table subscribers add column webhook_endpoint_id text references webhook_endpoints(id) on delete set null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table subscribers drop column webhook_endpoint_id`.execute(db);
  await sql`alter table subscribers drop column webhook_url`.execute(db);
}

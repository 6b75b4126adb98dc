import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { WebhookAudience, WebhookEndpoint, WebhookEventType, WebhookKind } from '../../src/domain/webhook.ts';

const COLUMNS = [
  'id',
  'kind',
  'name',
  'url',
  'audience',
  'events',
  'secret',
  'previous_secret',
  'previous_secret_expires_at',
  'owner_email',
  'created_by',
  'created_at',
  'updated_at',
  'disabled_at',
  'disabled_reason',
  'failing_since',
] as const;

type Row = {
  id: string;
  kind: WebhookKind;
  name: string;
  url: string;
  audience: WebhookAudience;
  events: WebhookEventType[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  owner_email: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
};

function toEndpoint(row: Row): WebhookEndpoint {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: row.url,
    audience: row.audience,
    events: row.events,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    ownerEmail: row.owner_email,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
  };
}

export interface NewWebhookEndpoint {
  id: string;
  kind: WebhookKind;
  name: string;
  url: string;
  audience: WebhookAudience;
  events: readonly WebhookEventType[];
  secret: string;
  ownerEmail: string;
  createdBy: string;
  at: Date;
}

export async function insertWebhookEndpoint(db: Db, endpoint: NewWebhookEndpoint): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({
      id: endpoint.id,
      kind: endpoint.kind,
      name: endpoint.name,
      url: endpoint.url,
      audience: endpoint.audience,
      events: JSON.stringify(endpoint.events),
      secret: endpoint.secret,
      owner_email: endpoint.ownerEmail,
      created_by: endpoint.createdBy,
      created_at: endpoint.at,
      updated_at: endpoint.at,
    })
    .execute();
}

export async function findWebhookEndpointById(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<WebhookEndpoint | null> {
  let query = db.selectFrom('webhook_endpoints').select(COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

/** The endpoints a batch posts to, by id. */
export async function findWebhookEndpointsByIds(db: Db, ids: readonly string[]): Promise<Map<string, WebhookEndpoint>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('webhook_endpoints').select(COLUMNS).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, toEndpoint(row)]));
}

export interface WebhookEndpointListing extends WebhookEndpoint {
  lastAttempt: { at: Date; outcome: string; httpStatus: number | null; error: string | null } | null;
}

/** Every endpoint, by name, with its last attempt (the integrations list). */
export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpointListing[]> {
  const rows = await db
    .selectFrom('webhook_endpoints as e')
    .leftJoinLateral(
      (eb) => eb.selectFrom('webhook_attempts as a').select(['a.attempted_at', 'a.outcome', 'a.http_status', 'a.error']).whereRef('a.endpoint_id', '=', 'e.id').orderBy('a.id', 'desc').limit(1).as('last'),
      (join) => join.onTrue(),
    )
    .select(COLUMNS.map((column) => `e.${column}` as const))
    .select(['last.attempted_at', 'last.outcome', 'last.http_status', 'last.error'])
    .orderBy(sql`lower(e.name)`)
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    ...toEndpoint(row as Row),
    lastAttempt: row.attempted_at === null || row.outcome === null ? null : { at: row.attempted_at, outcome: row.outcome, httpStatus: row.http_status, error: row.error },
  }));
}

export interface WebhookEndpointChanges {
  name: string;
  url: string;
  kind: WebhookKind;
  audience: WebhookAudience;
  events: readonly WebhookEventType[];
  ownerEmail: string;
}

export async function updateWebhookEndpoint(db: Db, id: string, changes: WebhookEndpointChanges, at: Date): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({
      name: changes.name,
      url: changes.url,
      kind: changes.kind,
      audience: changes.audience,
      events: JSON.stringify(changes.events),
      owner_email: changes.ownerEmail,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/** A new secret; the old one keeps signing until `overlapUntil`. */
export async function rotateWebhookSecret(db: Db, id: string, secret: string, overlapUntil: Date, at: Date): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({ previous_secret: sql`secret`, previous_secret_expires_at: overlapUntil, secret, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function setWebhookEndpointEnabled(db: Db, id: string, enabled: boolean, reason: string | null, at: Date): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set(enabled ? { disabled_at: null, disabled_reason: null, failing_since: null, updated_at: at } : { disabled_at: at, disabled_reason: reason, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteWebhookEndpoint(db: Db, id: string): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/** A 2xx: these endpoints work again. */
export async function markWebhookEndpointsHealthy(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', 'in', [...ids]).where('failing_since', 'is not', null).execute();
}

/**
 * A failure: remembers when the failing began (`since`) and, once it has lasted `disableAfterMs`,
 * disables the endpoint. Returns the endpoint when THIS call disabled it (so its
 * owner is told once, whatever the number of workers), else null.
 */
export async function recordWebhookEndpointFailure(db: Db, id: string, failure: { at: Date; since: Date }, disableAfterMs: number, reason: string): Promise<WebhookEndpoint | null> {
  const at = failure.at;
  await db.updateTable('webhook_endpoints').set({ failing_since: failure.since }).where('id', '=', id).where('failing_since', 'is', null).execute();
  const row = await db
    .updateTable('webhook_endpoints')
    .set({ disabled_at: at, disabled_reason: reason.slice(0, 1000), updated_at: at })
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where('failing_since', '<=', new Date(at.getTime() - disableAfterMs))
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

/** Who owns an endpoint when nobody is named: the admin adding it, else the longest-standing admin. */
export async function findDefaultOwnerEmail(db: Db, userId: string | null): Promise<string | null> {
  if (userId !== null) {
    const own = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    if (own) return own.email;
  }
  const admin = await db.selectFrom('users').select('email').where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return admin?.email ?? null;
}

import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { WebhookAttempt } from '../../src/domain/webhook.ts';

/** The delivery log keeps this many attempts per endpoint. */
export const ATTEMPTS_KEPT = 100;

export type NewWebhookAttempt = Omit<WebhookAttempt, 'id'>;

/**
 * Logs attempts (a batch's, in one insert) and drops each endpoint's attempts
 * beyond its last ATTEMPTS_KEPT.
 */
export async function insertWebhookAttempts(db: Db, attempts: readonly NewWebhookAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  await db
    .insertInto('webhook_attempts')
    .values(
      attempts.map((attempt) => ({
        endpoint_id: attempt.endpointId,
        webhook_id: attempt.webhookId,
        event: attempt.event,
        attempted_at: attempt.attemptedAt,
        http_status: attempt.httpStatus,
        latency_ms: attempt.latencyMs,
        // Postgres text holds no NUL byte.
        response_snippet: attempt.responseSnippet?.replace(/\0/g, '') ?? null,
        error: attempt.error?.slice(0, 1000) ?? null,
        outcome: attempt.outcome,
      })),
    )
    .execute();
  const endpoints = [...new Set(attempts.map((attempt) => attempt.endpointId))];
  await sql`
    delete from webhook_attempts a
    using (
      select id, row_number() over (partition by endpoint_id order by id desc) as rank
      from webhook_attempts
      where endpoint_id in (${sql.join(endpoints)})
    ) ranked
    where a.id = ranked.id and ranked.rank > ${ATTEMPTS_KEPT}`.execute(db);
}

export async function listWebhookAttempts(db: Db, endpointId: string, limit = ATTEMPTS_KEPT): Promise<WebhookAttempt[]> {
  const rows = await db.selectFrom('webhook_attempts').selectAll().where('endpoint_id', '=', endpointId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    id: String(row.id),
    endpointId: row.endpoint_id,
    webhookId: row.webhook_id,
    event: row.event,
    attemptedAt: row.attempted_at,
    httpStatus: row.http_status,
    latencyMs: row.latency_ms,
    responseSnippet: row.response_snippet,
    error: row.error,
    outcome: row.outcome,
  }));
}

import type { Selectable } from 'kysely';
import type { ApiToken } from '../../src/domain/api-token.ts';
import type { Db } from '../client.ts';
import type { ApiTokensTable } from '../schema.ts';

export interface ApiTokenRow extends ApiToken {
  secretHash: Uint8Array;
}

function toToken(row: Selectable<ApiTokensTable>): ApiTokenRow {
  return {
    id: row.id,
    name: row.name,
    scopes: Array.isArray(row.scopes) ? row.scopes.map(String) : [],
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
    secretHash: new Uint8Array(row.secret_hash),
  };
}

export async function insertApiToken(
  db: Db,
  token: { id: string; name: string; secretHash: Uint8Array; scopes: string[]; createdBy: string | null; createdByName: string; createdAt: Date; expiresAt: Date | null },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      name: token.name,
      secret_hash: token.secretHash,
      scopes: JSON.stringify(token.scopes),
      created_by: token.createdBy,
      created_by_name: token.createdByName,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** An active (not revoked) token with this name, case-insensitively. */
export async function findActiveApiTokenByName(db: Db, name: string): Promise<{ id: string } | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export async function findApiTokenById(db: Db, id: string): Promise<ApiTokenRow | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toToken(row) : null;
}

/** Every token, newest first: active ones, then revoked ones. */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy((eb) => eb('revoked_at', 'is', null), 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const { secretHash: _hash, ...token } = toToken(row);
    return token;
  });
}

/** Marks a token revoked; false when there is no such token or it already was. */
export async function revokeApiToken(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a use, unless one was recorded less than `throttleMs` ago (one write a minute at most). */
export async function touchApiToken(db: Db, id: string, at: Date, ip: string, throttleMs: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at, last_used_ip: ip })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', new Date(at.getTime() - throttleMs))]))
    .execute();
}

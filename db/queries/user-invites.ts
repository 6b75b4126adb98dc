import type { Db } from '../client.ts';

/** A one-time invitation link; only a SHA-256 hash of its secret is kept. */
export interface UserInvite {
  id: string;
  userId: string;
  secretHash: Uint8Array;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertUserInvite(db: Db, invite: { id: string; userId: string; secretHash: Uint8Array; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('user_invites')
    .values({ id: invite.id, user_id: invite.userId, secret_hash: invite.secretHash, created_at: invite.now, expires_at: invite.expiresAt })
    .execute();
}

/** The invite, locked until the transaction ends so two tabs cannot both use it. */
export async function findUserInviteForUpdate(db: Db, id: string): Promise<UserInvite | null> {
  const row = await db.selectFrom('user_invites').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, secretHash: new Uint8Array(row.secret_hash), expiresAt: row.expires_at, usedAt: row.used_at } : null;
}

export async function markUserInviteUsed(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('user_invites').set({ used_at: at }).where('id', '=', id).execute();
}

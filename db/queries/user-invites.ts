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

/** How a person's invitation stands: still to be accepted (with its newest link's end), or none pending. */
export interface PendingInvite {
  userId: string;
  /** When the newest link stops working. */
  expiresAt: Date;
}

/**
 * The people whose invitation is not accepted yet: they have a link and none of
 * their links was ever used. Accepted invitations and accounts made without one
 * (the first admin, `herald user create`) are not listed.
 */
export async function listPendingInvites(db: Db, userId?: string): Promise<PendingInvite[]> {
  let query = db
    .selectFrom('user_invites')
    .select((eb) => ['user_id', eb.fn.max('expires_at').as('expires_at')])
    .groupBy('user_id')
    .having((eb) => eb.fn.count('used_at'), '=', 0);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const rows = await query.execute();
  return rows.map((row) => ({ userId: row.user_id, expiresAt: new Date(row.expires_at as unknown as string | Date) }));
}

/** Locks a person's invitation rows; returns whether one is still pending (none used). */
export async function lockPendingInvite(db: Db, userId: string): Promise<boolean> {
  const rows = await db.selectFrom('user_invites').select(['id', 'used_at']).where('user_id', '=', userId).forUpdate().execute();
  return rows.length > 0 && rows.every((row) => row.used_at === null);
}

/** Ends every unused link of a person (a new one replaces them, or the invitation is revoked). */
export async function deleteUnusedUserInvites(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_invites').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

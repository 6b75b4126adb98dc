import type { Role, User } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { UsersTable } from '../schema.ts';
import { type Selectable, sql } from 'kysely';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    internalNotifications: row.internal_notifications,
    disabledAt: row.disabled_at,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
  };
}

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** The user and their password hash, for signing in; email compared case-insensitively. */
export async function findUserCredentials(db: Db, email: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

export async function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  return (await findUserCredentials(db, email))?.user ?? null;
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('name').orderBy('email').execute();
  return rows.map(toUser);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Ids of the admins who are not disabled, locked until the transaction ends, so two
 * concurrent changes cannot together leave the hub without an admin.
 */
export async function lockActiveAdminIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('id').forUpdate().execute();
  return rows.map((row) => row.id);
}

export async function insertUser(db: Db, user: { email: string; name: string; role: Role; passwordHash: string; now: Date }): Promise<string> {
  const id = await insertUserUnlessEmailTaken(db, user);
  if (id === null) throw new Error(`A user with the email ${user.email} already exists`);
  return id;
}

/** Inserts a user; null when the email (compared case-insensitively) is already taken. */
export async function insertUserUnlessEmailTaken(
  db: Db,
  user: { email: string; name: string; role: Role; passwordHash: string; now: Date },
): Promise<string | null> {
  const id = newId();
  const at = user.now;
  const result = await db
    .insertInto('users')
    .values({ id, email: user.email, name: user.name, role: user.role, password_hash: user.passwordHash, password_changed_at: at, created_at: at, updated_at: at })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? id : null;
}

export async function updateUserPassword(db: Db, userId: string, passwordHash: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: at, updated_at: at }).where('id', '=', userId).execute();
}

export async function updateUserRole(db: Db, userId: string, role: Role, at: Date): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: at }).where('id', '=', userId).execute();
}

export async function setUserDisabled(db: Db, userId: string, disabledAt: Date | null, at: Date): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: at }).where('id', '=', userId).execute();
}

/** Whether the user gets internal updates by email (the internal mailing list). */
export async function setUserInternalNotifications(db: Db, userId: string, enabled: boolean, at: Date): Promise<void> {
  await db.updateTable('users').set({ internal_notifications: enabled, updated_at: at }).where('id', '=', userId).execute();
}

/** Removes an account and, by cascade, its sessions, invitations and incident roles. */
export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

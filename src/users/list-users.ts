import { listUserSessions } from '../../db/queries/sessions.ts';
import { findUserById, listUsers } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Session, User } from '../domain/types.ts';
import type { Services } from '../services.ts';

/** Everyone with an account, for /admin/users (admins only: emails are personal data). */
export async function listUsersForAdmin(services: Services, actor: Actor): Promise<User[]> {
  requirePermission(actor, 'user.manage');
  return listUsers(services.db);
}

/** One user and their sessions, for /admin/users/<id>; null when there is no such user. */
export async function findUserForAdmin(services: Services, actor: Actor, userId: string): Promise<{ user: User; sessions: Session[] } | null> {
  requirePermission(actor, 'user.manage');
  const user = await findUserById(services.db, userId);
  return user ? { user, sessions: await listUserSessions(services.db, user.id) } : null;
}

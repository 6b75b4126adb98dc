import { listUserSessions } from '../../db/queries/sessions.ts';
import { listPendingInvites } from '../../db/queries/user-invites.ts';
import { findUserById, listUsers } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Session, User } from '../domain/types.ts';
import type { Services } from '../services.ts';

/** An invitation not accepted yet: its link still works until `expiresAt`, or it has expired. */
export interface InviteStanding {
  state: 'pending' | 'expired';
  expiresAt: Date;
}

export interface UserListItem {
  user: User;
  /** Null once accepted, or for an account made without an invitation. */
  invite: InviteStanding | null;
}

function standing(expiresAt: Date | undefined, now: Date): InviteStanding | null {
  if (expiresAt === undefined) return null;
  return { state: expiresAt.getTime() > now.getTime() ? 'pending' : 'expired', expiresAt };
}

/** Everyone with an account, for /admin/users (admins only: emails are personal data). */
export async function listUsersForAdmin(services: Services, actor: Actor): Promise<UserListItem[]> {
  requirePermission(actor, 'user.manage');
  const [users, pending] = await Promise.all([listUsers(services.db), listPendingInvites(services.db)]);
  const expiries = new Map(pending.map((invite) => [invite.userId, invite.expiresAt]));
  const now = services.now();
  return users.map((user) => ({ user, invite: standing(expiries.get(user.id), now) }));
}

/** One user, their sessions and invitation, for /admin/users/<id>; null when there is no such user. */
export async function findUserForAdmin(services: Services, actor: Actor, userId: string): Promise<{ user: User; sessions: Session[]; invite: InviteStanding | null } | null> {
  requirePermission(actor, 'user.manage');
  const user = await findUserById(services.db, userId);
  if (!user) return null;
  const [sessions, pending] = await Promise.all([listUserSessions(services.db, user.id), listPendingInvites(services.db, user.id)]);
  return { user, sessions, invite: standing(pending[0]?.expiresAt, services.now()) };
}

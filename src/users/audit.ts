import type { Actor } from '../auth/permissions.ts';

/**
 * The operator at the command line (`herald user …`). They already hold the
 * database, so they may do what an admin may; the audit log names them "cli".
 */
export const CLI_ACTOR: Actor = Object.freeze({ id: 'cli', name: 'cli', role: 'admin' });

/** Who to name in a timeline event: the signed-in user, or "cli" with no user id. */
export function auditActor(actor: Actor): { actor: string; actorId: string | null } {
  return actor.id === CLI_ACTOR.id ? { actor: 'cli', actorId: null } : { actor: actor.name, actorId: actor.id };
}

/** Why the change is refused when it would leave the hub without an admin. */
export function lastAdminMessage(actor: Actor, target: { id: string; name: string }, change: 'role' | 'disable'): string {
  const what = change === 'role' ? 'changing' : 'disabling';
  return actor.id === target.id
    ? `You are the only admin: make someone else an admin before ${what} your own account${change === 'role' ? "'s role" : ''}.`
    : `${target.name} is the only admin: make someone else an admin first.`;
}

import { listUserSessions } from '../../db/queries/sessions.ts';
import type { Actor } from '../auth/permissions.ts';
import type { NewSession } from '../auth/session.ts';
import type { Result } from '../domain/result.ts';
import type { Session } from '../domain/types.ts';
import type { FormValues } from '../http/form-fields.ts';
import { setInternalNotifications } from '../internal-list/set-internal-notifications.ts';
import type { Services } from '../services.ts';
import { changePassword, type RequestContext } from './change-password.ts';
import { revokeOtherSessions } from './revoke-other-sessions.ts';
import { revokeSession } from './revoke-session.ts';
import { ERRORS } from '../errors/catalogue.ts';

/** The account page (pages/admin/account.astro): the signed-in person's own sessions and settings. */

const NOTICES: Record<string, string> = {
  password: 'Your password was changed. Every other session was signed out; this browser stays signed in.',
  revoked: 'That session was signed out. Its browser is asked to sign in again on its next request.',
  others: 'Every other session was signed out. Only this browser is still signed in.',
  'internal-on': 'You will get internal updates by email.',
  'internal-off': 'You will no longer get internal updates by email.',
};

export interface AccountPageView {
  sessions: Session[];
  /** Every session but the one making this request. */
  others: Session[];
  notice: string | null;
}

export async function loadAccountPage(services: Services, actor: Actor, currentSessionId: string, done: string | null): Promise<AccountPageView> {
  const sessions = await listUserSessions(services.db, actor.id);
  return { sessions, others: sessions.filter((session) => session.id !== currentSessionId), notice: NOTICES[done ?? ''] ?? null };
}

/** A changed password signs out every other session and gives this browser a new one (`session`). */
export type AccountOutcome =
  | { redirect: string; session?: NewSession }
  | { status: 400; errors: Record<string, string>; sessionError: string | null };

export async function handleAccountPost(
  services: Services,
  actor: Actor,
  currentSessionId: string,
  form: FormValues,
  context: RequestContext,
): Promise<AccountOutcome> {
  if (form['intent'] === 'change-password') {
    const result = await changePassword(services, actor, form, context);
    if (result.ok) return { redirect: '/admin/account?done=password', session: result.value };
    return { status: 400, errors: result.errors, sessionError: null };
  }
  if (form['intent'] === 'internal-notifications') {
    const result = await setInternalNotifications(services, actor, form);
    if (result.ok) return { redirect: `/admin/account?done=${result.value.enabled ? 'internal-on' : 'internal-off'}` };
    return { status: 400, errors: result.errors, sessionError: null };
  }
  const revoking = form['intent'] === 'revoke-others';
  const result: Result<unknown> = revoking
    ? await revokeOtherSessions(services, actor, { keepSessionId: currentSessionId })
    : await revokeSession(services, actor, form);
  if (result.ok) return { redirect: `/admin/account?done=${revoking ? 'others' : 'revoked'}` };
  return { status: 400, errors: {}, sessionError: Object.values(result.errors)[0] ?? ERRORS.ActionFailed.message };
}

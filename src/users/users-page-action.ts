import type { Actor } from '../auth/permissions.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { inviteUser } from './invite-user.ts';
import { resendInvite } from './resend-invite.ts';
import { revokeInvite } from './revoke-invite.ts';

/** A link just made, shown once on the POST's own response (it is a secret: never in a redirect URL). */
export interface ShownInvite {
  name: string;
  email: string;
  link: string;
  expiresAt: Date;
  resent: boolean;
  /** False when no SMTP server is set: the email waits in the outbox, so the admin must pass the link on. */
  emailed: boolean;
}

export type UsersPageOutcome =
  | { redirect: string }
  | { status: 200; invited: ShownInvite; errors: Record<string, string>; values: InviteFormValues }
  | { status: 400; invited: null; errors: Record<string, string>; values: InviteFormValues };

export interface InviteFormValues {
  name: string;
  email: string;
  role: string;
}

export const EMPTY_INVITE_FORM: InviteFormValues = Object.freeze({ name: '', email: '', role: 'responder' });

/**
 * The users page's POST (pages/admin/users/index.astro): "Invite user" (the add
 * form), or "Resend invitation" / "Revoke invitation" on a pending row. Errors of
 * the add form go next to its fields, with what was typed kept; those of a row's
 * button go in `_row`, shown above the list.
 */
export async function handleUsersPost(services: Services, actor: Actor, form: FormValues): Promise<UsersPageOutcome> {
  const intent = textField(form, 'intent');
  if (intent === 'resend' || intent === 'revoke') {
    const userId = textField(form, 'userId');
    if (intent === 'revoke') {
      const revoked = await revokeInvite(services, actor, { userId });
      if (revoked.ok) return { redirect: '/admin/users?done=revoked' };
      return { status: 400, invited: null, errors: { _row: Object.values(revoked.errors)[0] ?? 'Could not revoke the invitation.' }, values: EMPTY_INVITE_FORM };
    }
    const resent = await resendInvite(services, actor, { userId });
    if (resent.ok) {
      const { name, email, link, expiresAt } = resent.value;
      return { status: 200, invited: { name, email, link, expiresAt, resent: true, emailed: services.config.smtpUrl !== null }, errors: {}, values: EMPTY_INVITE_FORM };
    }
    return { status: 400, invited: null, errors: { _row: Object.values(resent.errors)[0] ?? 'Could not resend the invitation.' }, values: EMPTY_INVITE_FORM };
  }
  const values = { name: textField(form, 'name'), email: textField(form, 'email'), role: textField(form, 'role') };
  const result = await inviteUser(services, actor, values);
  if (!result.ok) return { status: 400, invited: null, errors: result.errors, values };
  return { status: 200, invited: { name: values.name.trim(), email: values.email.trim(), link: result.value.link, expiresAt: result.value.expiresAt, resent: false, emailed: services.config.smtpUrl !== null }, errors: {}, values: EMPTY_INVITE_FORM };
}

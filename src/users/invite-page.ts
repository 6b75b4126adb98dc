import type { FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import type { SignedIn } from '../auth/sign-in.ts';
import { acceptInvite, type InviteState, loadInvite } from './accept-invite.ts';
import type { RequestContext } from './change-password.ts';

/** pages/admin/invite.astro: what the invitee sees, or why the link is closed. */
export interface InvitePageView {
  status: number;
  closed: { title: string; text: string } | null;
  name: string;
  email: string;
  errors: Record<string, string>;
}

const CLOSED = {
  invalid: { status: 403, title: 'This invitation link is not valid', text: 'Check that you copied the whole link. If it still fails, ask an admin for a new invitation.' },
  expired: { status: 410, title: 'This invitation has expired', text: 'Invitation links work for 24 hours. Ask an admin to send you a new one.' },
  used: { status: 410, title: 'This invitation has already been used', text: 'An invitation link works only once. Sign in with the password you chose.' },
} as const;

function view(state: InviteState, errors: Record<string, string>, status: number): InvitePageView {
  if (state.state !== 'valid') return { status: CLOSED[state.state].status, closed: CLOSED[state.state], name: '', email: '', errors };
  return { status, closed: null, name: state.user.name, email: state.user.email, errors };
}

export async function loadInvitePage(services: Services, token: string | null): Promise<InvitePageView> {
  return view(await loadInvite(services, token), {}, 200);
}

/** POST: sets the password and signs in, or shows the errors next to the fields. */
export async function handleInvitePost(
  services: Services,
  token: string | null,
  form: FormValues,
  context: RequestContext,
): Promise<{ signedIn: SignedIn } | InvitePageView> {
  const result = await acceptInvite(services, { ...form, token }, context);
  if (result.ok) return { signedIn: result.value };
  if (result.errors['_form']) return { status: 410, closed: { title: 'This invitation can no longer be used', text: result.errors['_form'] }, name: '', email: '', errors: {} };
  return view(await loadInvite(services, token), result.errors, 400);
}

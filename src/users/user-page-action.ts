import type { Actor } from '../auth/permissions.ts';
import type { Result } from '../domain/result.ts';
import type { FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { changeRole } from './change-role.ts';
import { setUserDisabled } from './set-user-disabled.ts';

/**
 * A user's page POST (pages/admin/users/[id].astro): change their role, or disable
 * or enable their account. On failure the errors go next to the form that was sent;
 * `role` is the role chosen, kept in the select.
 */
export async function handleUserPagePost(
  services: Services,
  actor: Actor,
  userId: string,
  form: FormValues,
): Promise<{ redirect: string } | { status: 400; roleErrors: Record<string, string>; statusErrors: Record<string, string>; role: string | null }> {
  if (form['intent'] === 'role') {
    const result = await changeRole(services, actor, { userId, role: form['role'] });
    if (result.ok) return { redirect: `/admin/users/${userId}?done=role` };
    return { status: 400, roleErrors: result.errors, statusErrors: {}, role: typeof form['role'] === 'string' ? form['role'] : null };
  }
  const disabled = form['disabled'] === 'true';
  const result: Result<unknown> = await setUserDisabled(services, actor, { userId, disabled: form['disabled'] });
  if (result.ok) return { redirect: `/admin/users/${userId}?done=${disabled ? 'disabled' : 'enabled'}` };
  return { status: 400, roleErrors: {}, statusErrors: result.errors, role: null };
}

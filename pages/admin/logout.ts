import type { APIRoute } from 'astro';
import { signOut } from '../../src/auth/sign-out.ts';
import { SESSION_COOKIE } from '../../src/auth/session.ts';

export const POST: APIRoute = async ({ locals, cookies, redirect }) => {
  if (locals.session) await signOut(locals.services, locals.session.id);
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect('/admin/login', 303);
};

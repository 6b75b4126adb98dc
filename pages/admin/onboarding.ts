import type { APIRoute } from 'astro';
import { dismissOnboardingAction } from '../../src/settings/onboarding.ts';

/** Dismisses the dashboard's first-run checklist (the form in components/admin/Onboarding.astro). */
export const POST: APIRoute = async ({ locals, redirect }) => {
  const outcome = await dismissOnboardingAction(locals.services, locals.user!);
  return redirect(outcome.redirect, 303);
};

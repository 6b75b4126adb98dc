import type { APIRoute } from 'astro';
import { formToObject } from '../../../../src/http/validation.ts';
import { tickChecklistItem } from '../../../../src/runbooks/tick-checklist-item.ts';

/**
 * Ticks or unticks an item of the incident's checklist (the forms in
 * components/admin/IncidentPrep.astro), then back to the incident's page. Works
 * without JavaScript: a plain form post and a redirect.
 */
export const POST: APIRoute = async ({ locals, params, request, redirect }) => {
  const incidentId = params.id ?? '';
  const form = formToObject(await request.formData());
  const result = await tickChecklistItem(locals.services, locals.user!, { ...form, incidentId });
  const page = `/admin/incidents/${encodeURIComponent(incidentId)}`;
  return redirect(result.ok ? `${page}#checklist` : `${page}?checklist=stale#checklist`, 303);
};

import type { Actor } from '../auth/permissions.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { dismissTriageIncident } from './dismiss-triage.ts';

/** The dashboard's POST: dismissing a triage incident from its card. */
export type TriageOutcome = { redirect: string } | { status: 400; incidentId: string; reason: string; errors: Record<string, string> };

export async function handleTriagePost(services: Services, actor: Actor, form: FormValues): Promise<TriageOutcome> {
  const incidentId = textField(form, 'incidentId');
  const reason = textField(form, 'reason');
  const result = await dismissTriageIncident(services, actor, { incidentId, reason });
  if (result.ok) return { redirect: `/admin?dismissed=${encodeURIComponent(incidentId)}` };
  const errors = { ...result.errors };
  if (errors['incidentId'] && !errors['_form']) errors['_form'] = errors['incidentId'];
  return { status: 400, incidentId, reason, errors };
}

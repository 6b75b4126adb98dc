import type { Actor } from '../auth/permissions.ts';
import type { FormValues } from '../http/form-fields.ts';
import { textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { saveChecklist } from './save-checklist.ts';

/** What a failed checklist save gives the page back: which list, what was typed, the messages. */
export interface ChecklistPosted {
  severity: string;
  items: string;
  errors: Record<string, string>;
}

/** The POST of /admin/runbooks (one checklist form per severity). */
export async function handleChecklistPost(services: Services, actor: Actor, form: FormValues): Promise<{ redirect: string } | { posted: ChecklistPosted }> {
  const severity = textField(form, 'severity');
  const result = await saveChecklist(services, actor, form);
  if (result.ok) return { redirect: `/admin/runbooks?saved=${encodeURIComponent(result.value.severity)}#checklist-${result.value.severity}` };
  return { posted: { severity, items: textField(form, 'items'), errors: result.errors } };
}

import { z } from 'zod';
import { findUpdateTemplate, listUpdateTemplates } from '../../../db/queries/update-templates.ts';
import { createUpdateTemplate } from '../../catalog/create-update-template.ts';
import { INCIDENT_STATUSES, type UpdateTemplate } from '../../domain/types.ts';
import type { Scope } from '../../tokens/scopes.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { apiBoolean, apiIdList, apiText, parseBody, useCaseRefusal } from './input.ts';

/**
 * /api/v1/pages/{page_id}/incident_templates: Statuspage's incident templates as
 * Herald's update templates (the composer's templates), created through
 * createUpdateTemplate. A Herald template is a name, the status it announces and
 * a body; Statuspage's `title`, `group_id`, `component_ids`, `should_tweet` and
 * `should_send_notifications` are accepted and not stored, and answered as
 * Herald uses templates (the title is the name; no group, no components).
 */

export const TEMPLATE_READ_SCOPES: readonly Scope[] = ['read', 'incidents:write'];

export interface V1IncidentTemplate {
  id: string;
  components: string[];
  name: string;
  title: string;
  body: string;
  group_id: null;
  update_status: string;
  should_tweet: boolean;
  should_send_notifications: boolean;
  created_at: string;
  updated_at: string;
}

export function v1IncidentTemplate(t: UpdateTemplate): V1IncidentTemplate {
  return {
    id: t.id,
    components: [],
    name: t.name,
    title: t.name,
    body: t.body,
    group_id: null,
    update_status: t.status,
    should_tweet: false,
    should_send_notifications: true,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

export const templateBody = z.object({
  template: z.object(
    {
      name: z.string({ error: 'must be text' }),
      title: apiText(200).optional(),
      body: z.string({ error: 'must be text' }),
      group_id: apiText(64).optional(),
      update_status: z.enum(INCIDENT_STATUSES, { error: `must be one of ${INCIDENT_STATUSES.join(', ')}` }).optional(),
      should_tweet: apiBoolean.optional(),
      should_send_notifications: apiBoolean.optional(),
      component_ids: apiIdList.optional(),
    },
    { error: 'is required: send {"template": {"name": …, "body": …}} or template[name]=… fields' },
  ),
});

const FIELD_NAMES: Record<string, string> = { name: 'name', status: 'update_status', body: 'body' };

export async function listTemplatesAnswer(request: V1Request): Promise<V1Answer> {
  return { status: 200, body: (await listUpdateTemplates(request.services.db)).map(v1IncidentTemplate) };
}

export async function createTemplateAnswer(request: V1Request): Promise<V1Answer> {
  const parsed = parseBody(templateBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.template;
  const created = await createUpdateTemplate(request.services, request.actor, { name: input.name, status: input.update_status ?? 'investigating', body: input.body });
  if (!created.ok) return useCaseRefusal(created.errors, 'template', FIELD_NAMES);
  const template = await findUpdateTemplate(request.services.db, created.value.templateId);
  return template === null ? apiError(404, 'The template was deleted before it could be shown.') : { status: 201, body: v1IncidentTemplate(template) };
}

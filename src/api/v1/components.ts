import { z } from 'zod';
import { findComponentGroupById, listComponentGroups } from '../../../db/queries/component-groups.ts';
import { findComponentById, listComponents } from '../../../db/queries/components.ts';
import { changeComponentStatus } from '../../catalog/change-component-status.ts';
import { createComponent } from '../../catalog/create-component.ts';
import { deleteComponent } from '../../catalog/delete-component.ts';
import { updateComponent } from '../../catalog/update-component.ts';
import { COMPONENT_STATUSES, type Component } from '../../domain/types.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { apiBoolean, apiText, parseBody, useCaseRefusal } from './input.ts';
import { v1Component, v1ComponentList } from './objects.ts';

/**
 * /api/v1/pages/{page_id}/components[/{component_id}]: Statuspage's component
 * endpoints, through the catalogue's use cases (createComponent, updateComponent,
 * changeComponentStatus, deleteComponent) with the token as the actor.
 */

const STATUS_LIST = COMPONENT_STATUSES.join(', ');

export const componentBody = z.object({
  component: z.object(
    {
      name: z.string({ error: 'must be text' }).optional(),
      description: apiText(500).optional(),
      group_id: apiText(64).optional(),
      status: z.enum(COMPONENT_STATUSES, { error: `must be one of ${STATUS_LIST}` }).optional(),
      showcase: apiBoolean.optional(),
      only_show_if_degraded: apiBoolean.optional(),
      start_date: apiText(10).optional(),
    },
    { error: 'is required: send {"component": {…}} or component[name]=… fields' },
  ),
});

/** The use cases' field names as the API spells them. */
const FIELD_NAMES: Record<string, string> = {
  name: 'name',
  description: 'description',
  groupId: 'group_id',
  showcase: 'showcase',
  onlyShowIfDegraded: 'only_show_if_degraded',
  startDate: 'start_date',
  status: 'status',
};

type ComponentInput = z.output<typeof componentBody>['component'];

const notFound = (id: string): V1Answer => apiError(404, `There is no component "${id}".`);

/** 404 when the body names a group that does not exist. */
async function unknownGroup(request: V1Request, input: ComponentInput): Promise<V1Answer | null> {
  const groupId = input.group_id ?? '';
  if (groupId === '' || (await findComponentGroupById(request.services.db, groupId)) !== null) return null;
  return apiError(404, `component.group_id: there is no component group "${groupId}".`);
}

/** The use case's input: what was sent over what is saved (PATCH and PUT both keep what is left out, as Statuspage does). */
function details(input: ComponentInput, current: Component | null): Record<string, unknown> {
  return {
    name: input.name ?? current?.name ?? '',
    description: (input.description === undefined ? current?.description : input.description) ?? '',
    groupId: (input.group_id === undefined ? current?.groupId : input.group_id) ?? '',
    showcase: input.showcase ?? current?.showcase ?? false,
    onlyShowIfDegraded: input.only_show_if_degraded ?? current?.onlyShowIfDegraded ?? false,
    startDate: (input.start_date === undefined ? current?.startDate : input.start_date) ?? '',
  };
}

async function answerWith(request: V1Request, id: string, status: number): Promise<V1Answer> {
  const component = await findComponentById(request.services.db, id);
  return component === null ? notFound(id) : { status, body: v1Component(request.pageId, component) };
}

export async function listComponentsAnswer(request: V1Request): Promise<V1Answer> {
  const [groups, components] = await Promise.all([listComponentGroups(request.services.db), listComponents(request.services.db)]);
  return { status: 200, body: v1ComponentList(request.pageId, groups, components) };
}

export function getComponentAnswer(request: V1Request): Promise<V1Answer> {
  return answerWith(request, request.params['component_id'] ?? '', 200);
}

export async function createComponentAnswer(request: V1Request): Promise<V1Answer> {
  const parsed = parseBody(componentBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.component;
  const missingGroup = await unknownGroup(request, input);
  if (missingGroup) return missingGroup;
  const created = await createComponent(request.services, request.actor, details(input, null));
  if (!created.ok) return useCaseRefusal(created.errors, 'component', FIELD_NAMES);
  const id = created.value.componentId;
  if (input.status !== undefined && input.status !== 'operational') {
    const changed = await changeComponentStatus(request.services, request.actor, { id, status: input.status });
    if (!changed.ok) return useCaseRefusal(changed.errors, 'component', FIELD_NAMES);
  }
  return answerWith(request, id, 201);
}

export async function updateComponentAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['component_id'] ?? '';
  const current = await findComponentById(request.services.db, id);
  if (current === null) return notFound(id);
  const parsed = parseBody(componentBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.component;
  const missingGroup = await unknownGroup(request, input);
  if (missingGroup) return missingGroup;
  const touchesDetails = Object.keys(input).some((key) => key !== 'status');
  if (touchesDetails) {
    const updated = await updateComponent(request.services, request.actor, { id, ...details(input, current) });
    if (!updated.ok) return updated.errors['_form'] ? notFound(id) : useCaseRefusal(updated.errors, 'component', FIELD_NAMES);
  }
  if (input.status !== undefined) {
    const changed = await changeComponentStatus(request.services, request.actor, { id, status: input.status });
    if (!changed.ok) return changed.errors['_form'] ? notFound(id) : useCaseRefusal(changed.errors, 'component', FIELD_NAMES);
  }
  return answerWith(request, id, 200);
}

export async function deleteComponentAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['component_id'] ?? '';
  if ((await findComponentById(request.services.db, id)) === null) return notFound(id);
  const deleted = await deleteComponent(request.services, request.actor, { id, confirm: true });
  if (!deleted.ok) return deleted.errors['_form'] ? notFound(id) : useCaseRefusal(deleted.errors, 'component', FIELD_NAMES);
  return { status: 204 };
}

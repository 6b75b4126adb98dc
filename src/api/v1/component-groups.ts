import { z } from 'zod';
import { findComponentGroupById, listComponentGroups } from '../../../db/queries/component-groups.ts';
import { listComponents } from '../../../db/queries/components.ts';
import { createComponentGroup } from '../../catalog/create-component-group.ts';
import { deleteComponentGroup } from '../../catalog/delete-component-group.ts';
import { updateComponent } from '../../catalog/update-component.ts';
import { updateComponentGroup } from '../../catalog/update-component-group.ts';
import type { Component, ComponentGroup } from '../../domain/types.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { apiIdList, apiText, parseBody, useCaseRefusal } from './input.ts';
import { v1ComponentGroup } from './objects.ts';

/**
 * /api/v1/pages/{page_id}/component-groups[/{id}]: Statuspage's group endpoints.
 * Statuspage's body is {"component_group": {"name", "components": [ids]},
 * "description"} (description beside the object; inside it is accepted too).
 * Membership goes through updateComponent for each component that joins or
 * leaves, so each move is audited like a move in the hub.
 */

export const groupBody = z.object({
  description: apiText(500).optional(),
  component_group: z.object(
    {
      name: z.string({ error: 'must be text' }).optional(),
      description: apiText(500).optional(),
      components: apiIdList.optional(),
    },
    { error: 'is required: send {"component_group": {…}} or component_group[name]=… fields' },
  ),
});

const FIELD_NAMES: Record<string, string> = { name: 'name', description: 'description' };

const notFound = (id: string): V1Answer => apiError(404, `There is no component group "${id}".`);

async function answerWith(request: V1Request, id: string, status: number): Promise<V1Answer> {
  const [group, components] = await Promise.all([findComponentGroupById(request.services.db, id), listComponents(request.services.db)]);
  return group === null ? notFound(id) : { status, body: v1ComponentGroup(request.pageId, group, components) };
}

/** Moves components into the group and, when `componentIds` is given in full, the others out of it. */
async function setMembers(request: V1Request, groupId: string, componentIds: readonly string[], all: readonly Component[]): Promise<V1Answer | null> {
  const wanted = new Set(componentIds);
  const moves = all.filter((c) => (wanted.has(c.id) ? c.groupId !== groupId : c.groupId === groupId));
  for (const c of moves) {
    const moved = await updateComponent(request.services, request.actor, {
      id: c.id,
      name: c.name,
      description: c.description ?? '',
      groupId: wanted.has(c.id) ? groupId : '',
      showcase: c.showcase,
      onlyShowIfDegraded: c.onlyShowIfDegraded,
      startDate: c.startDate ?? '',
    });
    if (!moved.ok) return useCaseRefusal(moved.errors, 'component_group', { groupId: 'components' });
  }
  return null;
}

/** 404 naming the first id that is not a component. */
function unknownComponent(ids: readonly string[] | undefined, all: readonly Component[]): V1Answer | null {
  const known = new Set(all.map((c) => c.id));
  const missing = (ids ?? []).find((id) => !known.has(id));
  return missing === undefined ? null : apiError(404, `component_group.components: there is no component "${missing}".`);
}

export async function listGroupsAnswer(request: V1Request): Promise<V1Answer> {
  const [groups, components] = await Promise.all([listComponentGroups(request.services.db), listComponents(request.services.db)]);
  return { status: 200, body: groups.map((g: ComponentGroup) => v1ComponentGroup(request.pageId, g, components)) };
}

export function getGroupAnswer(request: V1Request): Promise<V1Answer> {
  return answerWith(request, request.params['id'] ?? '', 200);
}

export async function createGroupAnswer(request: V1Request): Promise<V1Answer> {
  const parsed = parseBody(groupBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const { component_group: input, description } = parsed.value;
  const all = await listComponents(request.services.db);
  const missing = unknownComponent(input.components, all);
  if (missing) return missing;
  const created = await createComponentGroup(request.services, request.actor, { name: input.name ?? '', description: (input.description ?? description) ?? '' });
  if (!created.ok) return useCaseRefusal(created.errors, 'component_group', FIELD_NAMES);
  const id = created.value.groupId;
  if (input.components !== undefined) {
    const refused = await setMembers(request, id, input.components, all);
    if (refused) return refused;
  }
  return answerWith(request, id, 201);
}

export async function updateGroupAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['id'] ?? '';
  const current = await findComponentGroupById(request.services.db, id);
  if (current === null) return notFound(id);
  const parsed = parseBody(groupBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const { component_group: input } = parsed.value;
  const description = input.description === undefined ? parsed.value.description : input.description;
  const all = await listComponents(request.services.db);
  const missing = unknownComponent(input.components, all);
  if (missing) return missing;
  if (input.name !== undefined || description !== undefined) {
    const updated = await updateComponentGroup(request.services, request.actor, {
      id,
      name: input.name ?? current.name,
      description: (description === undefined ? current.description : description) ?? '',
    });
    if (!updated.ok) return updated.errors['_form'] ? notFound(id) : useCaseRefusal(updated.errors, 'component_group', FIELD_NAMES);
  }
  if (input.components !== undefined) {
    const refused = await setMembers(request, id, input.components, all);
    if (refused) return refused;
  }
  return answerWith(request, id, 200);
}

/** Statuspage answers a deleted group with the group as it was; its components stay, ungrouped. */
export async function deleteGroupAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['id'] ?? '';
  const before = await answerWith(request, id, 200);
  if (before.status !== 200) return before;
  const deleted = await deleteComponentGroup(request.services, request.actor, { id, confirm: true });
  if (!deleted.ok) return deleted.errors['_form'] ? notFound(id) : useCaseRefusal(deleted.errors, 'component_group', FIELD_NAMES);
  return before;
}

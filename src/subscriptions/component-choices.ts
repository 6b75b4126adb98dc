import type { Db } from '../../db/client.ts';
import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';

/** The components a subscriber can follow, by group (ungrouped ones first, under a null group). */
export interface ComponentChoiceGroup {
  id: string | null;
  name: string | null;
  components: { id: string; name: string }[];
}

export async function listComponentChoices(db: Db): Promise<ComponentChoiceGroup[]> {
  const [groups, components] = await Promise.all([listComponentGroups(db), listComponents(db)]);
  const sections: ComponentChoiceGroup[] = [{ id: null, name: null, components: [] }, ...groups.map((g) => ({ id: g.id, name: g.name, components: [] }))];
  const byGroup = new Map(sections.map((section) => [section.id, section]));
  for (const component of components) {
    (byGroup.get(component.groupId) ?? sections[0]!).components.push({ id: component.id, name: component.name });
  }
  return sections.filter((section) => section.components.length > 0);
}

/**
 * Keeps only ids of components that exist (a stale form may name a deleted one); unique,
 * in catalogue order. A ticked "whole group" (`groups`) stands for every component in
 * that group as it is now, so the form works without JavaScript; unknown groups are ignored.
 */
export function knownComponentIds(
  choices: readonly ComponentChoiceGroup[],
  requested: readonly string[],
  groups: readonly string[] = [],
): string[] {
  const wanted = new Set(requested);
  const wholeGroups = new Set(groups);
  return choices.flatMap((group) =>
    group.components.filter((c) => wanted.has(c.id) || (group.id !== null && wholeGroups.has(group.id))).map((c) => c.id),
  );
}

/** A form field that may be absent, one value or several: always a list. */
export const formList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function componentNames(choices: readonly ComponentChoiceGroup[], ids: readonly string[]): string[] {
  const wanted = new Set(ids);
  return choices.flatMap((group) => group.components.filter((c) => wanted.has(c.id)).map((c) => c.name));
}

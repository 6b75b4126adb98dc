import type { Component, ComponentGroup } from '../../domain/types.ts';

/**
 * Statuspage's v1 management API objects (developer.statuspage.io): the same
 * field names, so Statuspage clients, scripts and the Terraform provider read
 * them unchanged. Pure: built from domain values.
 */

export interface V1Component {
  id: string;
  page_id: string;
  group_id: string | null;
  created_at: string;
  updated_at: string;
  group: boolean;
  name: string;
  description: string | null;
  position: number;
  status: Component['status'];
  showcase: boolean;
  only_show_if_degraded: boolean;
  /** Statuspage's per-component address for email automation; Herald has none. */
  automation_email: null;
  start_date: string | null;
  /** Groups only: the ids of their members, in order. */
  components?: string[];
}

export interface V1ComponentGroup {
  id: string;
  page_id: string;
  name: string;
  description: string | null;
  components: string[];
  position: number;
  created_at: string;
  updated_at: string;
}

export function v1Component(pageId: string, c: Component): V1Component {
  return {
    id: c.id,
    page_id: pageId,
    group_id: c.groupId,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    group: false,
    name: c.name,
    description: c.description,
    position: c.position,
    status: c.status,
    showcase: c.showcase,
    only_show_if_degraded: c.onlyShowIfDegraded,
    automation_email: null,
    start_date: c.startDate,
  };
}

export function v1ComponentGroup(pageId: string, g: ComponentGroup, members: readonly Component[]): V1ComponentGroup {
  return {
    id: g.id,
    page_id: pageId,
    name: g.name,
    description: g.description,
    components: members.filter((c) => c.groupId === g.id).map((c) => c.id),
    position: g.position,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
  };
}

const SEVERITY: Record<Component['status'], number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

/**
 * The components list as Statuspage gives it: groups appear among the components
 * (`group: true`, their members' ids, the worst member status), each followed by
 * its members; ungrouped components first, as the page shows them.
 */
export function v1ComponentList(pageId: string, groups: readonly ComponentGroup[], components: readonly Component[]): V1Component[] {
  const rows = components.filter((c) => c.groupId === null).map((c) => v1Component(pageId, c));
  for (const group of groups) {
    const members = components.filter((c) => c.groupId === group.id);
    const worst = members.reduce<Component['status']>((acc, c) => (SEVERITY[c.status] > SEVERITY[acc] ? c.status : acc), 'operational');
    rows.push({
      id: group.id,
      page_id: pageId,
      group_id: null,
      created_at: group.createdAt.toISOString(),
      updated_at: group.updatedAt.toISOString(),
      group: true,
      name: group.name,
      description: group.description,
      position: group.position,
      status: worst,
      showcase: false,
      only_show_if_degraded: false,
      automation_email: null,
      start_date: null,
      components: members.map((c) => c.id),
    });
    rows.push(...members.map((c) => v1Component(pageId, c)));
  }
  return rows;
}

import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listUpdateTemplates } from '../../db/queries/update-templates.ts';
import { listActiveUsers } from '../../db/queries/users-directory.ts';
import { type Actor, can, requirePermission } from '../auth/permissions.ts';
import type { Component, ComponentGroup, Impact, UpdateTemplate } from '../domain/types.ts';
import type { Services } from '../services.ts';
import type { DeclareRerender } from './declare-action.ts';
import { type DeclareValues, freshDeclareValues, impactForSeverity } from './declare-form.ts';
import type { DirectoryUser } from '../domain/incident-views.ts';
import { triageDeclareValues } from '../alerts/triage-views.ts';

/** What pages/admin/incidents/new.astro renders. */
export interface DeclarePageView {
  components: Component[];
  groups: ComponentGroup[];
  people: DirectoryUser[];
  templates: UpdateTemplate[];
  values: DeclareValues;
  fieldIds: Record<string, string>;
  /** The impact the preview shows: the one chosen, else the severity's, else major. */
  previewImpact: Impact;
  canPublish: boolean;
  /** Declaring a triage incident opened from alerts (`?triage=<id>`): the form starts from its suggestions. */
  triage: { id: string; waiting: boolean } | null;
}

export async function loadDeclarePage(services: Services, actor: Actor, posted: DeclareRerender | null, triageId: string | null = null): Promise<DeclarePageView> {
  // Viewers get a 403 for the form itself, not only when they send it.
  requirePermission(actor, 'incident.declare');
  const [components, groups, people, templates] = await Promise.all([
    listComponents(services.db),
    listComponentGroups(services.db),
    listActiveUsers(services.db),
    listUpdateTemplates(services.db),
  ]);
  const suggested = triageId === null ? null : await triageDeclareValues(services, actor, triageId);
  const values = posted?.values ?? suggested ?? freshDeclareValues(actor.id);
  return {
    components,
    groups,
    people,
    templates,
    values,
    fieldIds: {
      title: 'd-title',
      severity: 'd-severity',
      impact: 'd-impact',
      commanderId: 'd-commander',
      commsLeadId: 'd-comms',
      expertIds: 'd-experts',
      audience: 'd-audience',
      status: 'd-status',
      body: 'd-body',
      notify: 'd-notify',
      templateId: 'd-template',
      ...Object.fromEntries(components.map((c) => [`component.${c.id}`, `d-cmp-${c.id}`])),
    },
    previewImpact: (values.impact || impactForSeverity(values.severity) || 'major') as Impact,
    canPublish: can(actor.role, 'update.publish'),
    triage: triageId === null ? null : { id: triageId, waiting: suggested !== null || posted !== null },
  };
}

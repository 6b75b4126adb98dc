import { listChecklistItems, listChecklistTicks } from '../../db/queries/checklists.ts';
import { findComponentById, listComponents } from '../../db/queries/components.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { findRunbookVersion, listLatestRunbooks, listRunbookVersions } from '../../db/queries/runbooks.ts';
import { type Actor, actorCan, requirePermission } from '../auth/permissions.ts';
import type { ChecklistItem, ChecklistTick, RunbookVersion } from '../domain/runbook.ts';
import { type Component, SEVERITIES, type Severity } from '../domain/types.ts';
import { renderMarkdown } from '../markdown.ts';
import type { Services } from '../services.ts';

export interface RunbooksIndex {
  components: { id: string; name: string; runbook: Pick<RunbookVersion, 'version' | 'authorName' | 'createdAt'> | null }[];
  checklists: Record<Severity, ChecklistItem[]>;
  canManage: boolean;
}

function bySeverity(items: ChecklistItem[]): Record<Severity, ChecklistItem[]> {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, items.filter((item) => item.severity === severity)])) as Record<Severity, ChecklistItem[]>;
}

/** /admin/runbooks: every component with its runbook's state, and the three checklists. Everyone signed in reads. */
export async function loadRunbooksIndex(services: Services, actor: Actor): Promise<RunbooksIndex> {
  requirePermission(actor, 'internal.view');
  const [components, runbooks, items] = await Promise.all([listComponents(services.db), listLatestRunbooks(services.db), listChecklistItems(services.db)]);
  const latest = new Map(runbooks.map((runbook) => [runbook.componentId, runbook]));
  return {
    components: components.map((c) => {
      const runbook = latest.get(c.id);
      return { id: c.id, name: c.name, runbook: runbook ? { version: runbook.version, authorName: runbook.authorName, createdAt: runbook.createdAt } : null };
    }),
    checklists: bySeverity(items),
    canManage: actorCan(actor, 'runbook.manage'),
  };
}

export interface RunbookPage {
  component: Component | null;
  /** Newest first. */
  versions: RunbookVersion[];
  /** The version shown: the one asked for (?version=), else the newest; null when none. */
  shown: RunbookVersion | null;
  shownHtml: string;
  /** True when an older version than the newest is shown. */
  isOld: boolean;
  /** A version was asked for that does not exist. */
  versionMissing: boolean;
  canManage: boolean;
}

/** /admin/runbooks/<componentId>: the runbook, its history, one version when asked. */
export async function loadRunbookPage(services: Services, actor: Actor, componentId: string, versionParam: string | null): Promise<RunbookPage> {
  requirePermission(actor, 'internal.view');
  const component = await findComponentById(services.db, componentId);
  const versions = component === null ? [] : await listRunbookVersions(services.db, componentId);
  const asked = versionParam !== null && /^\d{1,9}$/.test(versionParam) ? Number(versionParam) : null;
  const shown = asked === null ? (versions[0] ?? null) : component === null ? null : await findRunbookVersion(services.db, componentId, asked);
  return {
    component,
    versions,
    shown,
    shownHtml: shown === null ? '' : renderMarkdown(shown.body),
    isOld: shown !== null && versions[0] !== undefined && shown.version !== versions[0].version,
    versionMissing: versionParam !== null && shown === null,
    canManage: actorCan(actor, 'runbook.manage'),
  };
}

export interface IncidentPrep {
  severity: Severity;
  runbooks: { componentId: string; name: string; version: number | null; html: string }[];
  checklist: (ChecklistItem & { tick: ChecklistTick | null })[];
  /** Ticks of items no longer on the checklist (edited since, or another severity then). */
  otherTicks: ChecklistTick[];
  canTick: boolean;
}

/** The hub incident page's runbooks and checklist section (components/admin/IncidentPrep.astro). */
export async function loadIncidentPrep(services: Services, actor: Actor, incidentId: string): Promise<IncidentPrep | null> {
  requirePermission(actor, 'internal.view');
  const incident = await findIncidentById(services.db, incidentId);
  if (incident === null) return null;
  const componentIds = incident.components.map((c) => c.componentId);
  const [components, runbooks, items, ticks] = await Promise.all([
    listComponents(services.db),
    listLatestRunbooks(services.db, componentIds),
    listChecklistItems(services.db, incident.severity),
    listChecklistTicks(services.db, incidentId),
  ]);
  const latest = new Map(runbooks.map((r) => [r.componentId, r]));
  const tickOf = new Map(ticks.filter((t) => t.itemId !== null).map((t) => [t.itemId!, t]));
  const itemIds = new Set(items.map((item) => item.id));
  return {
    severity: incident.severity,
    runbooks: components
      .filter((c) => componentIds.includes(c.id))
      .map((c) => {
        const runbook = latest.get(c.id);
        return { componentId: c.id, name: c.name, version: runbook?.version ?? null, html: runbook ? renderMarkdown(runbook.body) : '' };
      }),
    checklist: items.map((item) => ({ ...item, tick: tickOf.get(item.id) ?? null })),
    otherTicks: ticks.filter((t) => t.itemId === null || !itemIds.has(t.itemId)),
    canTick: actorCan(actor, 'note.add'),
  };
}

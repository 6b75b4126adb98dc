import type { ResolvedIncidentPostmortem } from '../../db/queries/postmortems.ts';
import { listPostmortemCandidates } from '../../db/queries/postmortems.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { PostmortemDue, PostmortemSettings } from '../domain/postmortem.ts';
import type { Services } from '../services.ts';
import { loadPostmortemSettings, postmortemDueAt } from './settings.ts';

/**
 * Pure: which resolved incidents the dashboard lists. Missing: the severity
 * requires a postmortem and there is none. Overdue: not yet published when due
 * (the postmortem's due date, else the configured business days after resolution).
 * A missing one is listed from resolution; an unpublished one once overdue, or
 * when its severity requires it. Most overdue first.
 */
export function judgePostmortemsDue(candidates: readonly ResolvedIncidentPostmortem[], settings: Pick<PostmortemSettings, 'dueBusinessDays' | 'requiredSeverities'>, now: Date): PostmortemDue[] {
  const rows: PostmortemDue[] = [];
  for (const c of candidates) {
    const required = settings.requiredSeverities.includes(c.severity);
    const dueAt = c.dueAt ?? postmortemDueAt(c.resolvedAt, settings.dueBusinessDays);
    const overdue = now.getTime() > dueAt.getTime();
    if (c.state === null && !required) continue;
    if (c.state !== null && !required && !overdue) continue;
    rows.push({ incidentId: c.incidentId, title: c.title, severity: c.severity, resolvedAt: c.resolvedAt, state: c.state, dueAt, overdue });
  }
  return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.resolvedAt.getTime() - b.resolvedAt.getTime() || a.incidentId.localeCompare(b.incidentId));
}

/** The dashboard's list of missing and overdue postmortems (anyone who sees the hub). */
export async function listPostmortemsDue(services: Pick<Services, 'db' | 'now'>, actor: Actor): Promise<PostmortemDue[]> {
  requirePermission(actor, 'internal.view');
  const settings = await loadPostmortemSettings(services.db);
  return judgePostmortemsDue(await listPostmortemCandidates(services.db, settings.requiredSeverities), settings, services.now());
}

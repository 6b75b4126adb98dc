import { MILESTONES, type Milestone } from '../domain/learning.ts';
import { MILESTONE_LABELS } from './milestones.ts';

/** Timeline words for the milestone events, or null for another kind (see hub-text.ts). */
export function describeMilestoneEvent(
  kind: string,
  details: Record<string, unknown>,
  zoneTime: (date: Date) => string,
): { text: string; lines: string[] } | null {
  const time = (value: unknown): string => (typeof value === 'string' ? zoneTime(new Date(value)) : 'not set');
  switch (kind) {
    case 'incident.mitigated':
      return { text: `marked the incident mitigated${details['updateId'] ? ' with an update' : ''}`, lines: [] };
    case 'incident.milestone_changed': {
      const milestone = (MILESTONES as readonly string[]).includes(String(details['milestone'])) ? (details['milestone'] as Milestone) : null;
      const name = milestone ? MILESTONE_LABELS[milestone].toLowerCase() : 'a milestone';
      const reason = typeof details['reason'] === 'string' ? details['reason'] : null;
      return { text: `changed ${name} from ${time(details['from'])} to ${time(details['to'])}`, lines: reason ? [`Reason: ${reason}`] : [] };
    }
    default:
      return null;
  }
}

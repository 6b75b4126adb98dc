import type { PageSnapshot, SnapshotIncident } from './snapshot.ts';

/** The home page's "Past incidents", as on Statuspage: the last days, today first. Pure. */

export const PAST_INCIDENT_DAYS = 7;
const DAY_MS = 86_400_000;

export interface PastIncidentDay {
  /** YYYY-MM-DD (UTC, like the uptime days). */
  date: string;
  /** Resolved incidents that started that day, newest first. */
  incidents: SnapshotIncident[];
}

export function pastIncidentDays(snapshot: PageSnapshot, days = PAST_INCIDENT_DAYS): PastIncidentDay[] {
  const today = Date.parse(`${snapshot.builtAt.slice(0, 10)}T00:00:00.000Z`);
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
    return {
      date,
      incidents: snapshot.incidents.filter((incident) => incident.status === 'resolved' && incident.startedAt.slice(0, 10) === date),
    };
  });
}

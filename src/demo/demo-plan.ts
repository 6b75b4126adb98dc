import type {
  Audience,
  ComponentStatus,
  Impact,
  IncidentStatus,
  MaintenanceStatus,
  Severity,
} from '../domain/types.ts';
import type { ComponentKey } from './catalogue.ts';
import { SCENARIOS, type Scenario, type ScenarioContext } from './scenarios.ts';

/**
 * What the demo page contains, as plain data computed from `now` alone: the same
 * `now` always gives the same plan, so demo pages and the tests that check them are
 * repeatable. Writing the plan to the database is seed-demo.ts's job.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** How long the demo page has existed; the uptime bars show the last 90 days of it. */
export const HISTORY_DAYS = 120;
/** Resolved incidents fall within this many days before now. */
export const INCIDENT_WINDOW_DAYS = 90;
const RESOLVED_INCIDENTS = 15;
const COMPLETED_MAINTENANCE_DAYS_AGO = 40;

export interface PlannedUpdate {
  audience: Audience;
  state: 'published' | 'draft';
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  /** Written at; also published at, when published. */
  at: Date;
  /**
   * 'open' carries the move of the affected components to their incident (or
   * maintenance) status, 'close' their return to operational.
   */
  changes?: 'open' | 'close';
}

export interface PlannedEvent {
  kind: 'incident.declared' | 'incident.status_changed' | 'update.published' | 'incident.resolved';
  actor: string;
  at: Date;
  details: Record<string, unknown>;
}

export interface PlannedIncident {
  scenario: string;
  title: string;
  severity: Severity;
  impact: Impact;
  startedAt: Date;
  /** Null for the incident still going on. */
  resolvedAt: Date | null;
  affected: { key: ComponentKey; status: ComponentStatus }[];
  /** The statuses the incident moved through after 'investigating', in order. */
  steps: { status: Exclude<IncidentStatus, 'investigating'>; at: Date }[];
  updates: PlannedUpdate[];
  events: PlannedEvent[];
}

export interface PlannedMaintenance {
  title: string;
  status: MaintenanceStatus;
  scheduledFor: Date;
  scheduledUntil: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  componentKeys: ComponentKey[];
  updates: PlannedUpdate[];
}

export interface DemoPlan {
  /** When the page, its groups and components were created. */
  createdAt: Date;
  /** Resolved incidents, oldest first. */
  resolvedIncidents: PlannedIncident[];
  activeIncident: PlannedIncident;
  completedMaintenance: PlannedMaintenance;
  upcomingMaintenance: PlannedMaintenance;
}

/** mulberry32: a tiny seeded PRNG, plenty for picking demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1', 'eu-west-1', 'ap-southeast-1'] as const;
const EDGES = ['Frankfurt and Amsterdam', 'Ashburn and New York', 'Singapore and Tokyo', 'São Paulo', 'London and Paris'] as const;
const INCIDENT_COMMANDERS = ['Dana (IC)', 'Priya (IC)', 'Marcus (IC)', 'Lena (IC)', 'Tomás (IC)'] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

const IMPACT_OF: Record<Severity, Impact> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor' };
const PRIMARY_STATUS_OF: Record<Severity, ComponentStatus> = {
  SEV1: 'major_outage',
  SEV2: 'partial_outage',
  SEV3: 'degraded_performance',
};
const SECONDARY_STATUS_OF: Record<Severity, ComponentStatus> = {
  SEV1: 'partial_outage',
  SEV2: 'degraded_performance',
  SEV3: 'degraded_performance',
};
/** Shuffled and dealt out, so every run has the same mix of severities. */
const SEVERITY_DECK: readonly Severity[] = ['SEV1', 'SEV1', 'SEV2', 'SEV2', 'SEV2', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3', 'SEV3', 'SEV3', 'SEV3', 'SEV3', 'SEV3'];
/** [min, max] minutes of impact; the worst incidents are usually the ones fixed fastest. */
const DURATION_OF: Record<Severity, [number, number]> = { SEV1: [20, 120], SEV2: [30, 180], SEV3: [40, 240] };

function startOfUtcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** Whole seconds: timestamps that look like a person clicked a button. */
function at(ms: number): Date {
  return new Date(Math.round(ms / 1000) * 1000);
}

function hhmm(date: Date): string {
  return date.toISOString().slice(11, 16);
}

function longDate(date: Date): string {
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/**
 * Days ago of each resolved incident: one per slot of the window so they spread
 * out, at least two days apart (so no two incidents overlap), and never on the
 * day of the completed maintenance (whose components must not be in two states).
 */
function pickIncidentDays(rng: Rng): number[] {
  const first = 2;
  const span = INCIDENT_WINDOW_DAYS - 1 - first;
  const days: number[] = [];
  for (let slot = 0; slot < RESOLVED_INCIDENTS; slot += 1) {
    const lo = first + Math.floor((slot * span) / RESOLVED_INCIDENTS);
    const hi = first + Math.floor(((slot + 1) * span) / RESOLVED_INCIDENTS) - 2;
    const allowed: number[] = [];
    for (let day = lo; day <= hi; day += 1) {
      if (Math.abs(day - COMPLETED_MAINTENANCE_DAYS_AGO) > 1) allowed.push(day);
    }
    if (allowed.length > 0) days.push(rng.pick(allowed));
  }
  return days;
}

function planResolvedIncident(rng: Rng, scenario: Scenario, severity: Severity, startMs: number): PlannedIncident {
  const [shortest, longest] = DURATION_OF[severity];
  const minutes = rng.int(shortest, longest);
  const startedAt = at(startMs);
  const resolvedAt = at(startMs + minutes * MINUTE);
  const ctx: ScenarioContext = {
    region: rng.pick(REGIONS),
    edge: rng.pick(EDGES),
    from: hhmm(startedAt),
    to: hhmm(resolvedAt),
    minutes,
    n: (min, max) => rng.int(min, max),
  };
  const actor = rng.pick(INCIDENT_COMMANDERS);

  const secondary = rng.shuffle(scenario.secondary).slice(0, rng.int(0, Math.min(2, scenario.secondary.length)));
  const affected = [
    { key: scenario.primary, status: PRIMARY_STATUS_OF[severity] },
    ...secondary.map((key) => ({ key, status: SECONDARY_STATUS_OF[severity] })),
  ];

  // First update a few minutes in; later steps spread over the rest of the incident.
  const investigatingMs = startMs + rng.int(2, 6) * MINUTE + rng.int(0, 59) * 1000;
  const rest = resolvedAt.getTime() - investigatingMs;
  const identifiedMs = investigatingMs + rest * (0.2 + rng.next() * 0.2);
  const hasMonitoring = minutes >= 40 && rng.next() < 0.8;
  const monitoringMs = investigatingMs + rest * (0.55 + rng.next() * 0.25);

  const steps: PlannedIncident['steps'] = [{ status: 'identified', at: at(identifiedMs) }];
  if (hasMonitoring) steps.push({ status: 'monitoring', at: at(monitoringMs) });
  steps.push({ status: 'resolved', at: resolvedAt });

  const title = scenario.title(ctx);
  const updates: PlannedUpdate[] = [
    { audience: 'external', state: 'published', status: 'investigating', body: scenario.investigating(ctx), at: at(investigatingMs), changes: 'open' },
    { audience: 'external', state: 'published', status: 'identified', body: scenario.identified(ctx), at: at(identifiedMs) },
  ];
  if (hasMonitoring) {
    updates.push({ audience: 'external', state: 'published', status: 'monitoring', body: scenario.monitoring(ctx), at: at(monitoringMs) });
  }
  updates.push({ audience: 'external', state: 'published', status: 'resolved', body: scenario.resolved(ctx), at: resolvedAt, changes: 'close' });

  // Responders' notes: one while the cause is being found, sometimes one near the end.
  const [firstNote, lastNote] = scenario.internal;
  updates.push({
    audience: 'internal',
    state: 'published',
    status: 'investigating',
    body: firstNote(ctx),
    at: at((investigatingMs + identifiedMs) / 2),
  });
  if (rng.next() < 0.6) {
    const lateMs = hasMonitoring ? monitoringMs : identifiedMs;
    updates.push({
      audience: 'internal',
      state: 'published',
      status: hasMonitoring ? 'monitoring' : 'identified',
      body: lastNote(ctx),
      at: at((lateMs + resolvedAt.getTime()) / 2),
    });
  }

  const events: PlannedEvent[] = [
    { kind: 'incident.declared', actor, at: startedAt, details: { severity, title } },
    { kind: 'update.published', actor, at: at(investigatingMs), details: { status: 'investigating', audience: 'external' } },
  ];
  let from: IncidentStatus = 'investigating';
  for (const step of steps) {
    events.push(
      step.status === 'resolved'
        ? { kind: 'incident.resolved', actor, at: step.at, details: { durationMinutes: minutes } }
        : { kind: 'incident.status_changed', actor, at: step.at, details: { from, to: step.status } },
    );
    from = step.status;
  }

  return {
    scenario: scenario.id,
    title,
    severity,
    impact: IMPACT_OF[severity],
    startedAt,
    resolvedAt,
    affected,
    steps,
    updates: updates.sort((a, b) => a.at.getTime() - b.at.getTime()),
    events,
  };
}

/** The incident going on right now: the API rejecting requests, webhooks piling up. */
function planActiveIncident(now: Date): PlannedIncident {
  const ago = (minutes: number): Date => at(now.getTime() - minutes * MINUTE);
  const actor = 'Dana (IC)';
  return {
    scenario: 'active-rate-limiter',
    title: 'Elevated API error rates and delayed webhooks',
    severity: 'SEV2',
    impact: 'major',
    startedAt: ago(50),
    resolvedAt: null,
    affected: [
      { key: 'api', status: 'partial_outage' },
      { key: 'webhooks', status: 'degraded_performance' },
    ],
    steps: [{ status: 'identified', at: ago(27) }],
    updates: [
      {
        audience: 'external',
        state: 'published',
        status: 'investigating',
        body:
          'We are investigating elevated error rates on the API: some requests fail with `503 Service Unavailable`. ' +
          'Webhook deliveries are delayed as a result. We will post another update within 30 minutes.',
        at: ago(46),
        changes: 'open',
      },
      {
        audience: 'internal',
        state: 'published',
        status: 'investigating',
        body:
          'Error rate ~18% on the API gateway in us-east-1, starting right after the rate limiter deploy (#4821). ' +
          'Rollback is the first option. Webhooks are delayed because the workers fetch event payloads from the API.',
        at: ago(38),
      },
      {
        audience: 'external',
        state: 'published',
        status: 'identified',
        body:
          'We have found the cause: a change to our API rate limiter, deployed shortly before the errors began, rejects part of the valid requests in **us-east-1**. ' +
          'We are rolling it back region by region.\n\n' +
          '- API requests may fail with `503`; retrying with backoff works for most of them\n' +
          '- webhook events are queued and will be delivered once the API recovers; none are lost',
        at: ago(27),
      },
      {
        audience: 'external',
        state: 'draft',
        status: 'monitoring',
        body:
          'The rollback has completed in all regions and API error rates are back to normal. ' +
          'Webhook deliveries are catching up on the queue. We are monitoring.',
        at: ago(6),
      },
    ],
    events: [
      { kind: 'incident.declared', actor, at: ago(50), details: { severity: 'SEV2', title: 'Elevated API error rates and delayed webhooks' } },
      { kind: 'update.published', actor, at: ago(46), details: { status: 'investigating', audience: 'external' } },
      { kind: 'incident.status_changed', actor, at: ago(27), details: { from: 'investigating', to: 'identified' } },
      { kind: 'update.published', actor, at: ago(27), details: { status: 'identified', audience: 'external' } },
    ],
  };
}

function planCompletedMaintenance(now: Date): PlannedMaintenance {
  const scheduledFor = new Date(startOfUtcDay(now) - COMPLETED_MAINTENANCE_DAYS_AGO * DAY + 1 * HOUR);
  const scheduledUntil = new Date(scheduledFor.getTime() + 2 * HOUR);
  const createdAt = new Date(scheduledFor.getTime() - 7 * DAY + 10 * HOUR);
  const completedAt = new Date(scheduledFor.getTime() + 85 * MINUTE);
  return {
    title: 'Load balancer and CDN software upgrade',
    status: 'completed',
    scheduledFor,
    scheduledUntil,
    startedAt: scheduledFor,
    completedAt,
    createdAt,
    componentKeys: ['load-balancers', 'cdn'],
    updates: [
      {
        audience: 'external',
        state: 'published',
        status: 'scheduled',
        body:
          `We will upgrade the software on our **load balancers** and **CDN** edge nodes on ${longDate(scheduledFor)} between 01:00 and 03:00 UTC.\n\n` +
          'What to expect:\n' +
          '- nodes are upgraded a few at a time, and traffic drains from each node before it restarts\n' +
          '- long-lived connections (WebSockets, streaming responses) may be closed once and should reconnect\n' +
          '- no action is needed on your side',
        at: createdAt,
      },
      {
        audience: 'external',
        state: 'published',
        status: 'in_progress',
        body: 'The maintenance has started. We are upgrading nodes one region at a time.',
        at: scheduledFor,
        changes: 'open',
      },
      {
        audience: 'external',
        state: 'published',
        status: 'completed',
        body: 'The maintenance is complete: every load balancer and CDN node runs the new release, and traffic is flowing normally. Thank you for your patience.',
        at: completedAt,
        changes: 'close',
      },
    ],
  };
}

function planUpcomingMaintenance(now: Date): PlannedMaintenance {
  const scheduledFor = new Date(startOfUtcDay(now) + 3 * DAY + 2 * HOUR);
  const createdAt = at(now.getTime() - 26 * HOUR);
  return {
    title: 'Managed PostgreSQL minor version upgrades',
    status: 'scheduled',
    scheduledFor,
    scheduledUntil: new Date(scheduledFor.getTime() + 2 * HOUR),
    startedAt: null,
    completedAt: null,
    createdAt,
    componentKeys: ['postgres', 'backups'],
    updates: [
      {
        audience: 'external',
        state: 'published',
        status: 'scheduled',
        body:
          `We will apply minor version upgrades and security patches to **Managed PostgreSQL** clusters and the **Backups** service on ${longDate(scheduledFor)} between 02:00 and 04:00 UTC.\n\n` +
          'What to expect:\n' +
          '- each cluster restarts once, with up to 30 seconds of unavailability while it switches over to its standby\n' +
          '- scheduled backups pause during the window and run right after it\n' +
          '- connection strings do not change, and no action is needed on your side\n\n' +
          'If this window is a problem for you, please contact support before the maintenance starts.',
        at: createdAt,
      },
    ],
  };
}

export function planDemo(now: Date): DemoPlan {
  const rng = createRng(Math.floor(now.getTime() / 1000));
  const days = pickIncidentDays(rng);
  const severities = rng.shuffle(SEVERITY_DECK);
  // Every scenario once before any repeats.
  const scenarios = [...rng.shuffle(SCENARIOS), ...rng.shuffle(SCENARIOS)];
  const today = startOfUtcDay(now);
  const resolvedIncidents = days.map((daysAgo, index) => {
    const startMs = today - daysAgo * DAY + rng.int(0, 23) * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * 1000;
    return planResolvedIncident(rng, scenarios[index] as Scenario, severities[index] as Severity, startMs);
  });
  resolvedIncidents.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  return {
    createdAt: new Date(today - HISTORY_DAYS * DAY),
    resolvedIncidents,
    activeIncident: planActiveIncident(now),
    completedMaintenance: planCompletedMaintenance(now),
    upcomingMaintenance: planUpcomingMaintenance(now),
  };
}

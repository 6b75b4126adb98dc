import type { PostmortemIncidentFacts, TimelineSource } from '../../db/queries/postmortems.ts';
import { worseStatus } from '../catalog/derive-component-status.ts';
import type { PostmortemSection, PostmortemState } from '../domain/learning.ts';
import { POSTMORTEM_SECTIONS } from '../domain/learning.ts';
import { describeComponentStatus, describeIncidentStatus } from '../status/overall-status.ts';
import { durationBetween, formatUtcDateTime } from '../status/page-view.ts';
import type { IncidentStatus } from '../domain/types.ts';

/** Each section's heading, in the editor and in the public part. */
export const SECTION_LABELS: Readonly<Record<PostmortemSection, string>> = {
  summary: 'Summary',
  customer_impact: 'Customer impact',
  timeline: 'Timeline',
  root_cause: 'Root cause and contributing factors',
  went_well: 'What went well',
  went_poorly: 'What went poorly',
  lessons: 'Lessons',
};

export const STATE_LABELS: Readonly<Record<PostmortemState, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  published_internal: 'Published internally',
  published_public: 'Published publicly',
};

/**
 * Each section is capped so one paste cannot make the page, the feed or the email
 * unreadable (a long postmortem runs a few thousand characters per section).
 */
export const MAX_SECTION_LENGTH = 20_000;

/** What a section starts from when the admin has not changed the template. */
export const DEFAULT_TEMPLATE: Readonly<Record<PostmortemSection, string>> = {
  summary: 'What happened, in two or three sentences a customer would understand.',
  customer_impact: '',
  timeline: '',
  root_cause:
    'What caused the incident, and what made it worse or longer. Blameless: describe how the system and the process let it happen, not who.',
  went_well: '- ',
  went_poorly: '- ',
  lessons: '- ',
};

/** The admin's template over the built-in one. */
export function resolveTemplate(custom: Partial<Record<PostmortemSection, string>>): Record<PostmortemSection, string> {
  return Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, custom[s] ?? DEFAULT_TEMPLATE[s]])) as Record<PostmortemSection, string>;
}

/** Pure: the customer-impact section a new postmortem starts from. */
export function buildCustomerImpact(facts: PostmortemIncidentFacts, now: Date): string {
  const start = facts.impactStartedAt ?? facts.startedAt;
  const end = facts.resolvedAt;
  const lines: string[] = [];
  lines.push(
    end === null
      ? `- **Duration:** ongoing (impact started ${formatUtcDateTime(start.toISOString())}; ${durationBetween(start.toISOString(), now.toISOString())} so far)`
      : `- **Duration:** ${durationBetween(start.toISOString(), end.toISOString())} (${formatUtcDateTime(start.toISOString())} to ${formatUtcDateTime(end.toISOString())})`,
  );
  if (facts.components.length === 0) {
    lines.push('- **Affected components:** none recorded');
  } else {
    lines.push('- **Affected components:**');
    for (const component of facts.components) {
      const worst = component.statuses.reduce(worseStatus, 'operational');
      lines.push(`  - ${component.name}: at worst ${describeComponentStatus(worst).toLowerCase()}`);
    }
  }
  lines.push(`- **Subscribers notified:** ${facts.subscribersNotified.toLocaleString('en-US')} by email`);
  return lines.join('\n');
}

const MILESTONE_WORDS: ReadonlyArray<[keyof PostmortemIncidentFacts, string]> = [
  ['impactStartedAt', 'Impact started'],
  ['detectedAt', 'Detected'],
  ['acknowledgedAt', 'Acknowledged'],
  ['mitigatedAt', 'Mitigated'],
  ['resolvedAt', 'Resolved'],
];

function firstLine(markdown: string, max = 160): string {
  const line = markdown.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function statusWords(value: unknown): string {
  return typeof value === 'string' ? describeIncidentStatus(value as IncidentStatus).toLowerCase() : '—';
}

/**
 * Pure: the timeline section, one line per milestone, published update, note and
 * status or severity change, oldest first, in UTC. Notes and internal updates are
 * internal: the editor says so before anyone ticks the timeline for the public part.
 */
export function buildTimeline(facts: PostmortemIncidentFacts, source: TimelineSource): string {
  const rows: { at: Date; order: number; text: string }[] = [];
  MILESTONE_WORDS.forEach(([key, words], index) => {
    const at = facts[key];
    if (at instanceof Date) rows.push({ at, order: index, text: `**${words}**` });
  });
  for (const update of source.updates) {
    const kind = update.audience === 'internal' ? 'Internal update' : 'Update';
    const excerpt = firstLine(update.body);
    rows.push({ at: update.publishedAt, order: 10, text: `${kind} (${statusWords(update.status)})${excerpt ? `: ${excerpt}` : ''}` });
  }
  for (const event of source.events) {
    const who = event.actor ? ` (${event.actor})` : '';
    const d = event.details;
    const text =
      event.kind === 'note.added'
        ? `Note${who}: ${firstLine(typeof d['body'] === 'string' ? d['body'] : '')}`
        : event.kind === 'incident.severity_changed'
          ? `Severity changed from ${String(d['from'] ?? '—')} to ${String(d['to'] ?? '—')}${who}`
          : `Status changed from ${statusWords(d['from'])} to ${statusWords(d['to'])}${who}`;
    rows.push({ at: event.occurredAt, order: 20, text });
  }
  rows.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  return rows.map((row) => `- ${formatUtcDateTime(row.at.toISOString())} — ${row.text}`).join('\n');
}

/** Pure: the public part, the chosen sections under their headings, in the template's order. */
export function buildPublicBody(sections: Record<PostmortemSection, string>, chosen: readonly PostmortemSection[]): string {
  return POSTMORTEM_SECTIONS.filter((s) => chosen.includes(s))
    .map((s) => `### ${SECTION_LABELS[s]}\n\n${sections[s].trim()}`)
    .join('\n\n');
}

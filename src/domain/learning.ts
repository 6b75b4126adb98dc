/**
 * Learning from incidents (issue 11): milestones, postmortems and action items.
 * Shared vocabulary of db/ and the use cases.
 */

/** The milestones of an incident, in the order they must keep. */
export const MILESTONES = ['impact_started_at', 'detected_at', 'acknowledged_at', 'mitigated_at', 'resolved_at'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const POSTMORTEM_STATES = ['draft', 'in_review', 'published_internal', 'published_public'] as const;
export type PostmortemState = (typeof POSTMORTEM_STATES)[number];

/** The blameless sections of a postmortem, in the order they are written and shown. */
export const POSTMORTEM_SECTIONS = [
  'summary',
  'customer_impact',
  'timeline',
  'root_cause',
  'went_well',
  'went_poorly',
  'lessons',
] as const;
export type PostmortemSection = (typeof POSTMORTEM_SECTIONS)[number];

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const ACTION_ITEM_PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];

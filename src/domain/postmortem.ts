import type { PostmortemSection, PostmortemState } from './learning.ts';
import type { Severity } from './types.ts';

/** A postmortem as the use cases and pages see it (db/queries/postmortems.ts maps rows to it). */
export interface Postmortem {
  incidentId: string;
  state: PostmortemState;
  sections: Record<PostmortemSection, string>;
  rootCauseTags: string[];
  /** The sections the publisher chose for the public part. */
  publicSections: PostmortemSection[];
  /** The public Markdown, frozen at public publication; null until then (and after a revert). */
  publicBody: string | null;
  dueAt: Date | null;
  publishedAt: Date | null;
  publicPublishedAt: Date | null;
  notifiedSubscribers: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin configures (postmortem_settings). */
export interface PostmortemSettings {
  dueBusinessDays: number;
  requiredSeverities: Severity[];
  /** Section → the Markdown a new postmortem starts from. */
  template: Record<PostmortemSection, string>;
}

/** One incident the dashboard lists: its postmortem is missing or overdue. */
export interface PostmortemDue {
  incidentId: string;
  title: string;
  severity: Severity;
  resolvedAt: Date;
  /** Null: no postmortem yet. */
  state: PostmortemState | null;
  dueAt: Date;
  overdue: boolean;
}

import type { Severity } from './types.ts';

/** One saved text of a component's runbook; the newest is the runbook. */
export interface RunbookVersion {
  componentId: string;
  version: number;
  body: string;
  authorName: string;
  createdAt: Date;
}

/** An item of a severity's checklist. */
export interface ChecklistItem {
  id: string;
  severity: Severity;
  position: number;
  text: string;
}

/** An item ticked on an incident. */
export interface ChecklistTick {
  itemId: string | null;
  text: string;
  tickedByName: string;
  tickedAt: Date;
}

import { SECTION_LABELS } from './postmortem-text.ts';
import type { PostmortemSection } from '../domain/learning.ts';

const sectionNames = (value: unknown): string =>
  Array.isArray(value) ? value.map((s) => SECTION_LABELS[s as PostmortemSection]?.toLowerCase() ?? String(s)).join(', ') : '';

/** The incident timeline's sentence for a postmortem event (after the actor's name), or null for another kind. */
export function describePostmortemEvent(kind: string, d: Record<string, unknown>): string | null {
  switch (kind) {
    case 'postmortem.started':
      return 'started the postmortem';
    case 'postmortem.edited': {
      const sections = sectionNames(d['sections']);
      const tags = Array.isArray(d['rootCauseTags']) ? ` · root causes: ${d['rootCauseTags'].join(', ') || 'none'}` : '';
      return `edited the postmortem${sections ? ` (${sections})` : ''}${tags}`;
    }
    case 'postmortem.timeline_regenerated':
      return 'regenerated the postmortem timeline';
    case 'postmortem.submitted':
      return 'sent the postmortem for review';
    case 'postmortem.published':
      return 'published the postmortem internally';
    case 'postmortem.published_publicly': {
      const recipients = typeof d['recipients'] === 'number' ? ` (${d['recipients'].toLocaleString('en-US')})` : '';
      return `published the postmortem publicly (${sectionNames(d['sections'])})${d['notify'] === true ? ` · subscribers emailed${recipients}` : ' · no email sent'}`;
    }
    case 'postmortem.reverted':
      return 'reverted the postmortem to a draft';
    case 'postmortem.deleted':
      return 'deleted the postmortem';
    default:
      return null;
  }
}

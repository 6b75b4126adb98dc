import { findPostmortem, findPostmortemIncidentFacts, listRootCauseTags, type PostmortemIncidentFacts } from '../../db/queries/postmortems.ts';
import { actorCan, type Actor, requirePermission } from '../auth/permissions.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { POSTMORTEM_SECTIONS, type PostmortemSection } from '../domain/learning.ts';
import type { Postmortem } from '../domain/postmortem.ts';
import type { FieldErrors, Result } from '../domain/result.ts';
import type { Services } from '../services.ts';
import { publishPostmortem } from './publish-postmortem.ts';
import { publishPostmortemPublicly } from './publish-postmortem-publicly.ts';
import { revertPostmortem } from './revert-postmortem.ts';
import { savePostmortem } from './save-postmortem.ts';
import { startPostmortem } from './start-postmortem.ts';
import { submitPostmortem } from './submit-postmortem.ts';

/** What a failed post gives back to the page: which form, its errors, and what was typed. */
export interface PostmortemPosted {
  form: 'edit' | 'publish_public' | 'state';
  errors: FieldErrors;
  values: Record<string, string | string[]>;
}

export interface PostmortemEditorView {
  incident: PostmortemIncidentFacts | null;
  postmortem: Postmortem | null;
  tags: string[];
  /** The text each field shows: what was typed when a post failed, else what is saved. */
  sections: Record<PostmortemSection, string>;
  chosenTags: string[];
  dueOn: string;
  publicSections: PostmortemSection[];
  notify: boolean;
  canWrite: boolean;
  canPublish: boolean;
  /** Whether this person may edit now (a published postmortem is edited by those who publish). */
  canEdit: boolean;
  notice: string | null;
  posted: PostmortemPosted | null;
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((v) => v !== '');
const asText = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

export async function loadPostmortemEditor(
  services: Services,
  actor: Actor,
  incidentId: string,
  options: { notice: string | null; posted: PostmortemPosted | null },
): Promise<PostmortemEditorView> {
  requirePermission(actor, 'internal.view');
  const [incident, postmortem, tags] = await Promise.all([
    findPostmortemIncidentFacts(services.db, incidentId),
    findPostmortem(services.db, incidentId),
    listRootCauseTags(services.db),
  ]);
  const posted = options.posted;
  const typed = posted?.form === 'edit' ? posted.values : null;
  const sections = Object.fromEntries(
    POSTMORTEM_SECTIONS.map((s) => [s, typed ? asText(typed[s]) : (postmortem?.sections[s] ?? '')]),
  ) as Record<PostmortemSection, string>;
  const publishTyped = posted?.form === 'publish_public' ? posted.values : null;
  const canWrite = actorCan(actor, 'postmortem.write');
  const canPublish = actorCan(actor, 'postmortem.publish');
  const published = postmortem?.state === 'published_internal' || postmortem?.state === 'published_public';
  return {
    incident,
    postmortem,
    tags: [...new Set([...tags, ...(postmortem?.rootCauseTags ?? [])])],
    sections,
    chosenTags: typed ? asList(typed['rootCauseTags']) : (postmortem?.rootCauseTags ?? []),
    dueOn: typed ? asText(typed['dueOn']) : (postmortem?.dueAt?.toISOString().slice(0, 10) ?? ''),
    publicSections: publishTyped
      ? (asList(publishTyped['publicSections']) as PostmortemSection[])
      : postmortem?.publicSections.length
        ? postmortem.publicSections
        : ['summary', 'customer_impact', 'root_cause', 'lessons'],
    notify: publishTyped ? asText(publishTyped['notify']) === 'on' : false,
    canWrite,
    canPublish,
    canEdit: postmortem !== null && (published ? canPublish : canWrite),
    notice: options.notice,
    posted,
  };
}

export type PostmortemPostOutcome = { redirect: string } | { status: number; posted: PostmortemPosted };

const NOTICES: Readonly<Record<string, string>> = {
  started: 'Postmortem started: customer impact and the timeline are filled in from what Herald recorded. Check them, then write the rest.',
  saved: 'Postmortem saved.',
  regenerated: 'Timeline generated again from the milestones, updates, notes and status changes.',
  submit: 'Postmortem sent for review.',
  'submit-unchanged': 'The postmortem is already past the draft stage: nothing changed.',
  publish: 'Postmortem published internally. Nothing was published on the status page.',
  'publish-unchanged': 'This postmortem was already published: nothing changed.',
  publish_public: 'Postmortem published on the public incident page and in the feeds.',
  'publish_public-unchanged': 'This postmortem was already published publicly: nothing changed. To change its public part, revert it to a draft and publish again.',
  revert: 'Postmortem back to draft: it is not on the status page.',
  'revert-unchanged': 'The postmortem is already a draft: nothing changed.',
};

/**
 * The sentence for the `done` and `emailed` query parameters. Fixed words only
 * (and a number): nothing typed in the address is shown.
 */
export function postmortemNotice(done: string | null, emailed: string | null): string | null {
  if (done === null) return null;
  const notice = NOTICES[done];
  if (notice === undefined) return null;
  if (done !== 'publish_public') return notice;
  const count = emailed !== null && /^\d{1,9}$/.test(emailed) ? Number(emailed) : null;
  return `${notice} ${count === null ? 'No email sent.' : `Emailed to ${count.toLocaleString('en-US')} subscriber${count === 1 ? '' : 's'}.`}`;
}

/** Handles the editor's forms; a success redirects (post/redirect/get) with a notice. */
export async function handlePostmortemPost(services: Services, actor: Actor, incidentId: string, form: Record<string, string | string[]>): Promise<PostmortemPostOutcome> {
  const action = asText(form['action']);
  const base = `/admin/incidents/${encodeURIComponent(incidentId)}/postmortem`;
  const input = { ...form, incidentId };
  const stateDone = (result: Result<{ changed: boolean; recipients?: number }>, which: PostmortemPosted['form']): PostmortemPostOutcome => {
    if (!result.ok) return { status: 422, posted: { form: which, errors: result.errors, values: form } };
    const emailed = action === 'publish_public' && result.value.changed && asText(form['notify']) === 'on' ? `&emailed=${result.value.recipients ?? 0}` : '';
    return { redirect: `${base}?done=${action}${result.value.changed ? '' : '-unchanged'}${emailed}` };
  };
  switch (action) {
    case 'start': {
      const result = await startPostmortem(services, actor, input);
      return result.ok ? { redirect: `${base}?done=started` } : { status: 422, posted: { form: 'state', errors: result.errors, values: form } };
    }
    case 'save':
    case 'regenerate': {
      const result = await savePostmortem(services, actor, { ...input, regenerateTimeline: action === 'regenerate' });
      if (!result.ok) return { status: 422, posted: { form: 'edit', errors: result.errors, values: form } };
      return { redirect: `${base}?done=${action === 'regenerate' ? 'regenerated' : 'saved'}` };
    }
    case 'submit':
      return stateDone(await submitPostmortem(services, actor, input), 'state');
    case 'publish':
      return stateDone(await publishPostmortem(services, actor, input), 'state');
    case 'publish_public':
      return stateDone(await publishPostmortemPublicly(services, actor, input), 'publish_public');
    case 'revert':
      return stateDone(await revertPostmortem(services, actor, input), 'state');
    default:
      return { status: 400, posted: { form: 'state', errors: formError(ERRORS.PostmortemUnknownAction), values: form } };
  }
}

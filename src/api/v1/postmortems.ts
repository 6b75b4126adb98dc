import { z } from 'zod';
import { findPostmortem, findPostmortemIncidentFacts } from '../../../db/queries/postmortems.ts';
import { POSTMORTEM_SECTIONS, type PostmortemSection } from '../../domain/learning.ts';
import type { Postmortem } from '../../domain/postmortem.ts';
import type { FieldErrors } from '../../domain/result.ts';
import { INCIDENT_GONE } from '../../incidents/checks.ts';
import { deletePostmortem } from '../../postmortems/delete-postmortem.ts';
import { buildPublicBody } from '../../postmortems/postmortem-text.ts';
import { publishPostmortemPublicly } from '../../postmortems/publish-postmortem-publicly.ts';
import { revertPostmortem } from '../../postmortems/revert-postmortem.ts';
import { savePostmortem } from '../../postmortems/save-postmortem.ts';
import { startPostmortem } from '../../postmortems/start-postmortem.ts';
import type { Scope } from '../../tokens/scopes.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { apiBoolean, parseBody, useCaseRefusal } from './input.ts';

/**
 * /api/v1/pages/{page_id}/incidents/{incident_id}/postmortem (GET, PUT, DELETE)
 * and …/postmortem/publish, …/postmortem/revert (PUT), as Statuspage has them,
 * through the hub's postmortem use cases with the token as the Actor.
 *
 * Statuspage has one Markdown body; Herald has seven sections. `body_draft` is
 * the draft as one document (every section that has text, under its heading);
 * writing `body_draft` sets the summary section, so a Statuspage client that
 * writes and publishes a body publishes that text. Herald's own fields (under
 * `herald`) read and write the sections, root-cause tags and public sections.
 * `notify_twitter` and `custom_tweet` are accepted and ignored.
 */

export const POSTMORTEM_READ_SCOPES: readonly Scope[] = ['read', 'postmortems:write'];

export interface V1Postmortem {
  preview_key: null;
  /** The published public part, or null. */
  body: string | null;
  body_updated_at: string | null;
  body_draft: string;
  body_draft_updated_at: string;
  published_at: string | null;
  notify_subscribers: boolean;
  notify_twitter: false;
  custom_tweet: null;
  herald: {
    state: Postmortem['state'];
    sections: Record<PostmortemSection, string>;
    root_cause_tags: string[];
    public_sections: PostmortemSection[];
    due_at: string | null;
    published_internally_at: string | null;
  };
}

export function v1Postmortem(p: Postmortem): V1Postmortem {
  return {
    preview_key: null,
    body: p.publicBody,
    body_updated_at: p.publicPublishedAt?.toISOString() ?? null,
    body_draft: buildPublicBody(p.sections, POSTMORTEM_SECTIONS.filter((s) => p.sections[s].trim() !== '')),
    body_draft_updated_at: p.updatedAt.toISOString(),
    published_at: p.publicPublishedAt?.toISOString() ?? null,
    notify_subscribers: p.notifiedSubscribers,
    notify_twitter: false,
    custom_tweet: null,
    herald: {
      state: p.state,
      sections: p.sections,
      root_cause_tags: p.rootCauseTags,
      public_sections: p.publicSections,
      due_at: p.dueAt?.toISOString() ?? null,
      published_internally_at: p.publishedAt?.toISOString() ?? null,
    },
  };
}

const sectionsShape = Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, z.string({ error: 'must be text' }).optional()])) as Record<PostmortemSection, z.ZodOptional<z.ZodString>>;

export const postmortemBody = z.object({
  postmortem: z.object(
    {
      body_draft: z.string({ error: 'must be text' }).optional(),
      herald: z
        .object({
          sections: z.object(sectionsShape).partial().optional(),
          root_cause_tags: z.array(z.string({ error: 'must be text' })).optional(),
          due_on: z.string({ error: 'must be a date (YYYY-MM-DD)' }).nullable().optional(),
        })
        .optional(),
    },
    { error: 'is required: send {"postmortem": {"body_draft": …}} or postmortem[body_draft]=… fields' },
  ),
});

export const publishBody = z.object({
  postmortem: z
    .object({
      notify_subscribers: apiBoolean.optional(),
      notify_twitter: z.unknown().optional(),
      custom_tweet: z.unknown().optional(),
      herald: z.object({ public_sections: z.array(z.enum(POSTMORTEM_SECTIONS, { error: `must be among ${POSTMORTEM_SECTIONS.join(', ')}` })).optional() }).optional(),
    })
    .optional(),
});

const FIELD_NAMES: Record<string, string> = {
  ...Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, `herald.sections.${s}`])),
  rootCauseTags: 'herald.root_cause_tags',
  dueOn: 'herald.due_on',
  publicSections: 'herald.public_sections',
  notify: 'notify_subscribers',
};

const gone = (id: string): V1Answer => apiError(404, `There is no incident "${id}".`);
const refusal = (id: string, errors: FieldErrors): V1Answer => (Object.values(errors).includes(INCIDENT_GONE) ? gone(id) : useCaseRefusal(errors, 'postmortem', FIELD_NAMES));

async function current(request: V1Request, incidentId: string): Promise<V1Answer> {
  const postmortem = await findPostmortem(request.services.db, incidentId);
  return postmortem ? { status: 200, body: v1Postmortem(postmortem) } : apiError(404, `Incident "${incidentId}" has no postmortem.`);
}

export async function getPostmortemAnswer(request: V1Request): Promise<V1Answer> {
  const incidentId = request.params['incident_id'] ?? '';
  if ((await findPostmortemIncidentFacts(request.services.db, incidentId)) === null) return gone(incidentId);
  return current(request, incidentId);
}

/** PUT …/postmortem: creates the postmortem when there is none, then saves what was sent (the rest kept). */
export async function putPostmortemAnswer(request: V1Request): Promise<V1Answer> {
  const incidentId = request.params['incident_id'] ?? '';
  const parsed = parseBody(postmortemBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.postmortem;
  const started = await startPostmortem(request.services, request.actor, { incidentId });
  if (!started.ok) return refusal(incidentId, started.errors);
  const existing = await findPostmortem(request.services.db, incidentId);
  if (!existing) return gone(incidentId);
  const sections = { ...existing.sections, ...(input.body_draft !== undefined ? { summary: input.body_draft } : {}), ...(input.herald?.sections ?? {}) };
  const saved = await savePostmortem(request.services, request.actor, {
    incidentId,
    ...sections,
    rootCauseTags: input.herald?.root_cause_tags ?? existing.rootCauseTags,
    ...(input.herald?.due_on !== undefined ? { dueOn: input.herald.due_on ?? '' } : {}),
  });
  if (!saved.ok) return refusal(incidentId, saved.errors);
  return current(request, incidentId);
}

/** PUT …/postmortem/publish: publishes publicly (the stored public sections, else the summary). A second publish changes nothing. */
export async function publishPostmortemAnswer(request: V1Request): Promise<V1Answer> {
  const incidentId = request.params['incident_id'] ?? '';
  const parsed = parseBody(publishBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.postmortem ?? {};
  const existing = await findPostmortem(request.services.db, incidentId);
  if (!existing) return (await findPostmortemIncidentFacts(request.services.db, incidentId)) ? apiError(404, `Incident "${incidentId}" has no postmortem.`) : gone(incidentId);
  const publicSections = input.herald?.public_sections ?? (existing.publicSections.length > 0 ? existing.publicSections : ['summary']);
  const result = await publishPostmortemPublicly(request.services, request.actor, { incidentId, publicSections, notify: input.notify_subscribers ?? false });
  if (!result.ok) return refusal(incidentId, result.errors);
  return current(request, incidentId);
}

export async function revertPostmortemAnswer(request: V1Request): Promise<V1Answer> {
  const incidentId = request.params['incident_id'] ?? '';
  const result = await revertPostmortem(request.services, request.actor, { incidentId });
  if (!result.ok) return refusal(incidentId, result.errors);
  return current(request, incidentId);
}

export async function deletePostmortemAnswer(request: V1Request): Promise<V1Answer> {
  const incidentId = request.params['incident_id'] ?? '';
  const result = await deletePostmortem(request.services, request.actor, { incidentId });
  if (!result.ok) return Object.keys(result.errors).includes('_form') ? apiError(404, `Incident "${incidentId}" has no postmortem.`) : refusal(incidentId, result.errors);
  return { status: 204 };
}

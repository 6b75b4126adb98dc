import { hasPublishedExternalUpdate } from '../../db/queries/updates.ts';
import { insertDirectDelivery } from '../../db/queries/deliveries.ts';
import { findPostmortemIncidentFacts, listIncidentSubscribers, updatePostmortemState } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { formatUtcDateTime } from '../status/page-view.ts';
import { recordPostmortemWebhooks } from '../webhooks/record-webhook-event.ts';
import { INCIDENT_GONE } from '../incidents/checks.ts';
import { lockPostmortem, type PostmortemOutcome } from './postmortem-outcome.ts';
import type { PostmortemPayload } from './postmortem-message.ts';
import { buildPublicBody } from './postmortem-text.ts';
import { publishPublicSchema } from './schemas.ts';

export const NO_PUBLIC_SECTION = 'Tick at least one section to publish publicly';

/**
 * Publishes the sections the publisher ticked on the public incident page and in
 * the feeds (comms and admins). The public part is frozen into public_body now:
 * later edits of any section stay internal until it is reverted and published
 * again. With `notify`, it is queued through the outbox to the incident's
 * subscribers, in the same email thread as its updates. Publishing twice is a
 * no-op with a message.
 */
export async function publishPostmortemPublicly(services: Services, actor: Actor, input: unknown): Promise<Result<PostmortemOutcome & { recipients: number }>> {
  requirePermission(actor, 'postmortem.publish');
  const parsed = parseInput(publishPublicSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, publicSections, notify } = parsed.value;
  const now = services.now();
  const host = new URL(services.config.publicUrl).hostname;

  const result = await services.db.transaction().execute(async (trx): Promise<Result<PostmortemOutcome & { recipients: number }>> => {
    const locked = await lockPostmortem(trx, incidentId);
    if (!locked.ok) return locked.failure;
    const { postmortem } = locked;
    if (postmortem.state === 'published_public') {
      const when = postmortem.publicPublishedAt ? ` on ${formatUtcDateTime(postmortem.publicPublishedAt.toISOString())}` : '';
      return ok({ incidentId, changed: false, recipients: 0, message: `This postmortem was already published publicly${when}: nothing changed. To change its public part, revert it to a draft and publish again.` });
    }
    const facts = await findPostmortemIncidentFacts(trx, incidentId);
    if (!facts) return fail({ incidentId: INCIDENT_GONE });
    if (!(await hasPublishedExternalUpdate(trx, incidentId))) return fail(formError(ERRORS.PostmortemIncidentNotPublic));
    if (facts.resolvedAt === null) return fail(formError(ERRORS.PostmortemIncidentOpen));
    if (publicSections.length === 0) return fail({ publicSections: NO_PUBLIC_SECTION });
    const empty = publicSections.find((s) => postmortem.sections[s].trim() === '');
    if (empty !== undefined) return fail({ publicSections: 'A ticked section is empty: write it, or untick it' });

    const body = buildPublicBody(postmortem.sections, publicSections);
    const recipients = notify ? await listIncidentSubscribers(trx, incidentId) : [];
    await updatePostmortemState(trx, incidentId, {
      state: 'published_public',
      publishedAt: postmortem.publishedAt ?? now,
      publicPublishedAt: now,
      publicSections,
      publicBody: body,
      notifiedSubscribers: notify,
      at: now,
    });
    for (const subscriber of recipients) {
      const payload: PostmortemPayload = { incidentId, title: facts.title, body, publishedAt: now.toISOString() };
      await insertDirectDelivery(trx, {
        kind: 'postmortem',
        subscriberId: subscriber.id,
        recipient: subscriber.email,
        messageId: `postmortem-${incidentId}-${now.getTime()}.${subscriber.id}@${host}`,
        payload: { ...payload },
        at: now,
      });
    }
    await recordPostmortemWebhooks(trx, { incidentId, body, publishedAt: now }, now);
    await insertTimelineEvent(trx, {
      incidentId,
      kind: 'postmortem.published_publicly',
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      details: { from: postmortem.state, to: 'published_public', sections: publicSections, notify, recipients: recipients.length },
    });
    const emailed = notify ? ` Emailed to ${recipients.length.toLocaleString('en-US')} subscriber${recipients.length === 1 ? '' : 's'}.` : ' No email sent.';
    return ok({ incidentId, changed: true, recipients: recipients.length, message: `Postmortem published on the public incident page and in the feeds.${emailed}` });
  });

  if (result.ok && result.value.changed) services.refreshSnapshot();
  return result;
}

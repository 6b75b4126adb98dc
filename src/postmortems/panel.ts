import { findPostmortem } from '../../db/queries/postmortems.ts';
import { actorCan, type Actor, requirePermission } from '../auth/permissions.ts';
import type { PostmortemState } from '../domain/learning.ts';
import type { Services } from '../services.ts';

/** What the incident page's Postmortem section shows. */
export interface PostmortemPanelView {
  state: PostmortemState | null;
  dueAt: Date | null;
  publicPublishedAt: Date | null;
  canWrite: boolean;
}

export async function loadPostmortemPanel(services: Pick<Services, 'db'>, actor: Actor, incidentId: string): Promise<PostmortemPanelView> {
  requirePermission(actor, 'internal.view');
  const postmortem = await findPostmortem(services.db, incidentId);
  return {
    state: postmortem?.state ?? null,
    dueAt: postmortem?.dueAt ?? null,
    publicPublishedAt: postmortem?.publicPublishedAt ?? null,
    canWrite: actorCan(actor, 'postmortem.write'),
  };
}

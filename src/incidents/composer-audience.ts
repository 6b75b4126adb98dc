import type { Db } from '../../db/client.ts';
import { countInternalList } from '../../db/queries/internal-recipients.ts';
import { countSubscribersForComponents } from '../../db/queries/subscribers.ts';
import { findLastAudienceByAuthor } from '../../db/queries/updates.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Audience } from '../domain/types.ts';

/**
 * Who the composer's two actions reach, and which of them it opens on.
 *
 * The audience is remembered per person and incident from the database: the
 * composer opens on the audience of the last update this person wrote on this
 * incident (draft, scheduled or published). Nothing to store, it follows the
 * person from one browser to another, and it cannot go stale like a cookie.
 * Someone who has written nothing there yet starts on External when they may
 * publish, on Internal otherwise.
 */

export interface ComposerRecipients {
  /** Confirmed subscribers following every component or one of the update's components. */
  subscribers: number;
  /** The internal list: opted-in users and the extra addresses from settings. */
  internalList: number;
}

export async function loadComposerRecipients(db: Db, componentIds: readonly string[]): Promise<ComposerRecipients> {
  const [subscribers, internalList] = await Promise.all([countSubscribersForComponents(db, [...new Set(componentIds)]), countInternalList(db)]);
  return { subscribers, internalList };
}

export async function rememberedAudience(db: Db, incidentId: string, actor: Actor, canPublish: boolean): Promise<Audience> {
  const last = await findLastAudienceByAuthor(db, incidentId, actor.id);
  return last ?? (canPublish ? 'external' : 'internal');
}

/** "1 subscriber", "1,234 subscribers". */
export function countNoun(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

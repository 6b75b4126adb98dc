import { findComponentById } from '../../db/queries/components.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import { findUserById } from '../../db/queries/users.ts';
import type { Db } from '../../db/client.ts';
import type { FieldErrors } from '../domain/result.ts';
import type { User } from '../domain/types.ts';
import { displayTimeZone, type TimeZone } from '../time/time-zone.ts';
import { UNKNOWN_COMPONENT, UNKNOWN_OWNER } from './action-item-input.ts';
import { todayInZone } from './due-dates.ts';

/** The status page's zone, in which due dates are read (UTC until one is set). */
export async function pageTimeZone(db: Db): Promise<TimeZone> {
  return displayTimeZone((await findPageSettings(db))?.timeZone);
}

/** Today in the page's zone. */
export async function pageToday(db: Db, now: Date): Promise<string> {
  return todayInZone(now, await pageTimeZone(db));
}

/**
 * The owner and components an item names, checked against the database: an owner
 * must have an active account, every component must exist. Errors keyed by field.
 */
export async function checkOwnerAndComponents(
  db: Db,
  ownerId: string | null,
  componentIds: readonly string[],
): Promise<{ owner: User | null; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  let owner: User | null = null;
  if (ownerId !== null) {
    owner = await findUserById(db, ownerId);
    if (owner === null || owner.disabledAt !== null) {
      errors['ownerId'] = UNKNOWN_OWNER;
      owner = null;
    }
  }
  for (const componentId of componentIds) {
    if ((await findComponentById(db, componentId)) === null) {
      errors['componentIds'] = UNKNOWN_COMPONENT;
      break;
    }
  }
  return { owner, errors };
}

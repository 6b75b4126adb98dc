import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { findSubscriberById, findSubscriberConfirmation, markSubscriberConfirmed } from '../../db/queries/subscribers.ts';
import { hashSecret } from '../auth/session.ts';
import type { Services } from '../services.ts';
import { subscriberLinkToken } from './links.ts';

export type ConfirmResult =
  | { outcome: 'confirmed'; email: string; manageToken: string }
  /** Unknown, forged, or used already (the hash is cleared on use, so these look alike). */
  | { outcome: 'invalid' }
  | { outcome: 'expired' };

/**
 * Opens a confirmation link (`<subscriberId>.<secret>`): the subscriber becomes
 * confirmed and the hash is cleared in the same statement, so a link works once
 * even when opened twice at the same moment.
 */
export async function confirmSubscription(services: Services, token: string | null): Promise<ConfirmResult> {
  const [id, secret, extra] = (token ?? '').split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return { outcome: 'invalid' };
  const row = await findSubscriberConfirmation(services.db, id);
  const hash = hashSecret(secret);
  if (!row || row.confirmationHash === null || !constantTimeEqual(hash, row.confirmationHash)) return { outcome: 'invalid' };
  const now = services.now();
  if (row.confirmationExpiresAt === null || row.confirmationExpiresAt.getTime() <= now.getTime()) return { outcome: 'expired' };
  if (!(await markSubscriberConfirmed(services.db, id, hash, now))) return { outcome: 'invalid' };
  const subscriber = await findSubscriberById(services.db, id);
  return { outcome: 'confirmed', email: subscriber?.email ?? '', manageToken: await subscriberLinkToken(services.db, id) };
}

import { createHmac } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Db } from '../../db/client.ts';
import { getOrCreateSecret } from '../../db/queries/app-secrets.ts';
import { findSubscriberById, findSubscriberIdByWebhookEndpoint } from '../../db/queries/subscribers.ts';
import type { Subscriber } from '../domain/subscriber.ts';

/**
 * Unsubscribe and manage links: `<subscriberId>.<base64url HMAC-SHA256(key, subscriberId)>`.
 *
 * Why an HMAC rather than a random secret per subscriber: only hashes of secrets are
 * stored, yet every notification email (built later by the fan-out worker, on any
 * machine) must carry the link again. An HMAC under one server key, kept in the
 * database (app_secrets) so every process shares it, can be recomputed at will and
 * never stored. It is unguessable without the key, verified in constant time, and
 * stays valid for the subscriber's lifetime (old emails' links keep working).
 * subscribers.token_hash holds SHA-256 of the HMAC, for audits.
 */

const KEY_NAME = 'subscriber-links';

// The key never changes once created, so each process reads it once per database
// (a fan-out to 10,000 subscribers would otherwise read it 10,000 times).
const keys = new WeakMap<Db, Promise<Uint8Array>>();
function linkKey(db: Db): Promise<Uint8Array> {
  let key = keys.get(db);
  if (!key) {
    key = getOrCreateSecret(db, KEY_NAME);
    key.catch(() => keys.delete(db)); // a failed read is retried next time
    keys.set(db, key);
  }
  return key;
}

function mac(key: Uint8Array, subscriberId: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(subscriberId, 'utf8').digest());
}

/** SHA-256 of the link's MAC, as stored in subscribers.token_hash. */
export async function subscriberTokenHash(db: Db, subscriberId: string): Promise<Uint8Array> {
  return sha256(mac(await linkKey(db), subscriberId));
}

export async function subscriberLinkToken(db: Db, subscriberId: string): Promise<string> {
  return `${subscriberId}.${encodeBase64urlNoPadding(mac(await linkKey(db), subscriberId))}`;
}

/** The subscriber a link token belongs to, or null when it is malformed, forged or the subscriber is gone. */
export async function verifySubscriberLinkToken(db: Db, token: string): Promise<Subscriber | null> {
  const [id, signature, extra] = token.split('.');
  if (!id || !signature || extra !== undefined || id.length > 64 || signature.length > 64) return null;
  let given: Uint8Array;
  try {
    given = decodeBase64urlIgnorePadding(signature);
  } catch {
    return null;
  }
  const expected = mac(await linkKey(db), id);
  if (given.length !== expected.length || !constantTimeEqual(given, expected)) return null;
  return findSubscriberById(db, id);
}

/**
 * The public unsubscribe page for a webhook subscriber's endpoint (what its posts
 * carry as `meta.unsubscribe`, as Statuspage's do), or null when the endpoint is
 * not a subscriber's (an admin's integration).
 */
export async function webhookSubscriberUnsubscribeUrl(db: Db, publicUrl: string, endpointId: string): Promise<string | null> {
  const subscriberId = await findSubscriberIdByWebhookEndpoint(db, endpointId);
  if (subscriberId === null) return null;
  return `${publicUrl}/unsubscribe?token=${encodeURIComponent(await subscriberLinkToken(db, subscriberId))}`;
}

import { createHmac, randomBytes } from 'node:crypto';

/*
 * Standard Webhooks (standardwebhooks.com): every request carries
 *   webhook-id         the message's id, the same on every retry (receivers dedupe on it)
 *   webhook-timestamp  Unix seconds of this attempt (receivers refuse old ones: replay)
 *   webhook-signature  "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>"
 * keyed with the base64-decoded part of the `whsec_…` secret. During a rotation's
 * overlap both secrets sign, space-separated, so a receiver holding either verifies.
 */

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes, base64, with Standard Webhooks' prefix. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Pure: the three headers for one attempt, signed with each secret given (current first). */
export function signWebhook(input: { id: string; timestampSeconds: number; body: string; secrets: readonly string[] }): SignedHeaders {
  const timestamp = String(Math.floor(input.timestampSeconds));
  const signed = `${input.id}.${timestamp}.${input.body}`;
  const signatures = input.secrets.map((secret) => `v1,${createHmac('sha256', secretKey(secret)).update(signed).digest('base64')}`);
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

/** The secrets that sign now: the current one, and the previous one until its overlap ends. */
export function signingSecrets(endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  const previous = endpoint.previousSecret !== null && endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt.getTime() > now.getTime();
  return previous ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { userInviteEmail } from '../../emails/user-invite.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { formatUtcDateTime } from '../status/page-view.ts';
import { ROLE_NAMES } from './user-input.ts';

/**
 * What invite-user.ts queues with an 'invite' delivery (deliveries.payload). The
 * link's token travels in the payload, as a subscription confirmation's does: the
 * delivery loop clears the payload once the message is sent, skipped or failed.
 */
export interface InvitePayload {
  /** `id.secret`, as in the link. */
  token: string;
  name: string;
  inviterName: string;
  role: keyof typeof ROLE_NAMES;
  /** ISO instant. */
  expiresAt: string;
}

export function isInvitePayload(value: unknown): value is InvitePayload {
  const p = value as Partial<InvitePayload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    ['token', 'name', 'inviterName', 'expiresAt'].every((key) => typeof p[key as keyof InvitePayload] === 'string') &&
    typeof p.role === 'string' &&
    Object.hasOwn(ROLE_NAMES, p.role)
  );
}

/** The link in the email and on the admin's page. */
export function inviteLink(publicUrl: string, token: string): string {
  return `${publicUrl}/admin/invite?token=${token}`;
}

/** Pure: the invitation's message; null when the payload is unusable (the delivery is then skipped). */
export function buildInviteMessage(delivery: ClaimedDelivery, context: { pageName: string; publicUrl: string }): OutgoingMessage | null {
  const payload = delivery.payload;
  if (!isInvitePayload(payload)) return null;
  const rendered = userInviteEmail({
    pageName: context.pageName,
    pageUrl: context.publicUrl,
    name: payload.name,
    inviterName: payload.inviterName,
    roleName: ROLE_NAMES[payload.role],
    inviteUrl: inviteLink(context.publicUrl, payload.token),
    expiresAtUtc: formatUtcDateTime(payload.expiresAt),
  });
  return { to: delivery.recipient, ...rendered, messageId: delivery.messageId, headers: { 'Auto-Submitted': 'auto-generated' } };
}

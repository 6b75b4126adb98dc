import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { listOutbox, type OutboxEntry, type OutboxMessage, readOutboxMessage } from './outbox.ts';

/** What the admin Outbox page shows. */
export interface OutboxPage {
  /** Host of SMTP_URL when it is set (the outbox is then not written); never its credentials. */
  smtpHost: string | null;
  entries: OutboxEntry[];
}

/**
 * The Outbox is for whoever writes what goes out: there is no outbox permission, so it
 * reuses 'template.manage' (admin and comms). Messages hold subscribers' addresses and
 * their unsubscribe tokens, so responders and viewers do not see it.
 */
export async function loadOutboxPage(services: Services, actor: Actor, limit = 200): Promise<OutboxPage> {
  requirePermission(actor, 'template.manage');
  const smtpHost = services.config.smtpUrl === null ? null : new URL(services.config.smtpUrl).host;
  return { smtpHost, entries: await listOutbox(services.config.dataDir, limit) };
}

/** One message for the admin, same permission as the list; null for a name that is not there. */
export async function loadOutboxMessage(services: Services, actor: Actor, name: string): Promise<OutboxMessage | null> {
  requirePermission(actor, 'template.manage');
  return readOutboxMessage(services.config.dataDir, name);
}

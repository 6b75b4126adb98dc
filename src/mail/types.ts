import type { SendFailure } from './classify-failure.ts';

/**
 * What Herald sends, and what sending says back. Only src/mail/ talks to SMTP or
 * writes the outbox; everything else builds an OutgoingMessage (from a template in
 * emails/) and hands it to a Mailer.
 */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The From display name ("Acme Cloud Status"), used when MAIL_FROM has none of its own. */
  fromName?: string;
  /** Stable per (update, recipient), without angle brackets: "update-abc.sub-xyz@status.example.com". */
  messageId: string;
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, List-Id, In-Reply-To, References. */
  headers: Record<string, string>;
}

export type SendResult =
  | { ok: true }
  /** Why it failed, classified (classify-failure.ts): the relay, the address, the message, or later. */
  | ({ ok: false } & SendFailure);

export interface Mailer {
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

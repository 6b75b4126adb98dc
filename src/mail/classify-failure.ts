/**
 * What a failed send means, so that a relay outage is never blamed on recipients.
 *
 * nodemailer's errors carry `command` (the SMTP step that failed: 'CONN', 'EHLO',
 * 'HELO', 'STARTTLS', 'AUTH PLAIN', 'MAIL FROM', 'RCPT TO', 'DATA', …), `code`
 * ('ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EAUTH', 'EENVELOPE', 'EMESSAGE', …) and,
 * when the server answered, `responseCode` and `response` (which may hold an RFC
 * 3463 enhanced status code such as "5.1.1").
 *
 * - relay: the relay itself is not taking mail — anything at connection, greeting,
 *   STARTTLS, AUTH or MAIL FROM (4xx or 5xx), and network errors. Nothing about the
 *   recipient is known: retry later, never count it against the address.
 * - bounce: the relay refused THIS address for good — a 5xx at RCPT TO whose enhanced
 *   code, if any, is 5.1.x (bad address) or 5.2.x (mailbox unavailable), or a 5xx at
 *   DATA carrying 5.1.x/5.2.x (relays that decide per recipient after the data).
 * - rejected: refused for good but not because of the address (5.7.x policy, 5.3.x
 *   system, 5.6.x content, a 5xx at DATA without an address code): the delivery
 *   fails, the address keeps a clean record.
 * - transient: a 4xx at RCPT TO or DATA: this message, later.
 *
 * Whether many refusals at once are really the relay (a relay answering 550 to every
 * RCPT TO) is decided over a batch by the delivery loop, not here: one message
 * cannot tell.
 */

export type FailureKind = 'relay' | 'bounce' | 'rejected' | 'transient';

export interface SendFailure {
  kind: FailureKind;
  /** The server's answer or the error's message, one line. */
  error: string;
  /** The SMTP step that failed, as nodemailer names it (null when unknown). */
  command: string | null;
  responseCode: number | null;
  /** RFC 3463 enhanced status code from the answer, e.g. "5.1.1" (null when absent). */
  enhancedCode: string | null;
}

interface NodemailerError {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** nodemailer's codes for a message it will not send, whatever the relay (no server answer). */
const LOCAL_MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE', 'ESTREAM', 'EREQUIRETLS']);

/** "550 5.1.1 <x@y>: user unknown" → "5.1.1"; class must agree with the reply code's first digit. */
export function enhancedStatusCode(response: string | undefined): string | null {
  if (response === undefined) return null;
  const match = /^[245]\d\d[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(response.trim());
  if (match === null || match[1] !== response.trim()[0]) return null;
  return `${match[1]}.${match[2]}.${match[3]}`;
}

/** An address-level permanent code: RFC 3463 5.1.x (addressing) or 5.2.x (mailbox). */
function isAddressCode(enhanced: string | null): boolean {
  return enhanced !== null && /^5\.[12]\./.test(enhanced);
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 1000);
}

export function classifySendFailure(error: unknown): SendFailure {
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NodemailerError;
  const command = typeof failure.command === 'string' ? failure.command : null;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : null;
  const enhancedCode = enhancedStatusCode(failure.response);
  const text = oneLine(failure.message ?? String(error));
  const result = (kind: FailureKind): SendFailure => ({ kind, error: text, command, responseCode, enhancedCode });

  const step = (command ?? '').toUpperCase();
  if (step === 'RCPT TO') {
    if (responseCode === null || responseCode < 500) return result('transient');
    return result(enhancedCode === null || isAddressCode(enhancedCode) ? 'bounce' : 'rejected');
  }
  if (step === 'DATA') {
    if (responseCode === null || responseCode < 500) return result(responseCode === null ? 'relay' : 'transient');
    return result(isAddressCode(enhancedCode) ? 'bounce' : 'rejected');
  }
  // nodemailer refusing the message itself before the relay sees it (no recipient, an
  // invalid address, an empty or oversized message): this message, not the relay.
  // Taken for a relay failure it would stop all mail while it is retried.
  if (responseCode === null && LOCAL_MESSAGE_ERRORS.has(failure.code ?? '')) return result('rejected');
  // Too big for this relay (552 / 5.3.4 at MAIL FROM with SIZE): this message only.
  if (step === 'MAIL FROM' && (responseCode === 552 || enhancedCode === '5.3.4')) return result('rejected');
  // Connection, greeting, TLS, AUTH, MAIL FROM, a dropped socket, a timeout, a step
  // we do not know: the relay. Erring this way delays mail; the other way suspends people.
  return result('relay');
}

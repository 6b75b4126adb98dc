import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for the notification tests: records every
 * message it accepts, parsed with mailparser, and can be switched to answer
 * 450 4.2.1 (mailbox busy, try later) or 550 5.1.1 (no such user) for some or all addresses, or 550 at
 * MAIL FROM for a while (the relay refusing everything).
 */

export type SinkBehaviour = 'accept' | 'tempfail' | 'reject';

export interface SmtpSink {
  port: number;
  url: string;
  received: ParsedMail[];
  /** The behaviour for every address not set by `setAddress`. */
  setDefault(behaviour: SinkBehaviour): void;
  setAddress(address: string, behaviour: SinkBehaviour): void;
  /** How many RCPT TO were refused so far, per answer code. */
  refusals: { 450: number; 550: number };
  /** A relay outage: every MAIL FROM is answered 550 for `ms` from now (0 ends it). */
  rejectMailFromFor(ms: number): void;
  /** How many MAIL FROM were refused so far. */
  mailFromRefusals(): number;
  /** Recipients of the received messages (lowercased). */
  recipients(): string[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const refusals = { 450: 0, 550: 0 };
  let fallback: SinkBehaviour = 'accept';
  const byAddress = new Map<string, SinkBehaviour>();
  let mailFromRejectedUntil = 0;
  let mailFromRefused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 200,
    onMailFrom(_address, _session, callback) {
      if (Date.now() < mailFromRejectedUntil) {
        mailFromRefused += 1;
        return callback(Object.assign(new Error('5.7.0 Relay temporarily refusing all mail'), { responseCode: 550 }));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      const behaviour = byAddress.get(address.address.toLowerCase()) ?? fallback;
      if (behaviour === 'tempfail') {
        // 450 rather than 421: a 421 makes smtp-server close the connection, which is
        // the relay failing (every recipient), not this mailbox being busy.
        refusals[450] += 1;
        return callback(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 450 }));
      }
      if (behaviour === 'reject') {
        refusals[550] += 1;
        return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push(parsed);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refusals,
    rejectMailFromFor: (ms) => {
      mailFromRejectedUntil = ms <= 0 ? 0 : Date.now() + ms;
    },
    mailFromRefusals: () => mailFromRefused,
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    setAddress: (address, behaviour) => {
      byAddress.set(address.toLowerCase(), behaviour);
    },
    recipients: () =>
      received.flatMap((mail) => {
        const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
        return to.flatMap((group) => group.value.map((entry) => (entry.address ?? '').toLowerCase()));
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for the notification tests: records every
 * message it accepts, parsed with mailparser, and can be switched to answer
 * 421 (try later) or 550 (no such user) for some or all addresses.
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
  refusals: { 421: number; 550: number };
  /** Recipients of the received messages (lowercased). */
  recipients(): string[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const refusals = { 421: 0, 550: 0 };
  let fallback: SinkBehaviour = 'accept';
  const byAddress = new Map<string, SinkBehaviour>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      const behaviour = byAddress.get(address.address.toLowerCase()) ?? fallback;
      if (behaviour === 'tempfail') {
        refusals[421] += 1;
        return callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      }
      if (behaviour === 'reject') {
        refusals[550] += 1;
        return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
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

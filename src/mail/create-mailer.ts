import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config.ts';
import { classifySendFailure } from './classify-failure.ts';
import type { Mailer, OutgoingMessage, SendResult } from './types.ts';

/** Where messages go when no SMTP server is configured. */
export function outboxDir(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}

function mailOptions(from: string, message: OutgoingMessage): SendMailOptions {
  // MAIL_FROM's own display name ("Acme <status@acme.com>") wins; a bare address gets the page's.
  const named = message.fromName !== undefined && message.fromName.trim() !== '' && !from.includes('<');
  return {
    from: named ? { name: message.fromName!.replace(/[\r\n]+/g, ' ').trim(), address: from } : from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.messageId}>`,
    headers: message.headers,
  };
}

/** Relay, bounce, rejected or transient: see classify-failure.ts. */
function classify(error: unknown): SendResult {
  return { ok: false, ...classifySendFailure(error) };
}

/** nodemailer over a pool of SMTP connections (SMTP_URL, SMTP_POOL_SIZE). */
function smtpMailer(config: Config, smtpUrl: string): Mailer {
  // nodemailer reads pool settings from the URL's query string.
  const url = new URL(smtpUrl);
  url.searchParams.set('pool', 'true');
  url.searchParams.set('maxConnections', String(config.smtpPoolSize));
  url.searchParams.set('maxMessages', 'Infinity');
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(message): Promise<SendResult> {
      try {
        await transport.sendMail(mailOptions(config.mailFrom, message));
        return { ok: true };
      } catch (error) {
        return classify(error);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

/**
 * Without SMTP: every message becomes an .eml file in HERALD_DATA_DIR/outbox, named
 * after its Message-ID (so a message sent twice is one file), shown in the admin
 * Outbox. Written to a temporary name and renamed, so a reader never sees half.
 */
function outboxMailer(config: Config): Mailer {
  const dir = outboxDir(config.dataDir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message): Promise<SendResult> {
      try {
        const info = await transport.sendMail(mailOptions(config.mailFrom, message));
        mkdirSync(dir, { recursive: true });
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}_${message.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
        const file = path.join(dir, name);
        writeFileSync(`${file}.tmp`, info.message as Buffer);
        renameSync(`${file}.tmp`, file);
        return { ok: true };
      } catch (error) {
        // A full disk or the like: the "relay" (the outbox) is not taking mail, try again later.
        return { ok: false, kind: 'relay', error: (error as Error).message, command: null, responseCode: null, enhancedCode: null };
      }
    },
    async close(): Promise<void> {},
  };
}

/** The configured mailer: SMTP when SMTP_URL is set, the outbox otherwise. */
export function createMailer(config: Config): Mailer {
  return config.smtpUrl === null ? outboxMailer(config) : smtpMailer(config, config.smtpUrl);
}

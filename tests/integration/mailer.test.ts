import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { incidentUpdateEmail } from '../../emails/incident-update.ts';
import { renderMarkdown } from '../../src/markdown.ts';
import { loadConfig } from '../../src/config.ts';
import { createMailer, outboxDir } from '../../src/mail/create-mailer.ts';
import { notificationHeaders, notificationMessageId } from '../../src/mail/headers.ts';
import { listOutbox, readOutboxMessage } from '../../src/mail/outbox.ts';
import type { Mailer, OutgoingMessage } from '../../src/mail/types.ts';

const PUBLIC_URL = 'https://status.example.com';
const UNSUBSCRIBE = `${PUBLIC_URL}/unsubscribe?token=tok_abc`;

function message(to: string, subscriberId: string): OutgoingMessage {
  const email = incidentUpdateEmail({
    pageName: 'Acme Cloud',
    pageUrl: PUBLIC_URL,
    incident: { id: 'inc-42', title: 'API requests failing', url: `${PUBLIC_URL}/incidents/inc-42`, impact: 'major' },
    update: {
      statusLabel: 'Identified',
      bodyMarkdown: 'Rolling back the **bad deploy**.',
      bodyHtml: renderMarkdown('Rolling back the **bad deploy**.'),
      publishedAtText: 'Nov 27, 2026, 11:40 UTC',
    },
    components: [{ name: 'API', statusLabel: 'Major outage' }],
    unsubscribeUrl: UNSUBSCRIBE,
    manageUrl: `${PUBLIC_URL}/subscribe/manage?token=tok_abc`,
  });
  return {
    to,
    ...email,
    messageId: notificationMessageId({ updateId: 'upd-1', recipientKey: subscriberId, publicUrl: PUBLIC_URL }),
    headers: notificationHeaders({
      publicUrl: PUBLIC_URL,
      pageName: 'Acme Cloud',
      unsubscribeUrl: UNSUBSCRIBE,
      unsubscribeMailto: 'unsubscribe@example.com',
      threadKey: 'inc-42',
    }),
  };
}

interface Sink {
  port: number;
  received: ParsedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that parses what it receives. */
async function startSink(options: Partial<SMTPServerOptions> = {}): Promise<Sink> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push(parsed);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-mail-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function smtpMailer(port: number): Mailer {
  return createMailer(loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, HERALD_DATA_DIR: tempDir(), MAIL_FROM: 'status@example.com' }));
}

describe('SMTP mailer', () => {
  let sink: Sink;
  let mailer: Mailer;
  beforeAll(async () => {
    sink = await startSink();
    mailer = smtpMailer(sink.port);
  });
  afterAll(async () => {
    await mailer.close();
    await sink.close();
  });

  it('delivers both parts and the notification headers', async () => {
    const result = await mailer.send(message('ada@example.com', 'sub-1'));
    expect(result).toEqual({ ok: true });
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('[Acme Cloud] Identified: API requests failing');
    expect(mail.text).toContain('Rolling back the **bad deploy**.');
    expect(mail.text).toContain(UNSUBSCRIBE);
    expect(mail.html).toContain('<strong>bad deploy</strong>');
    expect(mail.html).toContain('API requests failing');
    expect(mail.messageId).toBe('<update-upd-1.sub-1@status.example.com>');
    expect(mail.inReplyTo).toBe('<incident-inc-42@status.example.com>');
    expect(mail.references).toBe('<incident-inc-42@status.example.com>');
    const raw = (name: string): string | undefined =>
      mail.headerLines.find((header) => header.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(raw('list-unsubscribe')).toBe(`List-Unsubscribe: <${UNSUBSCRIBE}>, <mailto:unsubscribe@example.com?subject=unsubscribe>`);
    expect(raw('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // nodemailer normalizes the name to RFC 2919's spelling.
    expect(raw('list-id')).toBe('List-ID: Acme Cloud status <status.example.com>');
    expect(mail.headers.get('list')).toMatchObject({ id: { name: 'Acme Cloud status', id: 'status.example.com' } });
  });

  it('gives the same Message-ID when the same message is sent again', async () => {
    await mailer.send(message('ada@example.com', 'sub-1'));
    expect(sink.received.at(-1)!.messageId).toBe('<update-upd-1.sub-1@status.example.com>');
  });
});

describe('SMTP failures', () => {
  let sink: Sink | undefined;
  let mailer: Mailer | undefined;
  afterEach(async () => {
    await mailer?.close();
    await sink?.close();
  });

  it('550 5.1.1 at RCPT TO is a bounce (the address), with its enhanced code', async () => {
    sink = await startSink({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      },
    });
    mailer = smtpMailer(sink.port);
    const result = await mailer.send(message('nobody@example.com', 'sub-2'));
    expect(result).toMatchObject({ ok: false, kind: 'bounce', command: 'RCPT TO', responseCode: 550, enhancedCode: '5.1.1' });
    expect(sink.received).toHaveLength(0);
  });

  it('550 5.7.1 at RCPT TO is refused by policy, not a bounce', async () => {
    sink = await startSink({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.7.1 Message refused by policy'), { responseCode: 550 }));
      },
    });
    mailer = smtpMailer(sink.port);
    expect(await mailer.send(message('someone@example.com', 'sub-2'))).toMatchObject({ ok: false, kind: 'rejected', enhancedCode: '5.7.1' });
  });

  it('550 at MAIL FROM is the relay failing, never the recipient', async () => {
    sink = await startSink({
      onMailFrom(_address, _session, callback) {
        callback(Object.assign(new Error('Sender refused'), { responseCode: 550 }));
      },
    });
    mailer = smtpMailer(sink.port);
    expect(await mailer.send(message('ada@example.com', 'sub-1'))).toMatchObject({ ok: false, kind: 'relay', command: 'MAIL FROM', responseCode: 550 });
  });

  it('a refused AUTH and a refused connection are the relay failing', async () => {
    sink = await startSink({
      authOptional: false,
      onAuth(_auth, _session, callback) {
        callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
    });
    const withAuth = createMailer(loadConfig({ SMTP_URL: `smtp://user:wrong@127.0.0.1:${sink.port}`, HERALD_DATA_DIR: tempDir(), MAIL_FROM: 'status@example.com' }));
    try {
      expect(await withAuth.send(message('ada@example.com', 'sub-1'))).toMatchObject({ ok: false, kind: 'relay', command: expect.stringMatching(/^AUTH/) });
    } finally {
      await withAuth.close();
    }
    const port = sink.port;
    await sink.close();
    sink = undefined;
    mailer = smtpMailer(port);
    expect(await mailer.send(message('ada@example.com', 'sub-1'))).toMatchObject({ ok: false, kind: 'relay' });
  });

  it('a 451 answer at RCPT TO is worth retrying', async () => {
    sink = await startSink({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      },
    });
    mailer = smtpMailer(sink.port);
    const result = await mailer.send(message('busy@example.com', 'sub-3'));
    expect(result).toMatchObject({ ok: false, kind: 'transient', responseCode: 451 });
  });
});

describe('outbox mailer', () => {
  it('writes one .eml per message that the Outbox lists and reads back', async () => {
    const dataDir = tempDir();
    const mailer = createMailer(loadConfig({ HERALD_DATA_DIR: dataDir, MAIL_FROM: 'status@example.com' }));
    expect(await listOutbox(dataDir, 10)).toEqual([]);
    expect(await mailer.send(message('ada@example.com', 'sub-1'))).toEqual({ ok: true });
    // Names start with the time to the millisecond; keep the order unambiguous.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await mailer.send(message('bob@example.com', 'sub-2'))).toEqual({ ok: true });
    await mailer.close();

    expect(readdirSync(outboxDir(dataDir)).filter((name) => name.endsWith('.eml'))).toHaveLength(2);
    const list = await listOutbox(dataDir, 10);
    expect(list.map((entry) => entry.to)).toEqual(['bob@example.com', 'ada@example.com']);
    expect(list[0]!.subject).toBe('[Acme Cloud] Identified: API requests failing');
    expect(list[0]!.size).toBeGreaterThan(1000);
    expect(list[0]!.date).toBeInstanceOf(Date);
    expect(await listOutbox(dataDir, 1)).toHaveLength(1);

    const read = await readOutboxMessage(dataDir, list[1]!.name);
    expect(read).not.toBeNull();
    expect(read!.to).toBe('ada@example.com');
    expect(read!.from).toBe('status@example.com');
    expect(read!.subject).toBe('[Acme Cloud] Identified: API requests failing');
    expect(read!.text).toContain(UNSUBSCRIBE);
    expect(read!.html).toContain('<strong>bad deploy</strong>');
    const header = (name: string): string | undefined => read!.headers.find((h) => h.name.toLowerCase() === name)?.value;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('message-id')).toBe('<update-upd-1.sub-1@status.example.com>');
    expect(header('references')).toBe('<incident-inc-42@status.example.com>');
  });

  it('refuses names that could leave the outbox', async () => {
    const dataDir = tempDir();
    for (const name of ['../secret.eml', '..%2Fx.eml', 'a/b.eml', 'a\\b.eml', '.hidden.eml', 'x.eml.tmp', '/etc/passwd', 'missing.eml']) {
      expect(await readOutboxMessage(dataDir, name), name).toBeNull();
    }
  });
});
